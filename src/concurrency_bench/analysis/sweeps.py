"""Summarize and plot one sweep: per experiment and value of the swept
parameter, the median time with its CI, the speedup against the sync
experiment of the main runs, and the theoretical bound of that point.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns

from concurrency_bench import models, workloads
from concurrency_bench.analysis import best_time, stats
from concurrency_bench.analysis.runs import with_catalog
from concurrency_bench.analysis.start_costs import start_costs
from concurrency_bench.analysis.summary import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    failures,
    run_costs,
    succeeded,
)
from concurrency_bench.record.parameters import sweepable

# The runs.csv column that holds the value each run really used, of each
# parameter a workload declares sweepable (concurrency_bench.core.declarations).
VALUE_COLUMNS = {name: name for name in sweepable()}
# Swept values that are names, not numbers.
NAMED_PARAMS = tuple(name for name, p in sweepable().items() if p.dtype == "string")
# Sweeping these leaves the work the same, so the main runs' sync time is a fair
# baseline; the others (n_requests, delay_s) change the work itself, so for those
# the plot shows efficiency (bound / measured) instead of a speedup.
WORKER_PARAMS = tuple(name for name, p in sweepable().items() if p.same_work)


def wants_cpus(first):
    """Whether each of a point's workers wants a CPU of its own: a pool's
    workers (the record's `workers`: the sieve's, a user's function's) or the
    processes of an HTTP process pool, not threads waiting on requests."""
    return not pd.isna(first["workers"]) or not models.of(first).shares_the_gil


def summarize_sweep(
    runs, main_summary, param, catalog, seed=DEFAULT_SEED, resamples=DEFAULT_RESAMPLES
):
    """One row per experiment and value; speedups against the main runs' baselines."""
    medians = dict(zip(main_summary["experiment"], main_summary["median_s"], strict=True))
    values = runs[VALUE_COLUMNS[param]]
    values = values.astype(str) if param in NAMED_PARAMS else values.astype(float)
    runs = with_catalog(runs, catalog).assign(value=values)
    rows = []
    for (experiment, value), group in runs.groupby(["experiment", "value"], sort=True):
        first = group.iloc[0]
        times = succeeded(group)["elapsed_s"].to_numpy(float)
        described = stats.describe(times, seed, resamples)
        bound, scale = best_time.of_run(
            {**first, "usable_cpus": group["usable_cpus"].min()},
            medians.get(first["baseline"], float("nan")),
        )
        same_work = param in WORKER_PARAMS
        sync_median = medians.get(first["baseline"], float("nan")) if same_work else float("nan")
        cpus = group["usable_cpus"].min()
        # A start method's point runs the main runs' workers.
        workers = group["workers"].max() if param in NAMED_PARAMS else value
        rows.append(
            {
                "experiment": experiment,
                "method": first["method"],
                "workload": first["workload"],
                "baseline": first["baseline"],
                "family": first["family"],
                "kind": first["kind"],
                # The catalog's options: the scale table and the crossover map read them.
                **{name: first[name] for name in workloads.option_names()},
                "param": param,
                "value": value,
                **{k: described[k] for k in ("n", "median_s", "ci_low_s", "ci_high_s", "cv")},
                "speedup": sync_median / described["median_s"],
                "bound_s": bound,
                "waves_or_cpus": scale,
                "bound_speedup": sync_median / bound,
                # A zero delay bounds nothing: no efficiency to speak of.
                "efficiency": bound / described["median_s"] if bound else float("nan"),
                "usable_cpus": cpus,
                "max_workers": group["max_workers"].max(),
                "delay_s": first["delay_s"],
                **failures(group),
                **run_costs(group),
                # Threads or processes beyond the CPUs: allowed, and worth seeing.
                "oversubscribed": bool(
                    param in WORKER_PARAMS and workers > cpus and wants_cpus(first)
                ),
            }
        )
    summary = pd.DataFrame(rows)
    if param == "start_method" and not summary.empty:
        costs_of = start_costs(runs, seed, resamples)
        summary = summary.merge(costs_of, on=["experiment", "value"], how="left")
    return summary


def x_positions(values):
    """Where each value goes on the x axis: itself, or a name's place in order."""
    if pd.api.types.is_numeric_dtype(values):
        return values
    order = {name: i for i, name in enumerate(sorted(values.unique()))}
    return values.map(order)


def plot_sweep(summary, name, output, about=""):
    """`about`: the machine, Python and n under the title (plot_titles.facts)."""
    param = summary["param"].iloc[0]
    fig, (time_ax, speed_ax) = plt.subplots(1, 2, figsize=(12, 5))
    palette = dict(zip(summary["experiment"].unique(), sns.color_palette(), strict=False))
    same_work = param in WORKER_PARAMS
    summary = summary.assign(x=x_positions(summary["value"]))
    for experiment, rows in summary.groupby("experiment"):
        color = palette[experiment]
        label = f"{experiment} ({rows['method'].iloc[0]})"
        time_ax.errorbar(
            rows["x"],
            rows["median_s"],
            marker="o",
            color=color,
            label=label,
            yerr=[rows["median_s"] - rows["ci_low_s"], rows["ci_high_s"] - rows["median_s"]],
            capsize=3,
        )
        time_ax.plot(rows["x"], rows["bound_s"], ls="--", color=color, alpha=0.7)
        if same_work:
            speed_ax.plot(rows["x"], rows["speedup"], marker="o", color=color, label=label)
            speed_ax.plot(rows["x"], rows["bound_speedup"], ls="--", color=color, alpha=0.7)
        else:
            speed_ax.plot(rows["x"], 100 * rows["efficiency"], marker="o", color=color)
    values = summary["value"]
    named = param in NAMED_PARAMS
    ticks = summary.drop_duplicates("x").sort_values("x")
    for ax in (time_ax, speed_ax):
        if not named and values.min() > 0 and values.max() / values.min() >= 10:
            ax.set_xscale("log")
        ax.set_xticks(ticks["x"], [v if named else f"{v:g}" for v in ticks["value"]])
        ax.set_xlabel(param.replace("_s", " [s]") if param == "delay_s" else param)
        ax.grid(alpha=0.3)
        oversubscribed = summary.loc[summary["oversubscribed"], "usable_cpus"]
        if not oversubscribed.empty and not named:
            ax.axvspan(
                oversubscribed.min(),
                values.max() * 1.05,
                color="grey",
                alpha=0.12,
                label=f"more workers than the {oversubscribed.min()} usable CPUs",
            )
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
    labels.append("theoretical bound (best_time.py)")
    time_ax.legend(handles, labels, fontsize=8)
    second = "speedup" if same_work else "efficiency"
    heading = f"Sweep '{name}': time and {second} against {param}"
    fig.suptitle(f"{heading}\n{about}" if about else heading, fontsize=11)
    fig.tight_layout()
    fig.savefig(output, dpi=120)
    plt.close(fig)
