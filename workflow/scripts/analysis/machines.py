"""Set the machines found in results/ side by side: medians and speedups per
experiment, each machine described by its hardware and Python.

A machine label whose runs were measured on different hardware (or Pythons)
is not compared: its row says what differs instead.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from analysis.formatting import distinct, python_names
from analysis.plot_titles import facts, n_text
from analysis.runs import read_runs
from analysis.summary import read_summary
from bench import workloads

# What must agree between the runs of one machine label.
HARDWARE = {
    "cpu_brand": "CPU",
    "cpuinfo_count": "cores",
    "usable_cpus": "usable CPUs",
    "memory_total_bytes": "memory",
    "python_implementation": "Python implementation",
    "python_version": "Python",
    "implementation_version": "implementation version",
    # A free-threaded build changes exactly what these experiments measure.
    "gil_enabled": "GIL",
}
# The numbers of one machine's summary, blanked where its runs mix hardware.
NUMBERS = ["n", "median_s", "ci_low_s", "ci_high_s", "speedup", "speedup_ci_low", "speedup_ci_high"]
COLUMNS = (
    "machine",
    "experiment",
    "workload",
    "method",
    "baseline",
    *NUMBERS,
    "concurrency",
    "cpu_brand",
    "cores",
    "usable_cpus",
    "python",
    "pool_workers",
    "partition",
    "mixed",
)


def hardware_of(runs):
    """(description, mixed): the machine's hardware, or what differs."""
    differing = [
        f"{label}: {' / '.join(map(str, pd.unique(runs[column].dropna())))}"
        for column, label in HARDWARE.items()
        if column in runs and runs[column].nunique() > 1
    ]
    first = runs.iloc[0]
    described = {
        "cpu_brand": first["cpu_brand"],
        "cores": first["cpuinfo_count"],
        "usable_cpus": first["usable_cpus"],
        "python": python_names(runs).iloc[0],
        "pool_workers": ", ".join(
            map(str, pd.unique(runs.loc[runs["method"] != "sync", "workers"].dropna()))
        ),
        # The SLURM partition(s) its runs were jobs on (runs.csv before it: none).
        "partition": distinct(runs.get("slurm_partition", pd.Series(dtype=object))),
    }
    return described, "; ".join(differing)


def machine_rows(machine, runs, summary):
    described, mixed = hardware_of(runs)
    rows = summary.assign(machine=machine, mixed=mixed, **described)
    if mixed:  # never present numbers of different hardware as one machine's
        rows[NUMBERS] = pd.NA
    return rows[list(COLUMNS)]


def compare(machines, runs_csvs, summary_csvs):
    tables = [
        machine_rows(machine, read_runs(runs), read_summary(summary))
        for machine, runs, summary in zip(machines, runs_csvs, summary_csvs, strict=True)
    ]
    return pd.concat(tables, ignore_index=True)


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
