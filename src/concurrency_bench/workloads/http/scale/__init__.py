"""The I/O methods at scale: every sweep over n_requests, side by side.

Per method and request count: the median time or the failure that ended the
run, the bound, the efficiency, the client's CPU per request, the memory per
request in flight, the p99 latency, and the target's CPU share (to show it was
not the bottleneck). A method that was not run at a count (the sync loops at
10,000 requests would take 1,000 s) gets its bound instead. Wherever two
methods swap places between two counts, one sentence says so.
"""

import itertools
import math

import pandas as pd

from concurrency_bench import models
from concurrency_bench.models.in_flight import io_bound_s
from concurrency_bench.words import format_seconds, percent

COLUMNS = [
    "experiment",
    "method",
    "n_requests",
    "status",
    "median_s",
    "ci_low_s",
    "ci_high_s",
    "bound_s",
    "efficiency",
    "cpu_ms_per_request",
    "client_cpu_share",
    "kib_per_in_flight",
    "latency_p99_s",
    "target_cpu_share",
    "failed_reason",
]


def in_flight_at(rows, n_requests):
    """W of a method at a request count it was not run at, from where it was."""
    first = rows.iloc[0]
    if models.of(first).is_sync:
        return 1
    # Its catalog options: a thread per request, or a pool sized to them.
    if first.get("at_once") == "per_request" or first.get("pool_size") == "n_requests":
        return n_requests
    observed = rows.sort_values("value")["max_workers"].dropna()
    if first.get("at_once") == "connections" and (observed >= rows["value"]).all():
        return n_requests  # no cap seen: one connection per request
    return min(n_requests, int(observed.iloc[-1])) if len(observed) else n_requests


def scale_table(sweeps):
    """One row per method and request count of every n_requests sweep (a
    concatenation of sweep summaries), the counts none of a method's sweeps
    covered filled with their bound."""
    points = sweeps[sweeps["param"] == "n_requests"]
    counts = sorted(points["value"].astype(int).unique())
    rows = []
    for experiment, measured in points.groupby("experiment", sort=False):
        by_count = {int(v): row for v, row in zip(measured["value"], measured.itertuples())}
        for n in counts:
            row = by_count.get(n)
            if row is None:
                delay = measured["delay_s"].iloc[0]
                bound = io_bound_s(n, delay, in_flight_at(measured, n))[0]
                method = measured["method"].iloc[0]
                rows.append(
                    {"experiment": experiment, "method": method, "n_requests": n}
                    | {"status": "not run", "bound_s": bound}
                )
                continue
            rows.append(
                {
                    "experiment": experiment,
                    "method": row.method,
                    "n_requests": n,
                    "status": "ok" if row.n else "failed",
                    **{key: getattr(row, key) for key in COLUMNS[4:] if hasattr(row, key)},
                }
            )
    return pd.DataFrame(rows, columns=COLUMNS)


# Two medians closer than this ratio are tied, for the crossings.
CLEAR_GAP = 1.1


def crossings(table):
    """One sentence per pair of methods whose order (by median) flips between
    two consecutive request counts, each at least 10% ahead where it leads; and
    one where some fail and others do not."""
    ok = table[table["status"] == "ok"]
    times = ok.pivot_table(index="n_requests", columns="method", values="median_s")
    counts = list(times.index)
    sentences = []
    for low, high in itertools.pairwise(counts):
        for a, b in itertools.combinations(times.columns, 2):
            before, after = times.loc[low, [a, b]], times.loc[high, [a, b]]
            if before.isna().any() or after.isna().any():
                continue
            swapped = (before[a] < before[b]) != (after[a] < after[b])
            # Within 10% on either side, the two are tied there: noise, not a swap.
            clear = min(before.max() / before.min(), after.max() / after.min()) >= CLEAR_GAP
            if swapped and clear:
                winner, loser = (a, b) if after[a] < after[b] else (b, a)
                sentences.append(
                    f"Between {low:,} and {high:,} requests, {winner} overtakes {loser}: "
                    f"{format_seconds(before[winner])} s against {format_seconds(before[loser])} s "
                    f"at {low:,}, {format_seconds(after[winner])} s against "
                    f"{format_seconds(after[loser])} s at {high:,} "
                    f"({after[loser] / after[winner]:.1f}× faster)."
                )
    for n, at_n in table.groupby("n_requests"):
        failed = at_n[at_n["status"] == "failed"]
        standing = at_n[at_n["status"] == "ok"]
        if len(failed) and len(standing):
            fastest = standing.sort_values("median_s").iloc[0]
            names = ", ".join(failed["method"])
            sentences.append(
                f"At {n:,} requests {names} failed ({'; '.join(failed['failed_reason'])}), "
                f"while {fastest['method']} finished in {format_seconds(fastest['median_s'])} s."
            )
    return sentences


