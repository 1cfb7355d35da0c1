"""Plot every repeat's time per experiment, with the median marked.

One figure per workload: the article's I/O and CPU times differ by orders of
magnitude, and so may a user's, so a shared axis would squash one of them. The
time axis is logarithmic: within a workload too, a 0.2 s method beside a 10 s
sync loop would be a smudge at zero.
"""

from textwrap import fill

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import seaborn as sns

from concurrency_bench import workloads
from concurrency_bench.analysis.says import says
from concurrency_bench.plots.titles import n_text, python_text
from concurrency_bench.words import distinct, format_seconds
from concurrency_bench.workloads.log_axis import readable_log_axis

POINT_COLOR = "#4c72b0"


def tasks_of(runs, workload):
    """What one run did, in the article's terms (or the config's, for yours)."""
    return says(workload).tasks(runs)


def title(runs, summary, workload):
    """The workload and its tasks; the machine, CPU, Python and n (the runs each
    median stands on, as the report's `runs` column)."""
    n = n_text(summary["n"])
    return (
        f"{workloads.label(workload)}: time of {tasks_of(runs, workload)}\n"
        f"machine {distinct(runs['machine'])} · {distinct(runs['cpu_brand'])} · "
        f"{python_text(runs)} · n = {n} run{'' if n == '1' else 's'} per experiment"
    )


def log_time_axis(ax, times):
    """A logarithmic time axis, labelled on each decade and between where it
    spans less than one (concurrency_bench.workloads.log_axis), in seconds, with room on the right for the last median's value."""
    times = times[times > 0]
    ax.set_xscale("log")
    if not times.empty:
        ax.set_xlim(times.min() / 1.5, times.max() * 2.5)
    readable_log_axis(ax.xaxis, format_seconds)


def mark_medians(ax, summary):
    """A bar at each experiment's median and its value beside the bar's top.

    The value goes to the right of the bar: centred, it would run past x = 0
    for the fast experiments.
    """
    for position, median in enumerate(summary["median_s"]):
        top, bottom = position - 0.3, position + 0.3  # the y axis runs downwards
        ax.plot([median, median], [top, bottom], color="black", lw=2.5)
        ax.annotate(
            f"median {format_seconds(median)} s",
            xy=(median, top),
            xytext=(4, 0),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=9,
            bbox={"facecolor": "white", "alpha": 0.7, "edgecolor": "none", "pad": 1},
        )


def plot_times(runs, summary, workload, output):
    """Write the figure of one workload's timed runs to `output` (a note if it
    has none: no experiments of it, or every run skipped, and why)."""
    ours = runs[runs["workload"] == workload]
    runs = ours[ours["elapsed_s"].notna()]
    summary = summary[summary["workload"] == workload].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(10, 1.8 + 1.0 * max(len(summary), 1)))
    if runs.empty:
        skipped = ours.loc[ours["outcome"] == "skipped", "outcome_reason"].dropna()
        why = f":\nskipped, {fill(skipped.iloc[0], 90)}" if len(skipped) else " in these runs"
        ax.text(
            0.5,
            0.5,
            f"No timed runs of {workloads.label(workload)}{why}",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
        ax.set_axis_off()
    else:
        labels = summary["experiment"] + "\n" + summary["method"]
        by_experiment = dict(zip(summary["experiment"], labels, strict=True))
        sns.stripplot(
            data=runs.assign(label=runs["experiment"].map(by_experiment)),
            x="elapsed_s",
            y="label",
            order=list(labels),
            ax=ax,
            color=POINT_COLOR,
            size=7,
            alpha=0.7,
            jitter=0.15,
        )
        mark_medians(ax, summary)
        log_time_axis(ax, runs["elapsed_s"].astype(float))
        ax.set_xlabel("Time [s] (log scale)")
        ax.set_ylabel("")
        ax.grid(axis="x", which="both", alpha=0.3)
        ax.set_title(title(runs, summary, workload), fontsize=11, loc="left")
    fig.tight_layout()
    fig.savefig(output, dpi=120)
    plt.close(fig)
