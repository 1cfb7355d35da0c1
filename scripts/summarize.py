"""Summarize the runs table: per experiment, the spread of its times and its
speedup against the sync experiment of the same kind (a ratio of medians).

The article's published times get their speedups from the same function, so
the report and the plots compare like with like.
"""

import math
import sys

import pandas as pd

from aggregate_runs import read_runs

KIND_ORDER = ("io", "cpu")
KIND_LABELS = {"io": "I/O-bound", "cpu": "CPU-bound"}
COLUMNS = (
    "experiment", "kind", "method", "n", "median_s", "min_s", "max_s", "q1_s",
    "q3_s", "iqr_s", "mean_s", "std_s", "concurrency", "errors", "speedup",
)  # fmt: skip


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


def describe_times(times):
    q1, q3 = times.quantile([0.25, 0.75])
    return {
        "n": len(times),
        "median_s": times.median(),
        "min_s": times.min(),
        "max_s": times.max(),
        "q1_s": q1,
        "q3_s": q3,
        "iqr_s": q3 - q1,
        "mean_s": times.mean(),
        "std_s": times.std(),  # NaN with one run: no spread to speak of
    }


def summarize(runs):
    """One row per experiment, in experiment_order."""
    # max_workers for I/O runs, workers (processes) for CPU runs.
    concurrency = runs["max_workers"].fillna(runs["workers"])
    rows = []
    for experiment in experiment_order(runs["experiment"]):
        mine = runs["experiment"] == experiment
        first = runs[mine].iloc[0]
        rows.append({
            "experiment": experiment,
            "kind": first["kind"],
            "method": first["method"],
            **describe_times(runs.loc[mine, "elapsed_s"].astype(float)),
            "concurrency": concurrency[mine].max(),
            "errors": runs.loc[mine, "errors"].sum(),
        })  # fmt: skip
    summary = pd.DataFrame(rows, columns=list(COLUMNS[:-1]))
    summary["speedup"] = speedup_vs_sync(
        summary.set_index("experiment")["median_s"]
    ).to_numpy()
    return summary.astype({"n": "Int64", "concurrency": "Int64", "errors": "Int64"})


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


def write_summary(runs_csv, output):
    summary = summarize(read_runs(runs_csv))
    summary.to_csv(output, index=False)
    print(f"{len(summary)} experiments -> {output}", file=sys.stderr)


if "snakemake" in globals():
    with open(snakemake.log[0], "w") as log:  # noqa: F821
        sys.stderr = log
        write_summary(snakemake.input.runs, snakemake.output.summary)  # noqa: F821
