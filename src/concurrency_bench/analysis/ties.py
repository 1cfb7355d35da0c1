"""A practical tie in a workload's recommendation: the models whose medians
are within `analysis.practical_tie` of the fastest's are named together, with
their ratios, even where their CIs are apart (no one picks a model for 1%),
and the cheaper is put first: less measured CPU time, then fewer moving parts.
Only the advice changes: the claims keep their statistics."""

import math

import pandas as pd

from concurrency_bench import models
from concurrency_bench.analysis.peak_memory import format_mib
from concurrency_bench.record.parameters import config_default
from concurrency_bench.words import with_unit

DEFAULT = config_default("analysis.practical_tie")

# Fewer moving parts first: one loop; threads in one interpreter; coroutines,
# async code throughout on an event loop; processes, which start interpreters
# and pickle every item; sub-interpreters, newer, each importing the task
# again; greenlets, which patch the standard library; a cluster, a scheduler
# and its workers.
SIMPLEST_FIRST = (
    models.SYNC,
    models.THREADS,
    models.COROUTINES,
    models.PROCESSES,
    models.INTERPRETERS,
    models.GREENLETS,
    models.CLUSTER,
)
ORDER = ", ".join(kind.said for kind in SIMPLEST_FIRST)


def with_mib(kib):
    return f"{format_mib(kib)} MiB"


# What a model costs besides its time, as summary.csv has it per experiment
# (the median of its runs), in the order the tie breaks on: (column, what,
# how a value is said). Memory first, the whole process tree's peak PSS
# (src/concurrency_bench/run/sampler.py): where times tie, what a model holds is what limits how
# many of it a machine runs; then the CPU time it took.
COSTS = (
    ("memory_peak_kib", "memory", with_mib),
    ("client_cpu_s", "CPU time", with_unit),
)


def listed(words):
    """'a', 'a and b', 'a, b and c'."""
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def names(rows):
    return listed(f"`{row.experiment}`" for row in rows)


def percent(share):
    return f"{100 * share:g}%"


def close(ranked, tie):
    """The fastest of `ranked` (fastest first) and each model whose median is
    within `tie` of its."""
    fastest = ranked[0].median_s
    return [row for row in ranked if row.median_s <= fastest * (1 + tie)]


def within(group):
    """('within 2%', '1.02×'): how far the slowest of a tie is from the
    fastest, in whole percent rounded up, and each one's ratio of medians."""
    ratios = [row.median_s / group[0].median_s for row in group[1:]]
    # Rounded before the ceiling: 1.02 is 2%, not 3% by a float's last digit.
    reach = max(1, math.ceil(round(100 * (max(ratios) - 1), 6)))
    return f"within {reach}%", listed(f"{ratio:.2f}×" for ratio in ratios)


def tie_sentence(group, overlap, who=None):
    """'`a` and `b` tie within 2% (1.02×, their CIs apart)'; `who` in place
    of their names where a sentence named them already."""
    apart = [row for row in group[1:] if not overlap(group[0], row)]
    if not apart:
        cis = "their CIs overlapping"
    elif len(apart) == len(group) - 1:
        cis = "their CIs apart"
    else:
        cis = f"the CIs of {names(apart)} apart from the fastest's"
    reach, ratios = within(group)
    return f"{who or names(group)} tie {reach} ({ratios}, {cis})"


def by_cost(group, tie):
    """(the rows left, what was said): each cost in turn keeps the models
    within `tie` of the cheapest; one left is the cheapest beyond the tie."""
    said = []
    for column, what, unit in COSTS:
        values = [row.get(column, math.nan) for row in group]
        if any(pd.isna(value) for value in values):
            said.append(f"{what} not measured for each of them")
            continue
        each = ", ".join(f"`{row.experiment}` {unit(v)}" for row, v in zip(group, values))
        least = min(values)
        group = [row for row, value in zip(group, values) if value <= least * (1 + tie)]
        if len(group) == 1:
            less = unit(min(v for v in values if v > least * (1 + tie)) - least)
            return group, [
                f"the least {what}, by more than {percent(tie)}: {less} less than the next ({each})"
            ]
        said.append(f"{what} within {percent(tie)} of the least ({each})")
    return group, said


def first_of(group, tie):
    """(the model to put first, why): the cheapest where a measured cost tells
    the tied models apart, else the fewest moving parts, else the fastest."""
    left, said = by_cost(group, tie)
    if len(left) == 1:
        return left[0], "; ".join(said)
    ranks = [SIMPLEST_FIRST.index(models.of(row)) for row in left]
    simplest = [row for row, rank in zip(left, ranks) if rank == min(ranks)]
    kind = models.of(simplest[0])
    if len(simplest) < len(left):
        kinds = dict.fromkeys(models.of(row).said for row in left)
        others = listed(name for name in kinds if name != kind.said)
        said.append(f"fewer moving parts, {kind.said} before {others} (in order: {ORDER})")
    else:
        said.append(f"all of one kind ({kind.said}), so the faster")
    return simplest[0], "; ".join(said)


def put_first(group, tie):
    """'Put `a` first: the least CPU time beyond 5% (...).'"""
    first, why = first_of(group, tie)
    return f"Put `{first.experiment}` first: {why}."
