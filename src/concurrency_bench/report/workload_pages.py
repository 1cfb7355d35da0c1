"""A section per workload the models of `any` ran (summary rows of origin
`model`, and `library` for the libraries' models): its profile, each model's
bound, the models ranked, each library model set against the standard
library's, and which one to use and why, every number from summary.csv. The
why is read from the measured parallelism (CPU seconds per wall second), not
from what the task is supposed to do."""

import math

import pandas as pd

from concurrency_bench import models, words, workloads
from concurrency_bench.analysis import choice, libraries, ties
from concurrency_bench.analysis.choice import by_speed, overlap
from concurrency_bench.report.experiment_rows import WORKLOAD_COLUMNS, experiment_table
from concurrency_bench.report.workload_ranking import cpus, ranking, speedup_text
from concurrency_bench.words import format_seconds, interval
from concurrency_bench.words import with_unit as seconds
from concurrency_bench.workloads.function import FUNCTION

# The summary rows of the models of `any`: the standard library's, the libraries'.
ORIGINS = ("model", libraries.ORIGIN)

# Below this CPU share the task mostly waits: overlapping the waits is what
# pays, whatever the GIL does.
MOSTLY_WAITING = 0.2
# Threads under the GIL keep one CPU busy (a little more for the pool's own C
# code); beyond this, more than one thread ran at once: the threshold the
# experiments' sentences use, so that they and the recommendation agree.
RELEASES_GIL = words.PARALLEL
# How a recommendation names a family of the catalog.
FAMILY_WORDS = {"thread pool": "a thread pool", "interpreters": "sub-interpreters"}


def on_build(row):
    """', on the free-threaded build' for threads that ran with the GIL off:
    what a recommendation of them must say."""
    if models.of(row).gil_bound and not models.gil_on(getattr(row, "gil_enabled", None)):
        return ", on the free-threaded build"
    return ""


def model_words(row):
    """How a recommendation names a model's family: 'threads', or 'threads, on
    the free-threaded build'."""
    return FAMILY_WORDS.get(row.family, row.family) + on_build(row)


def one_cpu(kind):
    """Where the CPU work of a model runs when one CPU at a time does it."""
    if kind.gil_bound:
        return "one at a time under the GIL"
    if kind.takes_turns and not kind.is_sync:
        return "on the event loop's thread, under the GIL"
    return "on one CPU"


def first(rows, column):
    """The workload's value of a column that is the same on each of its rows."""
    values = rows[column].dropna() if column in rows else pd.Series(dtype=float)
    return values.iloc[0] if len(values) else math.nan


def profile(rows):
    """What the calibration measured of the task, as summary.csv keeps it; a
    built-in workload, not profiled, has its CPU share from its sync loop's
    parallelism (the task's CPU seconds per wall second, one at a time)."""
    keys = ("n_tasks", "task_s", "cpu_share", "item_bytes", "result_bytes", "transfer_s")
    facts = {key: first(rows, key) for key in keys}
    baseline = baseline_of(rows)
    if pd.isna(facts["cpu_share"]) and baseline is not None:
        facts["cpu_share"] = baseline["parallelism"]
    return facts


def profile_sentence(rows):
    """'64 items, 12 ms a task in a sync pass, CPU share 98% (so 2% waiting), ...'."""
    facts = profile(rows)
    n = f"{int(facts['n_tasks'])} items" if not pd.isna(facts["n_tasks"]) else "its items"
    family = workloads.family(rows["workload"].iloc[0])
    if family is not FUNCTION:
        share = facts["cpu_share"]
        share = "unmeasured" if pd.isna(share) else f"{100 * min(share, 1.0):.0f}%"
        return (
            f"{n}, {family.what}: a built-in workload, not profiled (its CPU share, "
            f"{share}, is its sync loop's parallelism); each model's results are "
            "checked against the ones it must give, computed."
        )
    if pd.isna(facts["task_s"]) or pd.isna(facts["cpu_share"]):
        return f"{n}; no profile of the task was measured (concurrency_bench.run.calibration)."
    share = facts["cpu_share"]
    measured = (
        f"{n}, {seconds(facts['task_s'])} a task in a sync pass, CPU share "
        f"{100 * share:.0f}% (so {100 * (1 - share):.0f}% waiting)"
    )
    # Not measured where the items or results cannot be pickled (concurrency_bench.run.calibration).
    if pd.isna(facts["item_bytes"]) or pd.isna(facts["transfer_s"]):
        return f"{measured}; its items or results cannot be pickled: no process can run them."
    return (
        f"{measured}, an item pickles to "
        f"{int(facts['item_bytes']):,} bytes and its result to {int(facts['result_bytes']):,} "
        f"bytes; a process pool's parent spends {seconds(facts['transfer_s'])} per item "
        "sending and receiving them."
    )


