"""Plot each experiment's median time against its peak memory (the PSS of its
whole process tree, src/concurrency_bench/run/sampler.py): a Pareto view, one panel per workload.

An experiment on the front is the fastest for its memory: no other one is
both faster and smaller. The front is drawn as a step line through them; the
others lie above and to the right of it, and are marked lighter.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from concurrency_bench import workloads
from concurrency_bench.analysis.peak_memory import MIB
from concurrency_bench.plots.titles import figure_per_workload
from concurrency_bench.words import format_seconds
from concurrency_bench.workloads.log_axis import readable_log_axis

FRONT_COLOR = "#2f4f74"
OTHER_COLOR = "#9fb3cc"


def pareto_front(points):
    """The rows of `points` (memory_mib, median_s) no other row beats on both,
    by memory."""
    front, fastest = [], float("inf")
    for index, row in points.sort_values(["memory_mib", "median_s"]).iterrows():
        if row["median_s"] < fastest:
            front.append(index)
            fastest = row["median_s"]
    return points.loc[front]


def draw_panel(ax, runs, summary, workload):
    points = summary.assign(memory_mib=summary["memory_peak_kib"].astype(float) / MIB)
    points = points.dropna(subset=["memory_mib", "median_s"])
    front = pareto_front(points)
    others = points.drop(front.index)
    ax.scatter(others["memory_mib"], others["median_s"], color=OTHER_COLOR, s=30, zorder=2)
    ax.scatter(front["memory_mib"], front["median_s"], color=FRONT_COLOR, s=40, zorder=3)
    ax.step(front["memory_mib"], front["median_s"], where="post", color=FRONT_COLOR, lw=1)
    for _, row in points.iterrows():
        ax.annotate(
            row["experiment"].split("/")[-1],
            (row["memory_mib"], row["median_s"]),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=7,
        )
    ax.set_yscale("log")
    # Labels on each decade, and between where the panel spans less than one
    # (the CPU-bound work's 11 to 18 s): in seconds, as the times plots have them.
    readable_log_axis(ax.yaxis, format_seconds)
    ax.set_title(workloads.label(workload))
    ax.set_xlabel("peak memory of the process tree, PSS [MiB]")
    ax.set_ylabel("median time [s] (log)")
    ax.grid(alpha=0.3, which="both")


def memory_figure(runs, summary):
    """The figure of every workload whose runs measured their memory."""
    measured = summary[summary["memory_peak_kib"].notna()] if not summary.empty else summary
    return figure_per_workload(
        runs,
        measured,
        draw_panel,
        "Time against memory: the fastest for their memory on the line (median of the runs)",
        empty="No memory measured in these runs",
    )


def plot_memory(runs, summary, output):
    fig = memory_figure(runs, summary)
    fig.savefig(output, dpi=120)
    plt.close(fig)
