"""src/concurrency_bench/analysis/summary.py: per experiment, the spread of its times, its speedup
against its catalog baseline, its bound and efficiency; on synthetic runs and
records whose answers are known in advance."""

import math

import numpy as np
import pandas as pd
import pytest
from concurrency_bench.analysis import summary as summaries
from concurrency_bench.analysis.runs import runs_table

from script_runner import CATALOG
from synthetic import RESAMPLES, noisy, row_of, runs_frame, summary_of, write_records, yours

# --- on a runs table -------------------------------------------------------------


def test_summary_spread_outliers_and_instability():
    """Median, IQR, CV and Tukey outliers per experiment; the outlier is named by repeat."""
    runs = runs_frame(
        {
            "io-bound_sync": [1.98, 2.0, 2.02, 1.99, 2.01],
            "io-bound_concurrent_1": [5.0, 1.0, 1.0, 1.0, 1.0],
        },
        repeats={"io-bound_concurrent_1": [5, 4, 3, 2, 1]},
    )
    summary = summary_of(runs, max_cv=0.10)
    assert list(summary["experiment"]) == ["io-bound_sync", "io-bound_concurrent_1"]

    stable = row_of(summary, "io-bound_sync")
    assert stable["n"] == 5
    assert stable["median_s"] == pytest.approx(2.0)
    assert stable["iqr_s"] == pytest.approx(0.02)
    assert stable["cv"] == pytest.approx(np.std([1.98, 2.0, 2.02, 1.99, 2.01], ddof=1) / 2.0)
    assert stable["n_outliers"] == 0
    assert stable["outlier_repeats"] == ""
    assert not stable["unstable"]
    assert stable["ci_low_s"] <= stable["median_s"] <= stable["ci_high_s"]

    spread = row_of(summary, "io-bound_concurrent_1")
    assert spread["median_s"] == 1.0
    assert spread["iqr_s"] == 0.0
    assert spread["cv"] == pytest.approx(math.sqrt(3.2) / 1.8)
    assert spread["n_outliers"] == 1
    assert spread["outlier_repeats"] == "5"  # the repeat's label, not its position
    assert spread["unstable"]
    assert spread["ci_low_s"] <= 1.0 <= spread["ci_high_s"]


def test_summary_speedup_is_ratio_of_medians_within_its_ci():
    """speedup = baseline median / median, and its CI brackets it, per workload."""
    runs = runs_frame(
        {
            "io-bound_sync": noisy(10.0, seed=1),
            "io-bound_concurrent_2": noisy(2.0, seed=2),
            "cpu-bound_sync": noisy(6.0, seed=3),
            "cpu-bound_parallel_1": noisy(4.0, seed=4),
        }
    )
    summary = summary_of(runs)
    medians = summary.set_index("experiment")["median_s"]
    expected = {
        "io-bound_sync": 1.0,
        "io-bound_concurrent_2": medians["io-bound_sync"] / medians["io-bound_concurrent_2"],
        "cpu-bound_sync": 1.0,
        "cpu-bound_parallel_1": medians["cpu-bound_sync"] / medians["cpu-bound_parallel_1"],
    }
    for experiment, speedup in expected.items():
        row = row_of(summary, experiment)
        assert row["speedup"] == pytest.approx(speedup)
        assert row["speedup_ci_low"] <= row["speedup"] <= row["speedup_ci_high"]
    assert row_of(summary, "io-bound_concurrent_2")["speedup"] == pytest.approx(5.0, rel=0.02)


def test_summary_takes_each_baseline_from_the_catalog():
    """Every row names its catalog baseline, and its speedup is against that one."""
    runs = runs_frame(
        {"io-bound_sync": [10.0] * 3, "io-bound_sync_2": [5.0] * 3, "cpu-bound_sync": [8.0] * 3}
    )
    summary = summary_of(runs).set_index("experiment")
    for experiment, row in summary.iterrows():
        assert row["baseline"] == CATALOG[experiment].baseline
    assert summary.loc["io-bound_sync_2", "speedup"] == pytest.approx(2.0)


