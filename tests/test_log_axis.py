"""A log axis can be read whatever it spans: labels on each decade it spans,
and between where it spans less than one (the memory plot's CPU-bound panel,
11 to 18 s, had a single label, 10 s)."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from concurrency_bench.plots.memory_front import memory_figure
from concurrency_bench.workloads.log_axis import readable_log_axis


def labels_in_view(low, high):
    fig, ax = plt.subplots()
    ax.plot([1, 2], [low, high])
    ax.set_yscale("log")
    ax.set_ylim(low, high)
    readable_log_axis(ax.yaxis)
    fig.canvas.draw()
    shown = [
        tick.get_text()
        for tick, value in zip(ax.get_yticklabels(), ax.get_yticks(), strict=True)
        if low <= value <= high and tick.get_text()
    ]
    plt.close(fig)
    return shown


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (10.5, 18.5, [str(n) for n in range(11, 19)]),  # less than a decade, no digit of one in it
        (2.5, 9.5, ["3", "4", "5", "6", "7", "8", "9"]),  # less than a decade
        (0.3, 12, ["0.5", "1", "2", "5", "10"]),  # one to three decades: 1, 2, 5
        (0.001, 100, ["0.001", "0.01", "0.1", "1", "10", "100"]),  # beyond: each decade
    ],
)
def test_each_span_has_labels_on_each_decade_and_between(low, high, expected):
    assert labels_in_view(low, high) == expected


def test_the_memory_plots_cpu_bound_panel_is_labelled_between_its_points():
    summary = pd.DataFrame(
        {
            "experiment": ["cpu-bound_sync", "cpu-bound_parallel_1", "cpu-bound_parallel_2"],
            "workload": "sieve",
            "median_s": [10.9, 14.8, 18.3],
            "memory_peak_kib": [32_769, 697_083, 668_283],
        }
    )
    runs = summary.assign(python_implementation="CPython", python_version="3.11.7")
    runs = runs.assign(machine="vm", cpu_model="AMD EPYC")
    fig = memory_figure(runs, summary)
    fig.canvas.draw()
    (ax,) = [ax for ax in fig.axes if ax.get_title() == "CPU-bound"]
    low, high = ax.get_ylim()
    shown = [float(value) for value in ax.get_yticks() if low <= value <= high]
    assert len(shown) >= 3 and min(shown) <= 12 and max(shown) >= 17
    plt.close(fig)
