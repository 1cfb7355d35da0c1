"""The crossover map in one figure: each model's time (median, 95% CI; its
bound dashed) and its speedup over the sync loop, against the measured CPU
share of a task, one line per model."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import seaborn as sns

from concurrency_bench.workloads.log_axis import readable_log_axis


def plot_crossover(table, title, output):
    models = list(dict.fromkeys(table["experiment"]))
    palette = dict(zip(models, sns.color_palette(n_colors=max(len(models), 1)), strict=True))
    fig, (time_ax, speed_ax) = plt.subplots(1, 2, figsize=(13, 6.5))
    for model, rows in table.sort_values("cpu_share").groupby("experiment", sort=False):
        color, share = palette[model], 100 * rows["cpu_share"]
        label = f"{model} ({rows['method'].iloc[0]})"
        time_ax.errorbar(
            share,
            rows["median_s"],
            yerr=[rows["median_s"] - rows["ci_low_s"], rows["ci_high_s"] - rows["median_s"]],
            marker="o",
            capsize=3,
            color=color,
            label=label,
        )
        time_ax.plot(share, rows["bound_s"], ls="--", color=color, alpha=0.6)
        speed_ax.plot(share, rows["speedup"], marker="o", color=color, label=label)
        failed = rows[rows["failed"] > 0]
        time_ax.scatter(100 * failed["cpu_share"], failed["bound_s"], marker="x", s=80, color=color)
    for ax in (time_ax, speed_ax):
        ax.set_xlabel("CPU share of a task [%] (measured: the sync loop's CPU time / wall time)")
        ax.grid(alpha=0.3)
    time_ax.set_yscale("log")
    readable_log_axis(time_ax.yaxis)
    time_ax.set_ylabel("Time [s] (median, 95% CI; dashed: bound; ×: failed)")
    speed_ax.set_ylabel("Speedup over the sync loop at the same share [×]")
    speed_ax.axhline(1, color="black", lw=1, ls=":")
    speed_ax.set_ylim(bottom=0)
    handles, labels = time_ax.get_legend_handles_labels()
    handles.append(plt.Line2D([], [], color="grey", ls="--"))
    labels.append("bound (src/concurrency_bench/workloads/scrape/)")
    # Below the panels: the lines cross over the whole of both.
    fig.legend(handles, labels, fontsize=8, loc="lower center", ncol=2, frameon=False)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=(0, 0.14, 1, 1))
    fig.savefig(output, dpi=120)
    plt.close(fig)