def test_summary_speedup_is_nan_without_a_baseline_run():
    """A workload whose baseline was not run gets no speedup, not a made-up one."""
    summary = summary_of(runs_frame({"io-bound_concurrent_1": [1.0, 1.1, 1.2]}))
    row = row_of(summary, "io-bound_concurrent_1")
    assert math.isnan(row["speedup"])
    assert math.isnan(row["speedup_ci_low"]) and math.isnan(row["speedup_ci_high"])


def test_summary_bounds_and_efficiency():
    """bound_s from the parameters, waves or CPUs, efficiency = bound / median."""
    runs = runs_frame(
        {
            "io-bound_sync": [10.5, 10.6, 10.4],
            "io-bound_concurrent_1": [0.2, 0.2, 0.2],
            "io-bound_concurrent_2": [2.0, 2.0, 2.0],
            "io-bound_concurrent_3": [0.4, 0.5, 0.6],
            "cpu-bound_sync": [8.0, 8.0, 8.0],
            "cpu-bound_parallel_1": [5.0, 5.0, 5.0],
            "cpu-bound_parallel_2": [9.0, 9.0, 9.0],
        },
        cpu_bound_parallel_1={"workers": 4},
        cpu_bound_parallel_2={"workers": 1},
    )
    summary = summary_of(runs).set_index("experiment")
    expected = {  # experiment: (bound_s, waves_or_cpus, median_s)
        "io-bound_sync": (10.0, 100, 10.5),
        "io-bound_concurrent_1": (0.1, 1, 0.2),
        "io-bound_concurrent_2": (1.7, 17, 2.0),
        "io-bound_concurrent_3": (0.1, 1, 0.5),
        "cpu-bound_sync": (8.0, 1, 8.0),
        "cpu-bound_parallel_1": (4.0, 2, 5.0),  # 4 workers, 2 usable CPUs
        "cpu-bound_parallel_2": (8.0, 1, 9.0),  # 1 worker: no parallelism
    }
    for experiment, (bound, scale, median) in expected.items():
        row = summary.loc[experiment]
        assert row["bound_s"] == pytest.approx(bound), experiment
        assert row["waves_or_cpus"] == scale, experiment
        assert row["efficiency"] == pytest.approx(bound / median), experiment
    assert summary.loc["io-bound_concurrent_2", "concurrency"] == 6
    assert summary.loc["cpu-bound_parallel_1", "concurrency"] == 4


def test_summary_bound_is_nan_for_a_real_url():
    """Runs against a real URL (delay unknown) get NaN bound and efficiency."""
    runs = runs_frame(
        {"io-bound_sync": [5.0, 5.1], "io-bound_concurrent_2": [1.0, 1.1]}, delay_s=math.nan
    )
    summary = summary_of(runs)
    assert summary["bound_s"].isna().all()
    assert summary["efficiency"].isna().all()
    assert list(summary["waves_or_cpus"]) == [100, 17]


def test_summary_is_deterministic_for_a_seed():
    """The same runs and seed give the same summary, CIs included."""
    runs = runs_frame(
        {
            "io-bound_sync": noisy(10.0, spread=0.05, seed=5),
            "io-bound_concurrent_1": noisy(0.3, spread=0.05, seed=6),
            "cpu-bound_sync": noisy(6.0, spread=0.05, seed=7),
            "cpu-bound_parallel_1": noisy(3.5, spread=0.05, seed=8),
        }
    )
    pd.testing.assert_frame_equal(summary_of(runs), summary_of(runs))


def test_summary_survives_a_csv_round_trip(tmp_path):
    """summary.csv read back keeps integer columns and the same numbers."""
    runs = runs_frame(
        {"io-bound_sync": [10.0, 10.2, 9.9], "io-bound_concurrent_2": [2.0, 2.1, 1.9]}
    )
    summary_csv = tmp_path / "summary.csv"
    summary_of(runs).to_csv(summary_csv, index=False)
    back = summaries.read_summary(summary_csv)
    assert str(back["waves_or_cpus"].dtype) == "Int64"
    assert list(back["waves_or_cpus"]) == [100, 17]
    pd.testing.assert_series_equal(back["median_s"], summary_of(runs)["median_s"])


