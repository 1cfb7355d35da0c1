"""Plots read at a glance: every title names the machine, the Python and n
(a range when experiments ran different numbers of times); the I/O times on a
log axis; the report's n per experiment right when n differs."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import yaml
from concurrency_bench.analysis.runs import COLUMNS
from concurrency_bench.plots import machine_speedups, parallelism, speedup, times, titles
from concurrency_bench.report.experiment_rows import table_row

from project import REPO
from script_runner import CATALOG
from synthetic import noisy, runs_frame, summary_of, yours

# Adaptive repeats: the short experiments ran more often.
TIMES = {
    "io-bound_sync": noisy(10.0, n=3, seed=1),
    "io-bound_concurrent_1": noisy(0.19, n=10, seed=2),
    "io-bound_concurrent_3": noisy(0.26, n=8, seed=3),
}


def io_runs(times=TIMES, **params):
    runs = runs_frame(times, **params)
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
    assert titles.n_text([5, 5, 5]) == "5"
    assert titles.n_text(pd.Series([3, 10, 8], dtype="Int64")) == "3–10"
    assert titles.n_text([]) == "0"
    assert titles.facts("m", "CPython 3.12.4", [3, 10]) == (
        "machine m · CPython 3.12.4 · n = 3–10 runs per experiment"
    )


def test_times_title_names_machine_python_and_n():
    runs = io_runs()
    summary = summary_of(runs)
    title = times.title(runs, summary[summary["workload"] == "http"], "http")
    assert "machine lab-1" in title
    assert "CPython 3.12.4" in title
    assert "n = 3–10 runs per experiment" in title


def test_io_times_are_on_a_log_axis_that_holds_every_run():
    """0.19 s and 0.26 s runs beside 10 s ones: apart on a log axis."""
    runs = io_runs()
    fig, ax = plt.subplots()
    try:
        times.log_time_axis(ax, runs["elapsed_s"])
        assert ax.get_xscale() == "log"
        low, high = ax.get_xlim()
        assert low < runs["elapsed_s"].min() and runs["elapsed_s"].max() < high
    finally:
        plt.close(fig)


def test_every_plot_is_written_with_different_n(tmp_path):
    runs = io_runs()
    summary = summary_of(runs)
    outputs = {"http": tmp_path / "http.png", "sieve": tmp_path / "sieve.png"}
    for workload, output in outputs.items():  # sieve: none of these runs, a note
        times.plot_times(runs, summary, workload, output)
    article = yaml.safe_load((REPO / "report/article_figures.yaml").read_text())
    speedup_png = tmp_path / "speedup.png"
    speedup.plot_speedup(
        summary, article, CATALOG, speedup_png, machine="lab-1", python="CPython 3.12.4"
    )
    table = summary.assign(
        machine="lab-1",
        cpu_brand="Test CPU 3000",
        usable_cpus=2,
        python="CPython 3.12.4",
        pool_workers="2",
    )
    compared = tmp_path / "machines.png"
    machine_speedups.plot(table, compared)
    for path in [*outputs.values(), speedup_png, compared]:
        assert path.stat().st_size > 0


def test_the_report_gives_each_experiment_its_own_n():
    summary = summary_of(io_runs())
    rows = {row.experiment: table_row(row)["n"] for row in summary.itertuples()}
    assert rows == {experiment: len(times) for experiment, times in TIMES.items()}


# Every workload: the article's two and one of yours, each run's parallelism set.
ALL_TIMES = {
    **TIMES,
    "cpu-bound_sync": noisy(8.0, n=3, seed=4),
    "cpu-bound_parallel_1": noisy(4.2, n=5, seed=5),
    yours("sync"): noisy(5.0, n=3, seed=6),
    yours("threads"): noisy(2.6, n=4, seed=7),
}


def all_runs():
    busy = {name.replace("-", "_").replace("/", "_"): {"parallelism": 1.9} for name in ALL_TIMES}
    return io_runs(ALL_TIMES, **busy)


def test_one_times_plot_per_workload(tmp_path):
    """plot_times(runs, summary, workload, output): one figure of each
    workload's runs, its title naming the workload and what its runs did."""
    runs = all_runs()
    summary = summary_of(runs)
    for workload in ("http", "sieve", "hashing"):
        output = tmp_path / f"times_{workload}.png"
        times.plot_times(runs, summary, workload, output)
        assert output.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    yours_only = summary[summary["workload"] == "hashing"]
    title = times.title(runs[runs["workload"] == "hashing"], yours_only, "hashing")
    assert title.startswith(
        "Your workload `hashing`: time of examples/workloads/hashing.py:task over 64 items"
    )
    assert "n = 3–4 runs per experiment" in title


def test_the_parallelism_plot_is_written_with_a_panel_per_workload(tmp_path):
    """plot_parallelism(runs, summary, output): a panel per workload, titled by
    its label, the y axis from 0 in CPUs busy, the usable CPUs within it."""
    runs = all_runs()
    summary = summary_of(runs)
    output = tmp_path / "parallelism.png"
    parallelism.plot_parallelism(runs, summary, output)
    assert output.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    fig = parallelism.parallelism_figure(runs, summary)
    try:
        titles = [ax.get_title() for ax in fig.axes]
        assert titles == ["I/O-bound", "CPU-bound", "Your workload `hashing`"]
        for ax in fig.axes:
            low, high = ax.get_ylim()
            assert low == 0 and high > 2  # 2 usable CPUs, and runs at 1.9
            assert ax.get_ylabel() == "CPUs busy (CPU s / wall s)"
        title = fig.get_suptitle()
        assert "machine lab-1 · CPython 3.12.4 · n = 3–10 runs per experiment" in title
    finally:
        plt.close(fig)


def test_the_parallelism_plot_without_runs_says_so(tmp_path):
    runs = all_runs().iloc[0:0]
    output = tmp_path / "parallelism.png"
    parallelism.plot_parallelism(runs, summary_of(runs), output)
    assert output.stat().st_size > 0


def test_the_parallelism_plot_of_runs_without_resources(tmp_path):
    """Records without their CPU times (version 2): no bars, still a figure."""
    runs = all_runs().assign(parallelism=float("nan"))
    output = tmp_path / "parallelism.png"
    parallelism.plot_parallelism(runs, summary_of(runs), output)
    assert output.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
