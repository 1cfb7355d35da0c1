"""Plot how many CPUs each experiment kept busy: its runs' CPU seconds (the
client's and its workers') per wall second of the timed region, runs.csv's
`parallelism`; the median a bar, every run a dot, the usable CPUs a line.

Measured, not assumed: threads whose task lets go of the GIL rise above 1,
threads that hold it stay at 1 however many they are, processes climb towards
the usable CPUs, and waiting on HTTP stays near 0. One panel per workload, as
their runs share nothing to compare.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from concurrency_bench import workloads
from concurrency_bench.plots.titles import figure_per_workload

BAR_COLOR = "#8fa9c9"
POINT_COLOR = "#2f4f74"
Y_LABEL = "CPUs busy (CPU s / wall s)"


def draw_panel(ax, runs, summary, workload):
    """One workload's experiments: a bar at each median, a dot per run."""
    labels = summary["experiment"] + "\n" + summary["method"]
    order = list(labels)
    medians = summary["parallelism"].astype(float)
    # An unmeasured median (no resources recorded): no bar, no label.
    sns.barplot(x=order, y=medians.fillna(0).to_numpy(), order=order, ax=ax, color=BAR_COLOR)
    # The median inside its bar: above it, the dots would cover it.
    values = ["" if pd.isna(median) else f"{median:.2f}" for median in medians]
    ax.bar_label(ax.containers[0], labels=values, fontsize=8, label_type="center")
    by_experiment = dict(zip(summary["experiment"], labels, strict=True))
    sns.stripplot(
        data=runs.assign(label=runs["experiment"].map(by_experiment)),
        x="label",
        y="parallelism",
        order=order,
        ax=ax,
        color=POINT_COLOR,
        size=5,
        alpha=0.7,
        jitter=0.15,
    )
    cpus = summary["usable_cpus"].dropna().astype(float)
    if not cpus.empty:
        ax.axhline(cpus.max(), color="black", lw=1, ls="--", zorder=0.5)
        ax.annotate(
            f"{cpus.max():g} usable CPUs",
            (0, cpus.max()),
            xycoords=("axes fraction", "data"),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=8,
        )
    # From 0, up to the highest run or the CPUs' line (NaN skipped).
    top = pd.concat([runs["parallelism"].astype(float), cpus]).max()
    ax.set_ylim(0, (top if top > 0 else 1) * 1.15)
    ax.set_title(workloads.label(workload))
    ax.set_xlabel("")
    ax.set_ylabel(Y_LABEL)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="y", alpha=0.3)


def parallelism_figure(runs, summary):
    """The figure of every workload's experiments (a note if there are none)."""
    return figure_per_workload(
        runs,
        summary,
        draw_panel,
        "Parallelism: the CPUs each experiment kept busy (median bar, every run a dot)",
        widths=len,
    )


def plot_parallelism(runs, summary, output):
    """Write parallelism_figure to `output`."""
    fig = parallelism_figure(runs, summary)
    fig.savefig(output, dpi=120)
    plt.close(fig)
