"""Plot the speedup against sync of every experiment measured on more than one
machine (concurrency_bench.analysis.across_machines's table), a bar per machine."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from concurrency_bench import workloads
from concurrency_bench.plots.titles import facts, n_text
from concurrency_bench.words import distinct


def plot(table, output):
    """Speedup against sync per experiment, one bar per machine; only the
    experiments measured on more than one machine, where there is a comparison."""
    table = table[table["experiment"] != table["baseline"]].dropna(subset=["speedup"])
    shared = table.groupby("experiment")["machine"].transform("nunique") > 1
    if shared.any():
        table = table[shared]
    # A panel per workload (one empty panel without any).
    panels = workloads.order(table["workload"]) or [None]
    machines = list(pd.unique(table["machine"]))
    palette = dict(zip(machines, sns.color_palette(n_colors=max(len(machines), 1)), strict=False))
    fig, axes = plt.subplots(1, len(panels), figsize=(12, 5.5), squeeze=False)
    for ax, workload in zip(axes[0], panels, strict=True):
        rows = table[table["workload"] == workload]
        if rows.empty:
            ax.set_axis_off()
            continue
        sns.barplot(
            data=rows,
            x="experiment",
            y="speedup",
            hue="machine",
            hue_order=machines,
            palette=palette,
            ax=ax,
            legend=False,
        )
        if len(machines) <= 3:  # more labels would overlap
            for bars in ax.containers:
                ax.bar_label(bars, fmt="%.2g×", fontsize=8, padding=2)
        ax.axhline(1, color="black", lw=1, ls="--", zorder=0.5)
        ax.set_ylim(0, max(rows["speedup"].max() * 1.2, 1.2))
        ax.set_title(workloads.label(workload))
        ax.set_xlabel("")
        ax.set_ylabel("Speedup vs sync [×] (ratio of medians)")
        ax.tick_params(axis="x", labelsize=9, rotation=20)
    described = table.drop_duplicates("machine").set_index("machine")
    handles = [plt.Rectangle((0, 0), 1, 1, color=palette[m]) for m in machines]
    labels = [
        f"{m}: {described.loc[m, 'cpu_brand']}, {described.loc[m, 'usable_cpus']} CPUs, "
        f"{described.loc[m, 'python']}, pools of {described.loc[m, 'pool_workers']}, "
        f"n = {n_text(table.loc[table['machine'] == m, 'n'])}"
        for m in machines
    ]
    fig.legend(handles, labels, loc="lower center", ncol=2, frameon=False, fontsize=8)
    fig.suptitle(
        "Speedup against sync on each machine in results/\n"
        + facts(", ".join(machines), distinct(table["python"]), table["n"]),
        fontsize=11,
    )
    fig.tight_layout(rect=(0, 0.05 + 0.035 * ((len(machines) + 1) // 2), 1, 1))
    fig.savefig(output, dpi=120)
    plt.close(fig)
