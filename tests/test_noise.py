"""Noise judged per run (src/concurrency_bench/analysis/noise.py, src/concurrency_bench/report/disturbance.py): each
run's disturbance measured from its record, the disturbed ones marked in
runs.csv and, on request, left out of the statistics but listed; the runs of a
too-spread experiment each named with what disturbed them."""

import math

import pytest
from concurrency_bench.analysis import noise
from concurrency_bench.analysis.runs import COLUMNS, read_runs
from concurrency_bench.report import disturbance
from concurrency_bench.report.experiment_rows import unstable_rows

from synthetic import row_of, runs_frame, summary_of

# One sync run disturbed (repeat 3: other processes and steal), one with many
# involuntary context switches (4), one at half the frequency (5).
SYNC = [1.0, 1.02, 1.5, 0.99, 1.01]
NOISE = {
    "noise_other_processes_cpu_s": [0.0, 0.01, 0.6, 0.0, 0.03],
    "noise_steal_s": [0.0, 0.0, 0.1, 0.0, 0.0],
    "ctx_involuntary": [5, 6, 7, 60, 5],
    "noise_cpu_mhz": [2400.0, 2400.0, 2400.0, 2400.0, 1200.0],
}
QUIET = {
    "noise_other_processes_cpu_s": [0.0] * 5,
    "noise_steal_s": [0.0] * 5,
    "ctx_involuntary": [1] * 5,
    "noise_cpu_mhz": [2400.0] * 5,
}


def frame(times, measures):
    """A runs table with every column of runs.csv, outcome ok, and the noise
    `measures` ({column: one value per run, experiments in order})."""
    runs = runs_frame(times)
    missing = [column for column in COLUMNS if column not in runs]
    runs = runs.assign(**dict.fromkeys(missing)).assign(outcome="ok")
    for column, values in measures.items():
        runs[column] = values
    return runs


def two_experiments():
    measures = {column: NOISE[column] + QUIET[column] for column in NOISE}
    return frame({"io-bound_sync": SYNC, "io-bound_concurrent_1": [0.2] * 5}, measures)


def test_disturbance_is_others_cpu_and_steal_per_second_of_the_run():
    """(0.6 s of other processes + 0.1 s steal - 0.02 s of rounding) over a
    1.5 s run is 0.45 of a core; a quiet run is 0; a run without a noise
    block has none."""
    runs = two_experiments()
    runs.loc[9, ["noise_other_processes_cpu_s", "noise_steal_s"]] = None
    marked = noise.mark(runs, max_disturbance=0.05, floor_s=0.02)
    assert marked.loc[2, "disturbance"] == pytest.approx(0.68 / 1.5)
    assert marked.loc[0, "disturbance"] == 0
    assert marked.loc[4, "disturbance"] == pytest.approx(0.01 / 1.01)  # below 5%
    assert math.isnan(marked.loc[9, "disturbance"])
    assert list(marked["disturbed"] != "") == [False, False, True] + [False] * 7
    reason = marked.loc[2, "disturbed"]
    assert "other processes 39% of a core" in reason and "steal 6.7%" in reason
    assert "analysis.max_disturbance" in reason
    assert not marked["excluded"].any()  # marked only, by default


def test_the_floor_takes_tick_rounding_away():
    runs = frame({"io-bound_sync": [0.2]}, {"noise_other_processes_cpu_s": [0.02]})
    assert noise.mark(runs, floor_s=0.02)["disturbance"].iloc[0] == 0
    assert noise.mark(runs, floor_s=0)["disturbance"].iloc[0] == pytest.approx(0.1)


def test_settings_come_from_the_config_with_its_defaults():
    assert noise.settings(None) == {"max_disturbance": 0.05, "floor_s": 0.02, "exclude": False}
    given = {"max_disturbance": 0.2, "noise_floor_s": 0.0, "exclude_disturbed": True}
    assert noise.settings(given) == {"max_disturbance": 0.2, "floor_s": 0.0, "exclude": True}


def test_excluded_runs_leave_the_statistics():
    """With exclude_disturbed the disturbed run counts in no median: n is 4."""
    kept = summary_of(noise.mark(two_experiments()))
    left_out = summary_of(noise.mark(two_experiments(), exclude=True))
    assert row_of(kept, "io-bound_sync")["n"] == 5
    assert row_of(left_out, "io-bound_sync")["n"] == 4
    assert row_of(left_out, "io-bound_sync")["max_s"] == 1.02
    assert row_of(left_out, "io-bound_concurrent_1")["n"] == 5


def test_runs_csv_keeps_the_marks(tmp_path):
    """disturbed (text) and excluded (boolean) survive runs.csv, and the report
    lists each excluded run from it: never left out silently."""
    path = tmp_path / "runs.csv"
    noise.mark(two_experiments(), exclude=True).to_csv(path, index=False)
    runs = read_runs(path)
    assert runs["excluded"].dtype == "boolean"
    assert row_of(summary_of(runs), "io-bound_sync")["n"] == 4
    listed = disturbance.disturbed_rows(runs)
    assert [(row["experiment"], row["repeat"], row["excluded"]) for row in listed] == [
        ("io-bound_sync", 3, True)
    ]
    assert "other processes" in listed[0]["reason"]


def test_spread_runs_are_each_named_with_their_measured_cause():
    runs = noise.mark(two_experiments())
    summary = summary_of(runs, max_cv=0.05)
    rows = unstable_rows(summary, runs, {"noise_floor_s": 0.02})
    assert [row["experiment"] for row in rows] == ["io-bound_sync"]
    row = rows[0]
    assert row["load"] == "0.20–0.20"
    cause = row["cause"]
    assert "repeat 3 (1.5 s): steal 6.7% of a core; other processes 39% of a core" in cause
    assert "repeat 4 (0.99 s): 60 involuntary context switches (median 6)" in cause
    assert "repeat 5 (1.01 s): CPU at 1200 MHz (median 2400 MHz)" in cause
    assert "repeat 1" not in cause
    per_run = {run["repeat"]: run for run in row["runs"]}
    assert len(per_run) == 5
    assert per_run[1]["cause"] == "nothing measured"
    assert per_run[3]["cause"].endswith("(disturbed)")
    assert per_run[3]["others"] == "39%" and per_run[3]["steal"] == "6.7%"


def test_a_spread_without_a_measured_cause_says_so():
    runs = frame({"io-bound_sync": [1.0, 1.5, 1.0, 1.4, 1.0]}, QUIET)
    summary = summary_of(runs, max_cv=0.05)
    (row,) = unstable_rows(summary, noise.mark(runs))
    assert row["cause"] == disturbance.QUIET


def test_records_without_noise_are_not_judged():
    runs = frame({"io-bound_sync": [1.0, 1.5, 1.0]}, {})
    causes = noise.run_causes(noise.mark(runs))
    assert {cause["cause"] for cause in causes} == {"not measured (a record without noise)"}
    assert not any(cause["named"] for cause in causes)


def test_an_experiment_with_every_run_excluded_has_no_statistics():
    """Every run disturbed and excluded: n is 0, no median, no speedup, no crash."""
    runs = two_experiments()
    runs.loc[runs["experiment"] == "io-bound_concurrent_1", "noise_other_processes_cpu_s"] = 0.5
    summary = summary_of(noise.mark(runs, exclude=True))
    gone = row_of(summary, "io-bound_concurrent_1")
    assert gone["n"] == 0
    assert math.isnan(gone["median_s"]) and math.isnan(gone["speedup_ci_low"])
    assert math.isnan(gone["speedup_p"])
