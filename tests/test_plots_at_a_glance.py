"""Plots read at a glance: every title names the machine, the Python and n
(a range when experiments ran different numbers of times); the I/O times on a
log axis; the report's n per experiment right when n differs."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import yaml

from analysis import machines, plot_titles, speedup_plot, times_plot
from analysis.report_tables import kind_tables
from analysis.runs import COLUMNS
from project import REPO
from script_runner import CATALOG
from synthetic import noisy, runs_frame, summary_of

# Adaptive repeats: the short experiments ran more often.
TIMES = {
    "io-bound_sync": noisy(10.0, n=3, seed=1),
    "io-bound_concurrent_1": noisy(0.19, n=10, seed=2),
    "io-bound_concurrent_3": noisy(0.26, n=8, seed=3),
}


def io_runs():
    runs = runs_frame(TIMES)
    missing = [column for column in COLUMNS if column not in runs]
    return runs.assign(**dict.fromkeys(missing)).assign(
        outcome="ok",
        machine="lab-1",
        cpu_brand="Test CPU 3000",
        python_implementation="CPython",
        python_version="3.12.4",
        target_embedded=True,
    )


def test_n_is_one_number_or_a_range():
    assert plot_titles.n_text([5, 5, 5]) == "5"
    assert plot_titles.n_text(pd.Series([3, 10, 8], dtype="Int64")) == "3–10"
    assert plot_titles.n_text([]) == "0"
    assert plot_titles.facts("m", "CPython 3.12.4", [3, 10]) == (
        "machine m · CPython 3.12.4 · n = 3–10 runs per experiment"
    )


def test_times_title_names_machine_python_and_n():
    runs = io_runs()
    summary = summary_of(runs)
    title = times_plot.title(runs, summary[summary["kind"] == "io"], "io")
    assert "machine lab-1" in title
    assert "CPython 3.12.4" in title
    assert "n = 3–10 runs per experiment" in title


def test_io_times_are_on_a_log_axis_that_holds_every_run():
    """0.19 s and 0.26 s runs beside 10 s ones: apart on a log axis."""
    runs = io_runs()
    fig, ax = plt.subplots()
    try:
        times_plot.log_time_axis(ax, runs["elapsed_s"])
        assert ax.get_xscale() == "log"
        low, high = ax.get_xlim()
        assert low < runs["elapsed_s"].min() and runs["elapsed_s"].max() < high
    finally:
        plt.close(fig)


def test_every_plot_is_written_with_different_n(tmp_path):
    runs = io_runs()
    summary = summary_of(runs)
    outputs = {"io": tmp_path / "io.png", "cpu": tmp_path / "cpu.png"}
    times_plot.plot_times(runs, summary, outputs)
    article = yaml.safe_load((REPO / "report/article_figures.yaml").read_text())
    speedup = tmp_path / "speedup.png"
    speedup_plot.plot_speedup(
        summary, article, CATALOG, speedup, machine="lab-1", python="CPython 3.12.4"
    )
    table = summary.assign(
        machine="lab-1",
        cpu_brand="Test CPU 3000",
        usable_cpus=2,
        python="CPython 3.12.4",
        pool_workers="2",
    )
    compared = tmp_path / "machines.png"
    machines.plot(table, compared)
    for path in [*outputs.values(), speedup, compared]:
        assert path.stat().st_size > 0


def test_the_report_gives_each_experiment_its_own_n():
    summary = summary_of(io_runs())
    rows = {row["experiment"]: row["n"] for row in kind_tables(summary)["io"]}
    assert rows == {experiment: len(times) for experiment, times in TIMES.items()}
