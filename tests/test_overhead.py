"""src/concurrency_bench/analysis/pipeline_cost.py: what the pipeline costs besides the timed regions,
from the jobs' own times."""

import math

import pandas as pd
import pytest
from concurrency_bench.analysis import pipeline_cost


def job(start, finish, elapsed, total, workload="http", startup=0.1, setup=0.5, teardown=0.05):
    return {
        "process_started_at": f"2026-11-25T10:00:{start:06.3f}+00:00",
        "job_finished_at": f"2026-11-25T10:00:{finish:06.3f}+00:00",
        "elapsed_s": elapsed,
        "job_total_s": total,
        "workload": workload,
        "startup_s": startup,
        "setup_s": setup,
        "teardown_s": teardown,
    }


def test_pipeline_overhead_from_job_times():
    """Wall time, timed share, per-job cost and the median gap between jobs, as constructed."""
    runs = pd.DataFrame(
        [  # deliberately not in start order, your workload's job first
            job(31.0, 33.0, 1.0, 2.0, workload="hashing", startup=0.3, setup=0.8, teardown=0.2),
            job(12.0, 20.0, 4.0, 8.0, startup=0.2, setup=2.0, teardown=0.1),
            job(0.0, 10.0, 5.0, 10.0, startup=0.1, setup=1.0, teardown=0.3),
            job(23.0, 30.0, 3.0, 7.0, workload="sieve", startup=0.3, setup=0.5, teardown=0.2),
        ]
    )
    facts = pipeline_cost.pipeline_overhead(runs)
    assert facts["n_jobs"] == 4
    assert facts["wall_s"] == pytest.approx(33.0)
    assert facts["timed_s"] == pytest.approx(13.0)
    assert facts["timed_share"] == pytest.approx(13.0 / 33.0)
    assert facts["between_jobs_s"] == pytest.approx(2.0)  # gaps of 2 s, 3 s and 1 s
    assert facts["per_job_s"] == pytest.approx(4.0)  # 5, 4, 4, 1
    assert facts["startup_s"] == pytest.approx(0.25)
    # The set-up per workload, by its label, the built-in ones first.
    assert facts["setup_s_by_workload"] == {
        "I/O-bound": pytest.approx(1.5),
        "CPU-bound": pytest.approx(0.5),
        "Your workload `hashing`": pytest.approx(0.8),
    }
    assert list(facts["setup_s_by_workload"]) == [
        "I/O-bound",
        "CPU-bound",
        "Your workload `hashing`",
    ]
    assert facts["teardown_s"] == pytest.approx(0.2)
    assert facts["overhead_s"] == pytest.approx(20.0)


def test_pipeline_overhead_of_a_single_job():
    """One job (repeats: 1, one experiment): no gap between jobs, NaN, not a crash."""
    facts = pipeline_cost.pipeline_overhead(pd.DataFrame([job(0.0, 10.0, 5.0, 10.0)]))
    assert facts["wall_s"] == pytest.approx(10.0)
    assert math.isnan(facts["between_jobs_s"])
