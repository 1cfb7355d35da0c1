"""Where each model wins as a task's CPU share grows: the crossover map.

Fed by the sweeps over the scrape workload's `passes` (each point: every model,
its median time with its 95% CI, its bound, its measured parallelism and its
fetches' latencies). The x axis is measured, not assumed: a point's CPU share
is its sync loop's parallelism, the CPU time of its runs over their wall time
(one worker: the share of a task spent on the CPU, the rest waiting).

At each point the fastest model wins; a model whose CI overlaps the winner's
ties with it. Two models cross where their order swaps between two
neighbouring points: the share of the crossing is interpolated where the log
of their ratio of medians reaches zero. The closing rule reads the winners
from the lowest share to the highest.
"""

import itertools
import math

import pandas as pd

from analysis.formatting import format_speedup, percent, with_unit

COLUMNS = (
    "sweep",
    "experiment",
    "method",
    "family",
    "concurrency_model",
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
                    "concurrency_model": row.concurrency_model,
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


def time_text(row):
    return f"{with_unit(row.median_s)} [{with_unit(row.ci_low_s)}, {with_unit(row.ci_high_s)}]"


def apart(a, b):
    """Whether two points' 95% CIs do not overlap."""
    return a.ci_high_s < b.ci_low_s or b.ci_high_s < a.ci_low_s


def crossings(table):
    """[{first, second, share, low, high, sentence}]: every pair of models whose
    order swaps between two neighbouring points, in order of share."""
    found = []
    by_model = {
        name: rows.sort_values("cpu_share").set_index("passes")
        for name, rows in table.dropna(subset=["median_s"]).groupby("experiment")
    }
    points = table.drop_duplicates("passes").sort_values("cpu_share")["passes"].tolist()
    for first, second in itertools.combinations(sorted(by_model), 2):
        a, b = by_model[first], by_model[second]
        shared = [p for p in points if p in a.index and p in b.index]
        for left, right in itertools.pairwise(shared):
            before = math.log(a.loc[left, "median_s"] / b.loc[left, "median_s"])
            after = math.log(a.loc[right, "median_s"] / b.loc[right, "median_s"])
            if before == 0 or after == 0 or (before > 0) == (after > 0):
                continue
            low, high = a.loc[left, "cpu_share"], a.loc[right, "cpu_share"]
            share = low + (high - low) * before / (before - after)
            found.append(crossing(first, second, a, b, left, right, share))
    return sorted(found, key=lambda c: c["share"])


def crossing(first, second, a, b, left, right, share):
    sides = []
    for point in (left, right):
        x, y = a.loc[point], b.loc[point]
        faster, slower = (first, second) if x.median_s < y.median_s else (second, first)
        fast, slow = (x, y) if faster == first else (y, x)
        noise = "" if apart(x, y) else " (the CIs overlap: within noise)"
        sides.append(
            f"at {percent(x.cpu_share)}, `{faster}` {time_text(fast)} against "
            f"`{slower}` {time_text(slow)}{noise}"
        )
    sentence = (
        f"`{first}` and `{second}` cross at about {percent(share)} CPU per task "
        f"(between {percent(a.loc[left, 'cpu_share'])} and {percent(a.loc[right, 'cpu_share'])}): "
        + "; ".join(sides)
        + "."
    )
    clear = apart(a.loc[left], b.loc[left]) and apart(a.loc[right], b.loc[right])
    return {
        "first": first,
        "second": second,
        "share": share,
        "low": a.loc[left, "cpu_share"],
        "high": a.loc[right, "cpu_share"],
        "clear": clear,
        "sentence": sentence,
    }


def winners(table):
    """[(cpu_share, fastest row, the others tied with it)] from the lowest share."""
    out = []
    for _, point in table.dropna(subset=["median_s"]).groupby("passes"):
        best = point[point["fastest"]].iloc[0]
        tied = point[point["tied_with_fastest"] & ~point["fastest"]]
        out.append((best["cpu_share"], best, tied))
    return sorted(out, key=lambda w: w[0])


def rule(table, found):
    """The rule this machine supports, from the winners of the points in order
    of share; where the winner changes, the boundary is the two winners'
    crossing (or the midpoint of the two points' shares)."""
    ordered = winners(table)
    if not ordered:
        return "No point of the sweep has a successful run: no rule can be read."
    spans = []
    for share, best, tied in ordered:
        if spans and spans[-1]["experiment"] == best["experiment"]:
            spans[-1].update(high=share, points=spans[-1]["points"] + [(share, best, tied)])
        else:
            spans.append(
                {
                    "experiment": best["experiment"],
                    "method": best["method"],
                    "low": share,
                    "high": share,
                    "points": [(share, best, tied)],
                }
            )
    for before, after in itertools.pairwise(spans):
        boundary = next(
            (
                c["share"]
                for c in found
                if {c["first"], c["second"]} == {before["experiment"], after["experiment"]}
                and before["high"] <= c["share"] <= after["low"]
            ),
            (before["high"] + after["low"]) / 2,
        )
        before["until"] = after["from"] = boundary
    return "On this machine: " + "; ".join(map(advice, spans)) + "."


def speedup_range(speedups):
    low, high = format_speedup(min(speedups)), format_speedup(max(speedups))
    return low if low == high else f"{low}–{high}"


def span_text(span):
    """Where on the axis of CPU shares a span of points lies."""
    if "from" in span and "until" in span:
        return f"from {percent(span['from'])} to {percent(span['until'])} CPU per task"
    if "until" in span:
        return f"below {percent(span['until'])} CPU per task"
    if "from" in span:
        return f"above {percent(span['from'])} CPU per task"
    return f"at every CPU share measured ({percent(span['low'])} to {percent(span['high'])})"


def advice(span):
    """'below 31% CPU per task, use `x` (method): 1.5×–4.9× the sync loop's speed
    (tied within the CIs at some point with `y`)'."""
    speedups = [best["speedup"] for _, best, _ in span["points"]]
    ties = sorted({name for _, _, tied in span["points"] for name in tied["experiment"]})
    tied = f" (tied within the CIs at some point with {', '.join(f'`{t}`' for t in ties)})"
    return (
        f"{span_text(span)}, use `{span['experiment']}` ({span['method']}): "
        f"{speedup_range(speedups)} the sync loop's speed"
        f"{tied if ties else ''}"
    )


# A measured difference below this ratio explains nothing: within the noise
# of a few runs.
NOTABLE = 1.1


def facts(row):
    """'0.482 s: 0.425 s of CPU (0.88 CPUs busy), fetches p50 75.3 ms'."""
    return (
        f"{with_unit(row['median_s'])}: {with_unit(row['parallelism'] * row['median_s'])} of CPU "
        f"({row['parallelism']:.2f} CPUs busy), fetches p50 {with_unit(row['latency_p50_s'])}"
    )


def because(best, runner_up):
    """The measured differences in the winner's favour by a notable ratio, in
    this order: more CPUs busy, shorter waits for the fetches, less CPU time
    in all."""
    cpu_best = best["parallelism"] * best["median_s"]
    cpu_other = runner_up["parallelism"] * runner_up["median_s"]
    reasons = [
        (
            best["parallelism"] / runner_up["parallelism"],
            (
                f"its CPU work ran in parallel: {best['parallelism']:.2f} CPUs busy against "
                f"{runner_up['parallelism']:.2f}"
            ),
        ),
        (
            runner_up["latency_p50_s"] / best["latency_p50_s"],
            (
                f"its fetches waited less: p50 {with_unit(best['latency_p50_s'])} against "
                f"{with_unit(runner_up['latency_p50_s'])}, the target answering after "
                f"{with_unit(best['delay_s'])}"
            ),
        ),
        (
            cpu_other / cpu_best,
            (
                f"it spent less CPU: {with_unit(cpu_best)} against {with_unit(cpu_other)} "
                "(what its model costs on top of the same fetches and parses)"
            ),
        ),
    ]
    notable = [reason for ratio, reason in reasons if ratio >= NOTABLE]
    if not notable:
        return (
            f"neither its parallelism, its waiting nor its CPU time differs by "
            f"{percent(NOTABLE - 1)} or more"
        )
    return "; ".join(notable)


def why(table):
    """Per point, the measured facts behind the winner's place against the
    runner-up: its parallelism (CPU time / wall time), its fetches' waiting
    (their p50 latency against the target's delay) and its CPU time."""
    sentences = []
    for share, best, _ in winners(table):
        point = table[table["passes"] == best["passes"]].dropna(subset=["median_s"])
        others = point[point["experiment"] != best["experiment"]]
        if others.empty or pd.isna(best["parallelism"]):
            continue
        runner_up = others.loc[others["median_s"].idxmin()]
        ratio = runner_up["median_s"] / best["median_s"]
        sentences.append(
            f"At {percent(share)} CPU per task, `{best['experiment']}` ({facts(best)}) "
            f"beat `{runner_up['experiment']}` ({facts(runner_up)}) by "
            f"{format_speedup(ratio)}: {because(best, runner_up)}. Its bound was "
            f"{with_unit(best['bound_s'])} ({percent(best['efficiency'])} efficient)."
        )
    return sentences


def handed_over_pairs(table):
    """[(parsing in place, parsing in processes)]: the models that wait the same
    way (threads, or coroutines on one loop), one parsing where it fetched, one
    handing its parses to a process pool."""
    models = table.drop_duplicates("experiment")
    pairs = []
    for _, same_wait in models.groupby("concurrency_model"):
        in_place = same_wait[same_wait["cpu_step"] == "same"]["experiment"]
        handed = same_wait[same_wait["cpu_step"] == "processes"]["experiment"]
        pairs += list(itertools.product(in_place, handed))
    return pairs


def loop_blocking(table, blocking, freed):
    """Sentences comparing the fetches' latencies of the event loop that parses
    (`blocking`) with those of the one that hands its parses to processes
    (`freed`), per point, against the target's delay."""
    sentences = []
    for passes, point in table.groupby("passes"):
        rows = point.set_index("experiment")
        if blocking not in rows.index or freed not in rows.index:
            continue
        a, b = rows.loc[blocking], rows.loc[freed]
        if pd.isna(a["latency_p50_s"]) or pd.isna(b["latency_p50_s"]):
            continue
        sentences.append(
            f"at {percent(a['cpu_share'])} CPU per task, the fetches of `{blocking}` took "
            f"p50 {with_unit(a['latency_p50_s'])}, p99 {with_unit(a['latency_p99_s'])}; those "
            f"of `{freed}` p50 {with_unit(b['latency_p50_s'])}, p99 {with_unit(b['latency_p99_s'])} "
            f"(the target answers after {with_unit(a['delay_s'])}); "
            f"{time_text(a)} against {time_text(b)}"
        )
    return sentences


def section(path):
    """The report's crossover section: a table of each model's time at each
    point, the crossings, the rule, and the measured facts behind them; None
    without a sweep over passes."""
    if path is None:
        return None
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


def within_noise(found):
    """One sentence for the swaps whose CIs overlap on a side: seen, not shown."""
    noisy = [c for c in found if not c["clear"]]
    if not noisy:
        return None
    pairs = "; ".join(
        f"`{c['first']}` and `{c['second']}` at about {percent(c['share'])}" for c in noisy
    )
    return (
        f"{len(noisy)} more swap{'s' if len(noisy) > 1 else ''} of places happened within "
        f"the noise (the two models' CIs overlap on at least one side, so the order there "
        f"is not established): {pairs}."
    )


def cell_text(row):
    if pd.isna(row["median_s"]):
        return f"failed: {row['failed_reason']}"
    mark = "**" if row["fastest"] else ""
    return f"{mark}{with_unit(row['median_s'])}{mark} ({format_speedup(row['speedup'])})"


def no_crossing(table):
    ordered = winners(table)
    if not ordered:
        return "No point of the sweep has a successful run."
    names = sorted({best["experiment"] for _, best, _ in ordered})
    return (
        f"No two models swapped places between {percent(ordered[0][0])} and "
        f"{percent(ordered[-1][0])} CPU per task on this machine: the order stayed the "
        f"same at every point, {', '.join(f'`{n}`' for n in names)} fastest."
    )
