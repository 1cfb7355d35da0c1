"""The models' order along the axis of CPU shares: who wins at each point,
where two swap places, and the rule read from the winners.

Two models cross where their order swaps between two neighbouring points: the
share of the crossing is interpolated where the log of their ratio of medians
reaches zero. The closing rule reads the winners from the lowest share to the
highest.
"""

import itertools
import math

from concurrency_bench.words import format_speedup, percent, with_unit


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


def winners(table):
    """[(cpu_share, fastest row, the others tied with it)] from the lowest share."""
    out = []
    for _, point in table.dropna(subset=["median_s"]).groupby("passes"):
        best = point[point["fastest"]].iloc[0]
        tied = point[point["tied_with_fastest"] & ~point["fastest"]]
        out.append((best["cpu_share"], best, tied))
    return sorted(out, key=lambda w: w[0])


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
