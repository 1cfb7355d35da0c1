"""What every plot's title says of the runs behind it: the machine, the Python,
and n, the runs per experiment (a range when experiments had different n)."""

import pandas as pd

from concurrency_bench import workloads
from concurrency_bench.words import distinct, python_names


def n_text(counts):
    """'5', or '3–10' when the counts differ; '0' for none."""
    counts = pd.Series(counts, dtype="Float64").dropna()
    if counts.empty:
        return "0"
    low, high = int(counts.min()), int(counts.max())
    return str(low) if low == high else f"{low}–{high}"


def python_text(runs):
    """'CPython 3.11.7' (several, comma-separated, if the runs differ)."""
    if runs.empty or "python_version" not in runs:
        return "Python unknown"
    return distinct(python_names(runs))


def facts(machine, python, counts, per="experiment"):
    """'machine m · CPython 3.11.7 · n = 5 runs per experiment'."""
    n = n_text(counts)
    return f"machine {machine} · {python} · n = {n} run{'' if n == '1' else 's'} per {per}"


def panels_per_workload(widths):
    """A figure of one panel per workload, side by side; `widths` gives each
    panel's number of experiments, so that every bar is equally wide."""
    import matplotlib.pyplot as plt

    return plt.subplots(
        1,
        max(len(widths), 1),
        figsize=(12, 5.5),
        squeeze=False,
        gridspec_kw={"width_ratios": list(widths) or [1]},
    )


def figure_per_workload(
    runs, summary, draw_panel, title, widths=None, empty="No experiments in these runs"
):
    """A figure of one panel per workload of `summary` (draw_panel(ax, its
    runs, its rows, workload)), titled `title` and the runs' facts; a note
    where there is none. `widths`: a panel's width from its rows (default: alike)."""

    names = workloads.order(summary["workload"]) if not summary.empty else []
    panels = {name: summary[summary["workload"] == name].reset_index(drop=True) for name in names}
    sizes = [widths(panels[name]) if widths else 1 for name in names]
    fig, axes = panels_per_workload(sizes)
    for ax, name in zip(axes[0], names, strict=False):
        draw_panel(ax, runs[runs["workload"] == name], panels[name], name)
    if not names:
        axes[0][0].text(0.5, 0.5, empty, ha="center", va="center")
        axes[0][0].set_axis_off()
    fig.suptitle(
        f"{title}\n" + facts(distinct(runs["machine"]), python_text(runs), summary.get("n", [])),
        fontsize=11,
    )
    fig.tight_layout()
    return fig
