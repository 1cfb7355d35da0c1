"""Summarize the runs table: per experiment, the spread of its times and its
speedup against the sync experiment of the same kind (a ratio of medians).

The article's published times get their speedups from the same function, so
the report and the plots compare like with like.
"""

import math
import sys

import pandas as pd

import bounds
import stats
from aggregate_runs import read_runs
from job_log import logging_to

KIND_ORDER = ("io", "cpu")
KIND_LABELS = {"io": "I/O-bound", "cpu": "CPU-bound"}
INTEGER_COLUMNS = (
    "n", "n_outliers", "concurrency", "errors", "n_requests", "max_workers",
    "workers", "usable_cpus", "n_tasks", "work_items", "waves_or_cpus",
)  # fmt: skip
# The bootstrap's defaults; the workflow passes the config's `analysis` keys.
DEFAULT_SEED = 1
DEFAULT_RESAMPLES = 10_000
# A coefficient of variation above this marks an experiment's runs as too
# spread to trust (config: analysis.max_cv).
DEFAULT_MAX_CV = 0.10


def kind_of(experiment):
    """'io' or 'cpu', from the name's prefix (io-bound_..., cpu-bound_...)."""
    return experiment.split("-bound", 1)[0]


def is_sync(experiment):
    return experiment.endswith("-bound_sync")


def experiment_order(experiments):
    """I/O first, then CPU; within a kind, sync first, then by name."""

    def rank(experiment):
        kind = kind_of(experiment)
        kind_rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
        return kind_rank, not is_sync(experiment), experiment

    return sorted(set(experiments), key=rank)


def speedup_vs_sync(times):
    """sync time / time, per kind; `times` is indexed by experiment name.

    NaN for a kind whose sync experiment is missing.
    """
    sync_times = {
        kind_of(experiment): time
        for experiment, time in times.items()
        if is_sync(experiment)
    }
    return pd.Series(
        {
            exp: sync_times.get(kind_of(exp), math.nan) / time
            for exp, time in times.items()
        },
        dtype=float,
    )


def times_by_experiment(runs):
    """{experiment: its runs' timed regions, seconds}."""
    return {e: g["elapsed_s"].astype(float).to_numpy() for e, g in runs.groupby("experiment")}


def parameters(group):
    """What bounds.py needs of one experiment's runs (the same in each run)."""
    first = group.iloc[0]
    return {
        "n_requests": first["n_requests"],
        "delay_s": first["delay_s"],
        "rtt_s": first["rtt_s"],
        "tls": first["tls"],
        "max_workers": first["max_workers"],
        "workers": first["workers"],
        "usable_cpus": group["usable_cpus"].min(),
        "n_tasks": first["stop"] - first["start"] if first["kind"] == "cpu" else pd.NA,
        "work_items": first["work_items"],
        "concurrency_reason": first["concurrency_reason"],
        "gil_enabled": first["gil_enabled"],
    }


def describe_experiment(group, seed, resamples, max_cv):
    times = group["elapsed_s"].astype(float).to_numpy()
    described = stats.describe(times, seed, resamples)
    outliers = described.pop("outliers")
    first = group.iloc[0]
    return {
        "experiment": first["experiment"],
        "kind": first["kind"],
        "method": first["method"],
        **described,
        "outlier_repeats": " ".join(str(r) for r in group["repeat"].iloc[outliers]),
        "unstable": bool(described["cv"] > max_cv),
        "loadavg_max_before": group["loadavg_1m_before"].max(),
        # max_workers for I/O runs, workers (processes) for CPU runs.
        "concurrency": group["max_workers"].fillna(group["workers"]).max(),
        "errors": group["errors"].sum(),
        **parameters(group),
    }


def add_speedups(summary, times, seed, resamples):
    """speedup = median(sync) / median(method), with its bootstrap CI."""
    summary["speedup"] = speedup_vs_sync(summary.set_index("experiment")["median_s"]).to_numpy()
    sync = {kind_of(e): t for e, t in times.items() if is_sync(e)}
    cis = [
        stats.bootstrap_ratio_ci(sync[kind_of(e)], times[e], seed, resamples)
        if kind_of(e) in sync else (math.nan, math.nan)
        for e in summary["experiment"]
    ]  # fmt: skip
    summary["speedup_ci_low"] = [low for low, _ in cis]
    summary["speedup_ci_high"] = [high for _, high in cis]


def add_bounds(summary):
    """The theoretical bound of each experiment and the efficiency bound/median."""
    sync_median = {
        row.kind: row.median_s for row in summary.itertuples() if is_sync(row.experiment)
    }
    bounds_s, scale = [], []
    for _, row in summary.iterrows():
        bound, waves = bounds.of_run(row, sync_median.get(row["kind"], math.nan))
        bounds_s.append(bound)
        scale.append(waves)
    summary["bound_s"] = bounds_s
    # waves of requests (I/O), or CPUs at work (CPU)
    summary["waves_or_cpus"] = scale
    # A zero bound (no delay) bounds nothing: no efficiency to speak of.
    summary["efficiency"] = (summary["bound_s"] / summary["median_s"]).where(summary["bound_s"] > 0)


def summarize(runs, seed=DEFAULT_SEED, resamples=DEFAULT_RESAMPLES, max_cv=DEFAULT_MAX_CV):
    """One row per experiment, in experiment_order."""
    order = experiment_order(runs["experiment"])
    groups = {e: runs[runs["experiment"] == e] for e in order}
    summary = pd.DataFrame(
        [describe_experiment(groups[e], seed, resamples, max_cv) for e in order]
    )
    times = times_by_experiment(runs)
    if not summary.empty:
        add_speedups(summary, times, seed, resamples)
        add_bounds(summary)
    return summary.astype(
        {c: "Int64" for c in INTEGER_COLUMNS if c in summary}
    )


def article_speedups(article):
    """The article's figures as rows: experiment, source, time_s, speedup."""
    rows = []
    for source in article["sources"]:
        times = pd.Series({
            experiment: figures[source]
            for experiment, figures in article["figures"].items()
            if figures.get(source) is not None
        }, dtype=float)  # fmt: skip
        speedups = speedup_vs_sync(times)
        for experiment, time in times.items():
            rows.append((experiment, source, time, speedups[experiment]))
    return pd.DataFrame(rows, columns=["experiment", "source", "time_s", "speedup"])


def format_seconds(value):
    """About three significant digits, never scientific notation."""
    if pd.isna(value):
        return "–"
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


def format_speedup(value):
    if pd.isna(value):
        return "–"
    digits = 0 if value >= 100 else 1 if value >= 1 else 2
    return f"{value:.{digits}f}×"


def write_summary(runs_csv, output, **analysis):
    summary = summarize(read_runs(runs_csv), **analysis)
    summary.to_csv(output, index=False)
    print(f"{len(summary)} experiments -> {output}", file=sys.stderr)


def read_summary(path):
    """summary.csv, read back with its integer columns intact (and the outlying
    repeats as the text "2 5", not the number 2.0)."""
    dtypes = {c: "Int64" for c in INTEGER_COLUMNS}
    return pd.read_csv(path, dtype={**dtypes, "outlier_repeats": "string"})


if "snakemake" in globals():
    with logging_to(snakemake.log[0]):  # noqa: F821
        analysis = snakemake.params.analysis  # noqa: F821
        write_summary(
            snakemake.input.runs,  # noqa: F821
            snakemake.output.summary,  # noqa: F821
            seed=analysis["bootstrap_seed"],
            resamples=analysis["bootstrap_resamples"],
            max_cv=analysis["max_cv"],
        )
