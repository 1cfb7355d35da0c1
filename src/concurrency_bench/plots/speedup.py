"""Plot each experiment's speedup against sync: this machine beside the
article's three published runs.

Speedups, not times, are compared: the article's I/O times were measured over
the internet, these against a local target. Each workload gets its own panel
because their speedups differ in range.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from concurrency_bench import workloads
from concurrency_bench.analysis.article_figures import article_speedups
from concurrency_bench.plots.titles import facts, panels_per_workload
from concurrency_bench.words import format_speedup
from concurrency_bench.workloads.log_axis import readable_log_axis

THIS_MACHINE_COLOR = "#c44e52"
ARTICLE_COLORS = ("#8fa9c9", "#5a7fa8", "#2f4f74")
# Beyond this ratio between the largest and smallest bar, the small bars would
# be invisible on a linear axis.
LOG_SCALE_SPAN = 30


def speedup_rows(summary, article, catalog, machine):
    """Long table: experiment, workload, source (legend label), speedup; no baselines."""
    ours = summary[["experiment", "speedup"]].assign(source=f"this machine ({machine})")
    labels = {key: source["label"] for key, source in article["sources"].items()}
    theirs = article_speedups(article, catalog)
    theirs = theirs[theirs["experiment"].isin(summary["experiment"])]
    theirs = theirs.assign(source=theirs["source"].map(labels))
    rows = pd.concat([ours, theirs[["experiment", "speedup", "source"]]])
    rows = rows[~rows["experiment"].map(lambda e: catalog[e].is_baseline)]
    return rows.assign(workload=rows["experiment"].map(lambda e: catalog[e].workload))


def tick_label(experiment, methods):
    """The experiment over its method: the panel's title already names the workload."""
    return f"{experiment}\n{methods[experiment]}"


def draw_confidence(ax, bars, order, summary):
    """This machine's 95% bootstrap CI on its bars (the first hue), its value
    above the CI."""
    by_experiment = summary.set_index("experiment")
    for bar in bars:
        x = bar.get_x() + bar.get_width() / 2
        # Categories sit at 0, 1, 2...; the hues within ±0.4 of them.
        low, mid, high = by_experiment.loc[
            order[round(x)], ["speedup_ci_low", "speedup", "speedup_ci_high"]
        ]
        if pd.isna(mid):
            continue
        ax.errorbar(x, mid, yerr=[[mid - low], [high - mid]], color="black", capsize=3, lw=1)
        ax.annotate(
            format_speedup(mid),
            (x, high),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )


def draw_panel(ax, rows, order, sources, colors, summary):
    sns.barplot(
        data=rows,
        x="experiment",
        y="speedup",
        order=order,
        ax=ax,
        hue="source",
        hue_order=sources,
        palette=colors,
        legend=False,
    )
    for bars in ax.containers[1:]:
        ax.bar_label(bars, fmt=format_speedup, fontsize=8, padding=3)
    draw_confidence(ax, ax.containers[0], order, summary)
    values = pd.concat([rows["speedup"], summary["speedup_ci_high"]]).dropna()
    if not values.empty and values.max() / values.min() > LOG_SCALE_SPAN:
        ax.set_yscale("log")
        ax.set_ylim(values.min() / 2, values.max() * 3)
        readable_log_axis(ax.yaxis, lambda value: f"{value:g}×")
    else:
        # No speedup at all where no baseline ran (models without the sync loop).
        ax.set_ylim(0, max(1, values.max() if not values.empty else 1) * 1.15)
    ax.axhline(1, color="black", lw=1, ls="--", zorder=0.5)
    ax.set_xlabel("")
    ax.set_ylabel("Speedup vs sync [×]")
    ax.grid(axis="y", alpha=0.3)


def add_legend(fig, colors):
    handles = [plt.Rectangle((0, 0), 1, 1, color=color) for color in colors.values()]
    handles.append(plt.Line2D([], [], color="black", lw=1, ls="--"))
    handles.append(plt.Line2D([], [], color="black", lw=1, marker="_", markersize=8))
    labels = [*colors, "1× = as fast as sync", "95% bootstrap CI"]
    fig.legend(handles, labels, loc="lower center", ncol=6, frameon=False, fontsize=9)


def plot_speedup(summary, article, catalog, output, machine="this machine", python="Python"):
    rows = speedup_rows(summary, article, catalog, machine)
    methods = dict(zip(summary["experiment"], summary["method"], strict=True))
    sources = list(pd.unique(rows["source"]))
    colors = dict(zip(sources, (THIS_MACHINE_COLOR, *ARTICLE_COLORS), strict=False))
    # Per workload, the experiments in the summary's order; a panel's width
    # follows its number of experiments so that all bars are equally wide.
    panels = {
        workload: [e for e in summary["experiment"] if e in set(group["experiment"])]
        for workload, group in rows.groupby("workload")
    }
    names = workloads.order(w for w in summary["workload"] if w in panels)
    fig, axes = panels_per_workload([len(panels[name]) for name in names])
    for ax, name in zip(axes[0], names, strict=False):
        draw_panel(
            ax,
            rows[rows["workload"] == name],
            panels[name],
            sources,
            colors,
            summary[summary["workload"] == name],
        )
        ax.set_xticks(range(len(panels[name])))
        ax.set_xticklabels([tick_label(e, methods) for e in panels[name]], fontsize=8)
        ax.set_title(workloads.label(name))
    if not names:
        axes[0][0].text(0.5, 0.5, "No experiment to compare with sync", ha="center")
        axes[0][0].set_axis_off()
    add_legend(fig, colors)
    fig.suptitle(
        f"Speedup vs sync (sync time / time): this machine ({machine}, ratio of"
        " medians, 95% CI) beside the article's single published runs\n"
        + facts(machine, python, summary["n"]),
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(output, dpi=120)
    plt.close(fig)
