"""One generated sentence per experiment: what its parameters allowed (the
bound of bounds.py) and what it measured, e.g.

  ThreadPoolExecutor ran 6 workers (ThreadPoolExecutor() default max_workers
  = 6 (os.cpu_count() = 2)), so 17 waves of requests: bound 1.7 s, measured
  1.74 s, 98% efficient.

Each workload says it its own way (the `say` module of its package,
bench/workloads/<name>/say.py); here are the words they share. What a model
runs its tasks on, and whether they share the GIL, is its kind's to say
(bench.models).
"""

import math

import pandas as pd

from analysis import memory
from analysis.formatting import format_seconds, plural
from bench import workloads

# A run of threads (or coroutines) that kept more CPUs than this busy ran its
# task in parallel: the task lets go of the GIL.
PARALLEL = 1.2
# A task on the CPU more than this share of its time holds the GIL for most of it.
CPU_HEAVY = 0.5


def outcome(row):
    median = f"measured {format_seconds(row.median_s)} s"
    if math.isnan(row.bound_s):
        return f"{median} (no bound: a real target's latency is not a parameter)."
    return (
        f"bound {format_seconds(row.bound_s)} s, {median}, {100 * row.efficiency:.0f}% efficient."
    )


# What starting a worker costs with each start method (analysis/start_costs.py).
START_METHODS = {
    "spawn": "starts a fresh interpreter for every worker, which imports the script's module",
    "forkserver": "forks the workers from one fresh interpreter per run, which imported "
    "the script's module",
    "fork": "copies the parent's page tables and imports nothing",
}


def start_cost_sentence(row):
    """What starting a worker cost, measured: a row of a sweep over start_method
    (analysis/start_costs.py: the difference of the medians over the workers)."""
    method, reference, workers = row.value, row.reference, row.workers
    measured = f"(median with {method} - median with {reference}) / {plural(workers, 'worker')}"
    ci = (
        f"95% CI {format_seconds(row.start_cost_ci_low_s)}–"
        f"{format_seconds(row.start_cost_ci_high_s)} s"
    )
    if row.start_cost_ci_low_s <= 0 <= row.start_cost_ci_high_s:
        cost = f"no measurable start cost beside {reference} ({ci}; {measured})"
    else:
        more = "more" if row.start_cost_s > 0 else "less"
        cost = (
            f"{format_seconds(abs(row.start_cost_s))} s {more} per worker to start than "
            f"{reference} ({ci}; {measured})"
        )
    why = f"; {method} {START_METHODS[method]}" if method in START_METHODS else ""
    return f"{row.method} with {method}: {cost}{why}."


def busy(row):
    """'parallelism 1.92 CPUs of 2 usable': the runs' CPU seconds per wall second."""
    if pd.isna(row.parallelism):
        return "parallelism not measured"
    return f"parallelism {row.parallelism:.2f} CPUs of {row.usable_cpus} usable"


def sentence(row):
    """`row`: a summary row (itertuples) with its bound and efficiency; or why
    its runs were skipped. Its memory follows what its workload says."""
    if isinstance(getattr(row, "skipped_reason", None), str):
        return f"{row.method}: skipped, {row.skipped_reason}."
    said = workloads.family(row.workload).says.sentence(row)
    return " ".join(filter(None, (said, memory.sentence(row))))