# --- on run records, through the runs table ----------------------------------------

KNOWN_TIMES = {
    "io-bound_sync": [11.0, 9.0, 10.0],  # median 10
    "io-bound_concurrent_1": [5.0, 1.0, 4.0, 2.0, 3.0],  # median 3, IQR 4 - 2
    "io-bound_concurrent_3": [2.0, 2.0, 2.0],  # median 2: speedup 10 / 2
    "cpu-bound_parallel_2": [2.0],
    "cpu-bound_sync": [4.0],
}


@pytest.fixture
def known_summary(tmp_path):
    runs = {
        (experiment, repeat): elapsed_s
        for experiment, times in KNOWN_TIMES.items()
        for repeat, elapsed_s in enumerate(times, start=1)
    }
    table = runs_table(write_records(tmp_path / "runs", runs), CATALOG)
    summary = summaries.summarize(table, CATALOG, resamples=RESAMPLES)
    return summary.set_index("experiment")


def test_summary_order_is_http_then_sieve_baseline_first(known_summary):
    """One row per experiment: http before the sieve, each workload's baseline
    first, then in the catalog's order."""
    assert list(known_summary.index) == [
        "io-bound_sync",
        "io-bound_concurrent_1",
        "io-bound_concurrent_3",
        "cpu-bound_sync",
        "cpu-bound_parallel_2",
    ]


def test_summary_spread_on_known_times(known_summary):
    """Times 1, 2, 3, 4, 5: median 3, min 1, max 5, quartiles 2 and 4, IQR 2."""
    row = known_summary.loc["io-bound_concurrent_1"]
    assert row["n"] == 5
    assert row["median_s"] == 3.0
    assert (row["min_s"], row["max_s"]) == (1.0, 5.0)
    assert (row["q1_s"], row["q3_s"], row["iqr_s"]) == (2.0, 4.0, 2.0)
    assert row["mean_s"] == 3.0
    assert row["std_s"] == pytest.approx(math.sqrt(2.5))  # sample std, ddof=1


def test_summary_speedup_is_baseline_median_over_median(known_summary):
    """speedup = median of the baseline's runs / median of the experiment's."""
    speedup = known_summary["speedup"]
    assert speedup["io-bound_concurrent_3"] == pytest.approx(5.0)
    assert speedup["io-bound_concurrent_1"] == pytest.approx(10 / 3)
    assert speedup["io-bound_sync"] == 1.0
    assert speedup["cpu-bound_parallel_2"] == pytest.approx(2.0)
    assert speedup["cpu-bound_sync"] == 1.0


def test_summary_single_run_has_no_spread(known_summary):
    """One run: its time is the median, min and max; the std is NaN, not 0."""
    row = known_summary.loc["cpu-bound_sync"]
    assert (row["n"], row["median_s"], row["min_s"], row["max_s"]) == (1, 4, 4, 4)
    assert math.isnan(row["std_s"])


def test_summary_concurrency_and_errors(known_summary):
    """concurrency: max_workers for http, worker processes for the sieve; errors summed."""
    assert known_summary.loc["io-bound_concurrent_3", "concurrency"] == 10
    assert known_summary.loc["cpu-bound_parallel_2", "concurrency"] == 2
    assert known_summary.loc["cpu-bound_sync", "concurrency"] == 1
    assert (known_summary["errors"] == 0).all()


def test_summary_counts_are_integers(known_summary):
    """The summary's counts are integers (n, concurrency, errors), not floats."""
    for column in ("n", "concurrency", "errors"):
        assert known_summary[column].dtype == "Int64", column


