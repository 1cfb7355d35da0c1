"""The scale study in one figure: time against requests (log-log, the bound
dashed, failures marked), the client's CPU per request, the memory per request
in flight, and the p99 latency, one line per method."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import seaborn as sns

from concurrency_bench.workloads.log_axis import readable_log_axis

PANELS = (
    ("median_s", "Time [s] (median; dashed: bound; ×: failed)", True),
    ("cpu_ms_per_request", "Client CPU per request [ms]", False),
    ("kib_per_in_flight", "Memory per request in flight [KiB]", False),
    ("latency_p99_s", "p99 latency [s]", True),
)


def plot_scale(table, title, output):
    methods = list(dict.fromkeys(table["method"]))
    palette = dict(zip(methods, sns.color_palette(n_colors=max(len(methods), 1)), strict=True))
    fig, axes = plt.subplots(2, 2, figsize=(12, 9))
    for ax, (column, label, log_y) in zip(axes.flat, PANELS, strict=True):
        for method, rows in table.groupby("method", sort=False):
            ok = rows[rows["status"] == "ok"]
            ax.plot(ok["n_requests"], ok[column], marker="o", color=palette[method], label=method)
            if column == "median_s":
                ax.plot(
                    rows["n_requests"], rows["bound_s"], ls="--", color=palette[method], alpha=0.6
                )
                failed = rows[rows["status"] == "failed"]
                ax.scatter(
                    failed["n_requests"], failed["bound_s"], marker="x", s=80, color=palette[method]
                )
        ax.set_xscale("log")
        readable_log_axis(ax.xaxis)
        if log_y:
            ax.set_yscale("log")
            readable_log_axis(ax.yaxis)
        else:
            ax.set_ylim(bottom=0)
        ax.set_xlabel("Requests per run (n_requests)")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3, which="both")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(output, dpi=120)
    plt.close(fig)
