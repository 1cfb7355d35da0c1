"""The measured facts behind the models' order: per point, what the winner
did better than its runner-up, and how parsing in place delays a model's
fetches against the same way of waiting handing its parses to processes.
"""

import itertools

import pandas as pd

from concurrency_bench.words import format_speedup, percent, with_unit
from concurrency_bench.workloads.scrape.crossover.order import time_text, winners

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
    for _, same_wait in models.groupby("kind"):
        in_place = same_wait[same_wait["cpu_step"] == "same"]["experiment"]
        handed = same_wait[same_wait["cpu_step"] != "same"]["experiment"]
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