def test_a_median_whose_ci_reaches_beyond_5_percent_is_flagged_even_at_a_low_cv():
    """Tight runs with a few slow ones: a CV under 10%, but the median's CI
    reaches far: the report must name the cause, or say there is none."""
    runs = runs_frame(
        {
            "io-bound_sync": [1.0, 1.0, 1.0, 1.0, 1.0],
            "io-bound_concurrent_1": [0.2, 0.2, 0.2, 0.23, 0.23],
        }
    )
    summary = summaries.summarize(runs, CATALOG, max_cv=0.10, max_ci_halfwidth=0.05)
    summary = summary.set_index("experiment")
    flagged = summary.loc["io-bound_concurrent_1"]
    assert flagged["cv"] < 0.10 and flagged["ci_halfwidth"] > 0.05 and flagged["unstable"]
    assert not summary.loc["io-bound_sync", "unstable"]


# --- parallelism and your workload ---------------------------------------------


def test_summary_parallelism_is_the_median_of_the_successful_runs():
    """parallelism: the median of the ok runs' CPU s / wall s (a failed run's
    left out); client_cpu_share is the same number."""
    runs = runs_frame({"cpu-bound_sync": [8.0] * 3, "cpu-bound_parallel_1": [4.0] * 4})
    pool = runs["experiment"] == "cpu-bound_parallel_1"
    runs.loc[pool, "parallelism"] = [1.8, 1.9, 2.0, 0.1]
    runs.loc[pool & (runs["parallelism"] == 0.1), "outcome"] = "failed"
    summary = summary_of(runs).set_index("experiment")
    row = summary.loc["cpu-bound_parallel_1"]
    assert row["parallelism"] == pytest.approx(1.9)
    assert row["client_cpu_share"] == row["parallelism"]
    assert row["failed"] == 1


def test_summary_csv_has_each_experiments_parallelism(tmp_path):
    """summary.csv from records: parallelism per experiment, as its runs measured."""
    runs = {
        (experiment, 1): elapsed
        for experiment, elapsed in [("io-bound_sync", 2.0), ("cpu-bound_sync", 0.5)]
    }
    table = runs_table(write_records(tmp_path / "runs", runs), CATALOG)
    path = tmp_path / "summary.csv"
    summaries.summarize(table, CATALOG, resamples=RESAMPLES).to_csv(path, index=False)
    summary = summaries.read_summary(path).set_index("experiment")
    # The synthetic records: 0.06 s of CPU each.
    assert summary.loc["io-bound_sync", "parallelism"] == pytest.approx(0.06 / 2.0)
    assert summary.loc["cpu-bound_sync", "parallelism"] == pytest.approx(0.06 / 0.5)
    assert list(summary["workload"]) == ["http", "sieve"]


def test_summary_of_your_workload_carries_its_profile_and_bound():
    """A model of your workload: its tasks, in flight, the profile's facts, and
    the bound max(c·T / CPUs at work, T / W) (+ n · transfer_s for processes)."""
    sync, threads, processes = yours("sync"), yours("threads"), yours("processes")
    runs = runs_frame({sync: [8.0] * 3, threads: [8.1] * 3, processes: [4.2] * 3})
    summary = summary_of(runs).set_index("experiment")
    assert list(summary.index) == [sync, threads, processes]
    assert (summary["workload"] == "hashing").all()
    row = summary.loc[threads]
    assert (row["n_tasks"], row["in_flight"], row["workers"], row["concurrency"]) == (64, 2, 2, 2)
    assert (row["cpu_share"], row["task_s"], row["transfer_s"]) == (1.0, 0.01, 1e-5)
    assert (row["item_bytes"], row["result_bytes"]) == (30.0, 80.0)
    assert row["bound_s"] == pytest.approx(8.0)  # all CPU, under the GIL
    assert summary.loc[processes, "bound_s"] == pytest.approx(8.0 / 2 + 64 * 1e-5)
    assert summary.loc[processes, "waves_or_cpus"] == 2
    assert summary.loc[processes, "speedup"] == pytest.approx(8.0 / 4.2)
