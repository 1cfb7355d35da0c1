"""Summarize and plot one sweep: per experiment and value of the swept
parameter, the median time with its CI, the speedup against the sync
experiment of the main runs, and the theoretical bound of that point.
"""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

import bounds
import stats
from aggregate_runs import runs_table
from job_log import logging_to
from summarize import DEFAULT_RESAMPLES, DEFAULT_SEED, read_summary

# The runs.csv column that holds the value each run really used.
VALUE_COLUMNS = {
    "workers": "workers",
    "max_workers": "max_workers",
    "n_requests": "n_requests",
    "delay_s": "delay_s",
}
# Sweeping these leaves the work the same, so the main runs' sync time is a fair
# baseline; n_requests and delay_s change the work itself, so for those the
# plot shows efficiency (bound / measured) instead of a speedup.
WORKER_PARAMS = ("workers", "max_workers")


def summarize_sweep(runs, main_summary, param, seed=DEFAULT_SEED, resamples=DEFAULT_RESAMPLES):
    """One row per experiment and value."""
    sync = main_summary[main_summary["experiment"].str.endswith("-bound_sync")]
    sync_medians = dict(zip(sync["kind"], sync["median_s"], strict=True))
    runs = runs.assign(value=runs[VALUE_COLUMNS[param]].astype(float))
    rows = []
    for (experiment, value), group in runs.groupby(["experiment", "value"], sort=True):
        first = group.iloc[0]
        described = stats.describe(group["elapsed_s"].to_numpy(float), seed, resamples)
        bound, scale = bounds.of_run(
            {**first, "usable_cpus": group["usable_cpus"].min()},
            sync_medians.get(first["kind"], float("nan")),
        )
        same_work = param in WORKER_PARAMS
        sync_median = sync_medians.get(first["kind"], float("nan")) if same_work else float("nan")
        cpus = group["usable_cpus"].min()
        rows.append({
            "experiment": experiment, "method": first["method"], "kind": first["kind"],
            "param": param, "value": value,
            **{k: described[k] for k in ("n", "median_s", "ci_low_s", "ci_high_s", "cv")},
            "speedup": sync_median / described["median_s"],
            "bound_s": bound, "waves_or_cpus": scale,
            "bound_speedup": sync_median / bound,
            # A zero delay bounds nothing: no efficiency to speak of.
            "efficiency": bound / described["median_s"] if bound else float("nan"),
            "usable_cpus": cpus,
            # Threads or processes beyond the CPUs: allowed, and worth seeing.
            "oversubscribed": bool(
                param in WORKER_PARAMS and value > cpus
                and (first["kind"] == "cpu" or first["method"] == "ProcessPoolExecutor")
            ),
        })  # fmt: skip
    return pd.DataFrame(rows)


def plot_sweep(summary, name, output):
    param = summary["param"].iloc[0]
    fig, (time_ax, speed_ax) = plt.subplots(1, 2, figsize=(12, 5))
    palette = dict(zip(summary["experiment"].unique(), sns.color_palette(), strict=False))
    same_work = param in WORKER_PARAMS
    for experiment, rows in summary.groupby("experiment"):
        color = palette[experiment]
        label = f"{experiment} ({rows['method'].iloc[0]})"
        time_ax.errorbar(
            rows["value"], rows["median_s"], marker="o", color=color, label=label,
            yerr=[rows["median_s"] - rows["ci_low_s"], rows["ci_high_s"] - rows["median_s"]],
            capsize=3,
        )  # fmt: skip
        time_ax.plot(rows["value"], rows["bound_s"], ls="--", color=color, alpha=0.7)
        if same_work:
            speed_ax.plot(rows["value"], rows["speedup"], marker="o", color=color, label=label)
            speed_ax.plot(rows["value"], rows["bound_speedup"], ls="--", color=color, alpha=0.7)
        else:
            speed_ax.plot(rows["value"], 100 * rows["efficiency"], marker="o", color=color)
    values = summary["value"]
    for ax in (time_ax, speed_ax):
        if values.min() > 0 and values.max() / values.min() >= 10:
            ax.set_xscale("log")
        ax.set_xticks(sorted(values.unique()), [f"{v:g}" for v in sorted(values.unique())])
        ax.set_xlabel(param.replace("_s", " [s]") if param == "delay_s" else param)
        ax.grid(alpha=0.3)
        oversubscribed = summary.loc[summary["oversubscribed"], "usable_cpus"]
        if not oversubscribed.empty:
            ax.axvspan(oversubscribed.min(), values.max() * 1.05, color="grey", alpha=0.12,
                       label=f"more workers than the {oversubscribed.min()} usable CPUs")  # fmt: skip
    time_ax.set_ylabel("Time [s] (median, 95% CI; dashed: bound)")
    time_ax.set_ylim(bottom=0)
    if same_work:
        speed_ax.set_ylabel("Speedup vs the main runs' sync [×] (dashed: bound)")
        speed_ax.axhline(1, color="black", lw=1, ls=":")
    else:
        speed_ax.set_ylabel("Efficiency: bound / measured [%]")
        speed_ax.axhline(100, color="black", lw=1, ls=":")
    speed_ax.set_ylim(bottom=0)
    handles, labels = time_ax.get_legend_handles_labels()
    handles.append(plt.Line2D([], [], color="grey", ls="--"))
    labels.append("theoretical bound (bounds.py)")
    time_ax.legend(handles, labels, fontsize=8)
    second = "speedup" if same_work else "efficiency"
    fig.suptitle(f"Sweep '{name}': time and {second} against {param}", fontsize=11)
    fig.tight_layout()
    fig.savefig(output, dpi=120)
    plt.close(fig)


if "snakemake" in globals():
    with logging_to(snakemake.log[0]):  # noqa: F821
        analysis = snakemake.params.analysis  # noqa: F821
        summary = summarize_sweep(
            runs_table(snakemake.input.records),  # noqa: F821
            read_summary(snakemake.input.summary),  # noqa: F821
            snakemake.params.sweep["param"],  # noqa: F821
            seed=analysis["bootstrap_seed"],
            resamples=analysis["bootstrap_resamples"],
        )
        summary.to_csv(snakemake.output.summary, index=False)  # noqa: F821
        plot_sweep(summary, snakemake.wildcards.sweep, snakemake.output.plot)  # noqa: F821
        print(f"{len(summary)} points -> {snakemake.output.summary}", file=sys.stderr)  # noqa: F821
