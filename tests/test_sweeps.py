"""src/concurrency_bench/analysis/sweeps.py: one sweep's points, each with its workload's bound, and
the points whose workers outnumber the CPUs they each want."""

import pandas as pd
import pytest
from concurrency_bench.analysis import sweeps

from synthetic import CATALOG, RESAMPLES, SEED, runs_frame, summary_of, yours


def points(experiment, param, values, seconds):
    """The runs of a sweep of `param` over `values`, 3 each; `seconds(value)` each."""
    key = experiment.replace("-", "_").replace("/", "_")
    columns = {"in_flight": ["in_flight", "workers"]}.get(param, [param])
    frames = [
        runs_frame({experiment: [seconds(value)] * 3}, **{key: dict.fromkeys(columns, value)})
        for value in values
    ]
    return pd.concat(frames, ignore_index=True)


def sweep(runs, main, param):
    table = sweeps.summarize_sweep(runs, main, param, CATALOG, seed=SEED, resamples=RESAMPLES)
    return table.set_index("value")


def test_a_sweep_over_in_flight_of_your_threads():
    """Your workload's threads, 1 to 4 in flight: the workload's bound at each
    point (all CPU under the GIL: the sync loop's time), the speedup against
    the main runs' sync loop, and more threads than CPUs marked."""
    threads = yours("threads")
    main = summary_of(runs_frame({yours("sync"): [8.0] * 3}))
    table = sweep(points(threads, "in_flight", [1, 2, 4], lambda n: 8.2), main, "in_flight")
    assert list(table.index) == [1.0, 2.0, 4.0]
    assert (table["workload"] == "hashing").all()
    assert table["bound_s"].tolist() == pytest.approx([8.0] * 3)
    assert table["speedup"].tolist() == pytest.approx([8.0 / 8.2] * 3)
    assert table["oversubscribed"].tolist() == [False, False, True]


def test_waiting_threads_are_never_oversubscribed():
    """ThreadPoolExecutor on HTTP requests: 8 threads on 2 CPUs wait, they do
    not compete for the CPUs."""
    main = summary_of(runs_frame({"io-bound_sync": [10.0] * 3}))
    runs = points("io-bound_concurrent_2", "max_workers", [2, 8], lambda n: 10.0 / n)
    table = sweep(runs, main, "max_workers")
    assert (table["workload"] == "http").all()
    assert table["bound_s"].tolist() == pytest.approx([5.0, 1.3])  # ceil(100 / W) waves of 0.1 s
    assert not table["oversubscribed"].any()