def baseline_of(rows):
    """The sync loop every row's speedup and bound start from; None if it did not run."""
    found = rows[rows["experiment"] == rows["baseline"].iloc[0]]
    return None if found.empty else found.iloc[0]


def bound_sentence(row, baseline, facts):
    """The bound of one model with the reason for its formula, e.g. '(processes,
    W = 2: the CPU part on min(W, P) = 2 CPUs, ...): max(c·T / 2, T / W) + n·t = ...'."""
    name, bound = f"`{row.experiment}`", f"{format_seconds(row.bound_s)} s"
    if isinstance(getattr(row, "skipped_reason", None), str):  # never run: no bound to say
        return f"{name}: skipped, no bound."
    if baseline is None:
        return f"{name}: no bound, the sync loop it starts from did not run."
    kind = models.of(row)
    if kind.is_sync:
        return f"{name}: T = {bound}, the sync loop itself."
    if workloads.family(row.workload) is not FUNCTION:
        return f"{name} (W = {int(row.workers)}): {bound}, as its workload bounds it (Bounds)."
    W, t = int(row.workers), f"{format_seconds(baseline.median_s)} s"
    c = 1.0 if pd.isna(facts["cpu_share"]) else min(1.0, facts["cpu_share"])
    gil = getattr(row, "gil_enabled", None)
    at_work = kind.cpus_at_work(W, row.usable_cpus, gil)
    if at_work == 1:
        where = one_cpu(kind) + ", if the task holds it"
        formula, values = "max(c·T, T / W)", f"max({c:.2g} × {t}, {t} / {W})"
    else:
        where = f"on min(W, P) = {at_work} CPUs"
        formula = f"max(c·T / {at_work}, T / W)"
        values = f"max({c:.2g} × {t} / {at_work}, {t} / {W})"
    # As the bound (concurrency_bench.workloads.function): a process pool's parent pickles the items.
    if kind.starts_processes and not pd.isna(facts["transfer_s"]):
        where += ", plus sending the items and results"
        formula += " + n·t"
        values += f" + {int(facts['n_tasks'])} × {seconds(facts['transfer_s'])}"
    return f"{name} ({kind.said}, W = {W}: the CPU part {where}): {formula} = {values} = {bound}."


def fastest_of(rows, kind):
    matching = by_speed(rows[models.mask(rows, lambda its: its is kind)])
    return None if matching.empty else matching.iloc[0]


def why(winner, rows):
    """Why the winner wins, from the parallelism each model reached."""
    share = profile(rows)["cpu_share"]
    if not pd.isna(share) and share < MOSTLY_WAITING:
        return (
            f"the task waits {100 * (1 - share):.0f}% of its time: threads and "
            "coroutines overlap the waits"
        )
    reasons = []
    threads = fastest_of(rows, models.THREADS)
    if threads is not None and pd.isna(threads.parallelism):
        threads = None  # its parallelism tells nothing
    held = threads is not None and threads.parallelism <= RELEASES_GIL
    gil_off = threads is not None and not models.gil_on(getattr(threads, "gil_enabled", None))
    if held:
        holds = "the threads contend" if gil_off else "the task holds the GIL"
        reasons.append(f"threads stayed at {cpus(threads.parallelism)}: {holds}")
    elif threads is not None:
        releases = (
            "the GIL was off (a free-threaded build)" if gil_off else "this task releases the GIL"
        )
        reasons.append(f"threads reached {cpus(threads.parallelism)} of parallelism: {releases}")
    # The kinds whose workers each have a GIL of their own: the winner's, and
    # processes where threads held the GIL.
    for kind in (k for k in models.KINDS.values() if not k.shares_the_gil):
        best = fastest_of(rows, kind)
        if best is not None and (models.of(winner) is kind or (held and kind is models.PROCESSES)):
            reasons.append(f"{kind.said} reached {cpus(best.parallelism)}")
    return "; ".join(reasons)


