"""src/concurrency_bench/analysis/verdicts.py: the catalog's claims, each with a verdict from the runs,
on synthetic runs whose answers are known in advance."""

import numpy as np
import pytest
import yaml
from concurrency_bench.analysis import verdicts

from project import REPO
from script_runner import CATALOG
from synthetic import RESAMPLES, SEED, noisy, runs_frame, summary_of

ARTICLE = yaml.safe_load((REPO / "report/article_figures.yaml").read_text())

ALL_FAST = {
    "io-bound_sync": noisy(10.0, seed=11),
    "io-bound_concurrent_1": noisy(0.2, seed=12),
    "io-bound_concurrent_2": noisy(1.8, seed=13),
    "io-bound_concurrent_3": noisy(0.6, seed=14),  # clearly slower than threads
    "cpu-bound_sync": noisy(8.0, seed=15),
    "cpu-bound_parallel_1": noisy(4.2, seed=16),
    "cpu-bound_parallel_2": noisy(4.2, seed=16),  # the same times as Pool
}
THREADPOOL = "ThreadPoolExecutor is slower than a thread per request (its worker cap)"
GIL = "Threads do not speed up the CPU-bound task (the GIL): at most 5% faster than sync"


def check(runs):
    summary = summary_of(runs)
    table = verdicts.check_claims(runs, summary, ARTICLE, CATALOG, seed=SEED, resamples=RESAMPLES)
    return table.set_index("claim")


def claims_of(experiments):
    """The catalog's claims whose experiments are all among `experiments`, in order."""
    return [
        claim.claim for claim in CATALOG.claims if {claim.faster, *claim.slower} <= set(experiments)
    ]


def test_claims_verdicts_on_clear_and_overlapping_evidence():
    """Clearly faster holds, clearly slower does not hold, identical groups are inconclusive."""
    table = check(runs_frame(ALL_FAST))
    assert list(table.columns) == list(verdicts.COLUMNS[1:])
    # The claims on the article's own experiments, all of which ran.
    assert list(table.index) == claims_of(ALL_FAST)
    assert len(table) == 5
    assert table.loc["Threads speed up I/O over sync", "verdict"] == "holds"
    assert table.loc["Threads speed up I/O over sync", "ratio"] == pytest.approx(
        np.median(ALL_FAST["io-bound_sync"]) / np.median(ALL_FAST["io-bound_concurrent_1"])
    )
    assert table.loc[THREADPOOL, "verdict"] == "holds"
    asyncio_claim = table.loc["asyncio is the fastest I/O method"]
    assert asyncio_claim["verdict"] == "does not hold"
    assert asyncio_claim["ci_high"] < 1
    # The closest competitor (threads) decides the ratio shown.
    assert asyncio_claim["ratio"] == pytest.approx(
        np.median(ALL_FAST["io-bound_concurrent_1"]) / np.median(ALL_FAST["io-bound_concurrent_3"])
    )
    # Why: each method's bound and how close it came.
    assert "asyncio.gather: bound 0.1 s" in asyncio_claim["why"]
    assert "threading.Thread: bound 0.1 s" in asyncio_claim["why"]
    assert table.loc["multiprocessing speeds up the CPU-bound task", "verdict"] == "holds"
    same = table.loc["ProcessPoolExecutor is slower than Pool"]
    assert same["verdict"] == "inconclusive"
    assert same["ci_low"] < 1 < same["ci_high"]


def test_claims_ci_brackets_ratio():
    """Each claim's ratio lies within its own CI."""
    table = check(runs_frame(ALL_FAST))
    assert (table["ci_low"] <= table["ratio"]).all()
    assert (table["ratio"] <= table["ci_high"]).all()


def test_claims_with_one_run_are_inconclusive():
    """One run per experiment never gives a verdict, and `why` says there were too few runs."""
    table = check(runs_frame({e: times[:1] for e, times in ALL_FAST.items()}))
    assert len(table) == 5
    assert (table["verdict"] == "inconclusive").all()
    assert table["why"].str.contains("too few").all()


def test_claims_one_worker_pool_cannot_speed_up():
    """A 1-worker pool on 2 usable CPUs: `why` says no parallel speedup is possible."""
    times = {**ALL_FAST, "cpu-bound_parallel_1": noisy(8.3, seed=20)}
    table = check(runs_frame(times, cpu_bound_parallel_1={"workers": 1}))
    claim = table.loc["multiprocessing speeds up the CPU-bound task"]
    assert claim["verdict"] == "does not hold"
    assert "no parallel speedup possible" in claim["why"]
    assert "1 worker on a 2-CPU machine" in claim["why"]


def test_claims_with_missing_experiments_are_left_out():
    """A claim whose experiments were not all run is not in the table."""
    io_only = {
        e: t
        for e, t in ALL_FAST.items()
        if e != "io-bound_concurrent_3" and CATALOG[e].workload == "http"
    }
    table = check(runs_frame(io_only))
    assert list(table.index) == ["Threads speed up I/O over sync", THREADPOOL]


def test_claims_article_column_from_published_figures():
    """The article column gives slower/faster in each published run, as the report shows."""
    table = check(runs_frame(ALL_FAST))
    assert table.loc["Threads speed up I/O over sync", "article"] == "15.4×, 11.3×, 5.1×"
    # A "fastest" claim: against the closest competitor of each published run.
    assert table.loc["asyncio is the fastest I/O method", "article"] == "1.8×, 4.0×, 12.7×"


def test_the_claims_the_article_never_measured():
    """Threads on the sieve (GIL) and processes on I/O get verdicts of their own."""
    times = {
        **ALL_FAST,
        "cpu-bound_concurrent_1": noisy(8.4, seed=21),  # threads: sync's time, a bit more
        "io-bound_parallel_1": noisy(5.0, seed=22),  # between threads and sync
    }
    table = check(runs_frame(times))
    assert list(table.index) == claims_of(times)
    gil = table.loc[GIL]
    assert gil["verdict"] == "holds"
    assert gil["article"] == "not measured in the article"
    assert "GIL" in gil["why"]
    assert (
        table.loc["Processes on the I/O-bound task are slower than threads", "verdict"] == "holds"
    )
    assert table.loc["... but faster than sync", "verdict"] == "holds"
    faster_threads = check(runs_frame({**times, "cpu-bound_concurrent_1": noisy(4.0, seed=23)}))
    assert faster_threads.loc[GIL, "verdict"] == "does not hold"
