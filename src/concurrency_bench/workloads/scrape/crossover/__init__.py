"""Where each model wins as a task's CPU share grows: the crossover map.

Fed by the sweeps over the scrape workload's `passes` (each point: every model,
its median time with its 95% CI, its bound, its measured parallelism and its
fetches' latencies). The x axis is measured, not assumed: a point's CPU share
is its sync loop's parallelism, the CPU time of its runs over their wall time
(one worker: the share of a task spent on the CPU, the rest waiting).

At each point the fastest model wins; a model whose CI overlaps the winner's
ties with it. Who wins where, and where two swap places: .order;
the measured facts behind it: .facts.
"""

import pandas as pd

from concurrency_bench.words import format_speedup, percent, with_unit
from concurrency_bench.workloads.scrape.crossover.facts import handed_over_pairs, loop_blocking, why
from concurrency_bench.workloads.scrape.crossover.order import (
    crossings,
    no_crossing,
    rule,
    within_noise,
)

COLUMNS = (
    "sweep",
    "experiment",
    "method",
    "family",
    "kind",
    "cpu_step",
    "passes",
    "cpu_share",
    "n",
    "median_s",
    "ci_low_s",
    "ci_high_s",
    "speedup",
    "bound_s",
    "efficiency",
    "parallelism",
    "latency_p50_s",
    "latency_p99_s",
    "delay_s",
    "failed",
    "failed_reason",
    "fastest",
    "tied_with_fastest",
)


def crossover_table(sweeps):
    """One row per model and point of the sweeps over `passes` (their
    summaries, with a `sweep` column), with the point's measured CPU share,
    the speedup against the point's sync loop and who is fastest there."""
    rows = []
    for (sweep, passes), point in sweeps.groupby(["sweep", "value"], sort=True):
        baseline = point[point["experiment"] == point["baseline"]]
        if baseline.empty:
            continue
        sync = baseline.iloc[0]
        timed = point.dropna(subset=["median_s"])
        fastest = timed.loc[timed["median_s"].idxmin()] if not timed.empty else None
        for row in point.itertuples():
            tied = fastest is not None and not pd.isna(row.median_s)
            tied = (
                tied
                and row.ci_low_s <= fastest["ci_high_s"]
                and fastest["ci_low_s"] <= row.ci_high_s
            )
            rows.append(
                {
                    "sweep": sweep,
                    "experiment": row.experiment,
                    "method": row.method,
                    "family": row.family,
                    "kind": row.kind,
                    "cpu_step": row.cpu_step,
                    "passes": int(passes),
                    "cpu_share": sync["parallelism"],
                    "n": row.n,
                    "median_s": row.median_s,
                    "ci_low_s": row.ci_low_s,
                    "ci_high_s": row.ci_high_s,
                    "speedup": sync["median_s"] / row.median_s,
                    "bound_s": row.bound_s,
                    "efficiency": row.efficiency,
                    "parallelism": row.parallelism,
                    "latency_p50_s": row.latency_p50_s,
                    "latency_p99_s": row.latency_p99_s,
                    "delay_s": row.delay_s,
                    "failed": row.failed,
                    "failed_reason": row.failed_reason,
                    "fastest": fastest is not None and row.experiment == fastest["experiment"],
                    "tied_with_fastest": bool(tied),
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def table(sweeps):
    return crossover_table(sweeps)


def plot(table, machine, output):
    from concurrency_bench.workloads.scrape.crossover.plot import plot_crossover

    shares = table["cpu_share"]
    plot_crossover(
        table,
        f"Fetch, then parse, on {machine}: where each model wins as the "
        f"CPU share of a task grows ({100 * shares.min():.0f}% to {100 * shares.max():.0f}%)",
        output,
    )


def section(path):
    """The report's crossover section: a table of each model's time at each
    point, the crossings, the rule, and the measured facts behind them."""
    table = pd.read_csv(path, dtype={"failed_reason": "string"})
    found = crossings(table)
    points = table.drop_duplicates("passes").sort_values("cpu_share")
    rows = []
    for model, cells in table.groupby("experiment", sort=False):
        at = cells.set_index("passes")
        rows.append(
            {
                "experiment": model,
                "method": cells["method"].iloc[0],
                "cells": [cell_text(at.loc[p]) if p in at.index else "–" for p in points["passes"]],
            }
        )
    return {
        "shares": [percent(share, 1) for share in points["cpu_share"]],
        "passes": points["passes"].tolist(),
        "rows": rows,
        "crossings": [c["sentence"] for c in found if c["clear"]],
        "within_noise": within_noise(found),
        "no_crossing": None if found else no_crossing(table),
        "rule": rule(table, found),
        "why": why(table),
        "blocking": [
            {"pair": pair, "sentences": loop_blocking(table, *pair)}
            for pair in handed_over_pairs(table)
        ],
    }


def cell_text(row):
    if pd.isna(row["median_s"]):
        return f"failed: {row['failed_reason']}"
    mark = "**" if row["fastest"] else ""
    return f"{mark}{with_unit(row['median_s'])}{mark} ({format_speedup(row['speedup'])})"