# A client whose CPU is busy this share of its run is bound by its own work.
CPU_BOUND_SHARE = 0.8


def at_each_count(table):
    """Per request count, one sentence: every finished method against the
    fastest, with its client's CPU per request and how busy that CPU was, so
    that a method's loss is explained by measured CPU time, not assumed."""
    sentences = []
    for n, at_n in table[table["status"] == "ok"].groupby("n_requests"):
        at_n = at_n.sort_values("median_s")
        fastest = at_n.iloc[0]
        parts = []
        for row in at_n.itertuples():
            slower = row.median_s / fastest["median_s"]
            versus = "fastest" if row.Index == fastest.name else f"{slower:.1f}× slower"
            busy = f"{100 * row.client_cpu_share:.0f}%"
            bound = " (CPU-bound)" if row.client_cpu_share >= CPU_BOUND_SHARE else ""
            parts.append(
                f"{row.method} {format_seconds(row.median_s)} s, {versus}: "
                f"{row.cpu_ms_per_request:.2f} ms of client CPU per request, "
                f"its CPU busy {busy} of the run{bound}"
            )
        sentences.append(f"At {n:,} requests: " + "; ".join(parts) + ".")
    return sentences


def cell(row):
    """A table cell: the median, the failure, or the bound of a point not run."""
    if row.status == "failed":
        return f"failed: {row.failed_reason}"
    if row.status == "not run":
        return f"not run (bound {format_seconds(row.bound_s)} s)"
    return f"{format_seconds(row.median_s)} s ({percent(row.efficiency)})"


def figure(value, digits=1):
    return (
        "–"
        if value is None or (isinstance(value, float) and math.isnan(value))
        else f"{value:.{digits}f}"
    )


def report_rows(table):
    """Per method: a cell per request count, and its costs at the largest count it finished."""
    counts = sorted(table["n_requests"].unique())
    rows = []
    for method, group in table.groupby("method", sort=False):
        group = group.set_index("n_requests")
        finished = group[group["status"] == "ok"]
        last = finished.iloc[-1] if len(finished) else None
        rows.append(
            {
                "method": method,
                "cells": [cell(group.loc[n]) if n in group.index else "–" for n in counts],
                "at": f"{finished.index[-1]:,}" if last is not None else "–",
                "cpu_ms": figure(None if last is None else last["cpu_ms_per_request"], 2),
                "kib": figure(None if last is None else last["kib_per_in_flight"]),
                "p99": "–" if last is None else format_seconds(last["latency_p99_s"]),
                "target": "–" if last is None else percent(last["target_cpu_share"]),
            }
        )
    return {"counts": [f"{n:,}" for n in counts], "rows": rows}


# --- the study's interface (src/concurrency_bench/report/study_sections.py) ---------------------------------------


def table(sweeps):
    return scale_table(sweeps)


def plot(table, machine, output):
    from concurrency_bench.workloads.http.scale.plot import plot_scale

    plot_scale(
        table,
        f"I/O at scale on {machine}: every method from "
        f"{table['n_requests'].min():,} to {table['n_requests'].max():,} requests",
        output,
    )


def section(path):
    """The report's scale section: its rows, and the sentences of its crossings
    and of each count."""
    table = pd.read_csv(path, dtype={"failed_reason": "string"})
    return {
        **report_rows(table),
        "crossings": crossings(table),
        "counts_said": at_each_count(table),
    }