def recommendation(rows, practical_tie=ties.DEFAULT):
    """The fastest model when its CI clears the runner-up's and no other is
    within `practical_tie` of its median; else the models that tie, the
    cheaper put first (concurrency_bench.analysis.ties), or no measurable
    difference; with why. The decision is concurrency_bench.analysis.choice's."""
    decided = choice.decide(rows, practical_tie)
    if decided.case == choice.ONLY_ONE:
        return "Only one model ran: nothing to compare."
    winner, runner_up, close, tied = decided.winner, decided.runner_up, decided.close, decided.tied
    because = why(winner, rows[rows["median_s"].notna()])
    because = f" Why: {because}." if because else ""
    first = f" {ties.put_first(close, practical_tie)}" if len(close) > 1 else ""
    if decided.case == choice.ONE_FAMILY:
        names = " and ".join(f"`{row.experiment}`" for row in decided.chosen)
        cis = " and ".join(ci_text(row) for row in decided.chosen)
        they = "they" if len(close) == len(tied) + 1 else None  # the tie is all of them
        alike = (
            f", with no measurable difference between them (95% CIs {cis})"
            if all(overlap(winner, row) for row in tied)
            else f"; {ties.tie_sentence(close, overlap, they)}"
        )
        return (
            f"Use {model_words(winner)} here: {names}, "
            f"{speedup_text(winner)} at best{alike}.{first}{because}"
        )
    if decided.case == choice.NO_DIFFERENCE:
        reach, ratios = ties.within(close)
        return (
            f"No measurable difference between {ties.names(close)}: their medians' 95% CIs "
            f"({' and '.join(ci_text(row) for row in close)}) overlap, and the medians are "
            f"{reach} ({ratios}).{first}{because}"
        )
    if decided.case == choice.PRACTICAL_TIE:
        return f"{ties.tie_sentence(close, overlap)}.{first}{because}"
    if decided.case == choice.OVERLAP:
        return (
            f"No measurable difference between `{winner.experiment}` and "
            f"`{runner_up.experiment}`: their medians' 95% CIs "
            f"({ci_text(winner)} and {ci_text(runner_up)}) overlap.{because}"
        )
    if decided.case == choice.KEEP_SYNC:
        return (
            f"Keep the sync loop (`{winner.experiment}`) here: no model beat it; the "
            f"runner-up `{runner_up.experiment}` reached {speedup_text(runner_up)}.{because}"
        )
    return (
        f"Use `{winner.experiment}` ({winner.method}{on_build(winner)}) here: "
        f"{speedup_text(winner)}; "
        f"the runner-up `{runner_up.experiment}` is slower beyond both CIs "
        f"({ci_text(winner)} against {ci_text(runner_up)}).{because}"
    )


def ci_text(row):
    return f"{interval(row.ci_low_s, row.ci_high_s, format_seconds)} s"


def heading(name):
    """The heading of a workload's section: a built-in one's says it ran under
    every model, apart from the article's own section of it."""
    return workloads.label(name) + (", under every model" if name in workloads.BUILT_IN else "")


def section(name, rows, practical_tie=ties.DEFAULT):
    """One workload of the user's: its profile, bounds, ranking,
    recommendation and table."""
    baseline, facts = baseline_of(rows), profile(rows)
    return {
        "name": name,
        "label": heading(name),
        "profile": profile_sentence(rows),
        "bounds": [bound_sentence(row, baseline, facts) for row in rows.itertuples()],
        "ranking": ranking(rows),
        "libraries": libraries.sentences(rows),
        "recommendation": recommendation(rows, practical_tie),
        "table": experiment_table(rows, WORKLOAD_COLUMNS),
    }


def sections(summary, practical_tie=ties.DEFAULT):
    """A section per workload the models ran, in the workloads' order; models
    within `practical_tie` (analysis.practical_tie) of the fastest tie."""
    ran = summary[summary["origin"].isin(ORIGINS)]
    return [
        section(name, ran[ran["workload"] == name], practical_tie)
        for name in workloads.order(ran["workload"])
    ]
