"""One generated sentence per experiment: what its parameters allowed (the
bound of bounds.py) and what it measured, e.g.

  ThreadPoolExecutor ran 6 workers (ThreadPoolExecutor() default max_workers
  = 6 (os.cpu_count() = 2)), so 17 waves of requests: bound 1.7 s, measured
  1.74 s, 98% efficient.
"""

import math

import pandas as pd

from analysis.bounds import gil_on
from analysis.formatting import format_seconds, plural


def outcome(row):
    median = f"measured {format_seconds(row.median_s)} s"
    if math.isnan(row.bound_s):
        return f"{median} (no bound: a real target's latency is not a parameter)."
    return (
        f"bound {format_seconds(row.bound_s)} s, {median}, {100 * row.efficiency:.0f}% efficient."
    )


def io_sentence(row):
    waves = plural(row.waves_or_cpus, "wave")
    n = row.n_requests
    if row.concurrency_model == "one":
        how = f"made its {n} requests one after another"
        if row.reuses_connections:
            how += " over one kept-open connection"
    elif row.concurrency_model == "n_requests" and row.family == "threads":
        how = f"started {plural(n, 'thread')}, one per request"
    elif row.concurrency_model == "connection_pool":
        how = (
            f"gathered {plural(n, 'coroutine')} over at most {row.concurrency} "
            f"connections ({row.concurrency_reason}), so {waves}"
        )
    else:
        how = (
            f"ran {plural(row.concurrency, 'worker')} ({row.concurrency_reason}), "
            f"so {waves} of requests"
        )
    return f"{row.method} {how}: {outcome(row)}{time_split(row)}"


def time_split(row):
    """' Of its 0.27 s: 0.1 s waiting (the bound), 0.15 s the client's CPU, 0.02 s the rest.'
    The client's CPU may overlap the waiting: then the rest is negative, and said so."""
    if math.isnan(row.bound_s) or pd.isna(row.client_cpu_s):
        return ""
    rest = row.median_s - row.bound_s - row.client_cpu_s
    split = (
        f" Of its {format_seconds(row.median_s)} s: {format_seconds(row.bound_s)} s waiting "
        f"(the bound), {format_seconds(row.client_cpu_s)} s the client's CPU "
        f"({row.cpu_ms_per_request:.2f} ms per request), "
    )
    if rest >= 0:
        return split + f"{format_seconds(rest)} s the rest."
    return split + f"the CPU overlapping the waiting by {format_seconds(-rest)} s."


def cpu_sentence(row):
    if row.concurrency_model == "one":
        return (
            f"The sync loop ran the sieve {row.n_tasks} times in one process in "
            f"{format_seconds(row.median_s)} s: the bound of every parallel method is "
            "this time divided by the CPUs it can use."
        )
    unit = {"threads": "thread", "interpreters": "interpreter"}.get(
        row.concurrency_model, "worker process"
    )
    at_work = plural(row.workers, unit)
    start_method = getattr(row, "start_method", None)
    if row.concurrency_model == "processes" and isinstance(start_method, str):
        at_work += f" (started by {start_method})"
    at_work += f" on {plural(row.usable_cpus, 'usable CPU')}"
    threads = row.concurrency_model == "threads"
    if threads and gil_on(row.gil_enabled):
        at_work += " (the GIL: one thread runs Python code at a time)"
    elif threads and row.workers <= row.usable_cpus:
        at_work += " (the GIL off, a free-threaded build: the threads run the sieve in parallel)"
    elif row.workers > row.usable_cpus:
        at_work += f" (oversubscribed: at most {row.usable_cpus}× faster)"
    elif row.workers == 1:
        at_work += " (no parallelism: the sync loop's work plus the pool's cost)"
    items = plural(row.work_items, "work item")
    return f"{row.method} ran {at_work}, the numbers sent as {items}: {outcome(row)}"


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


def sentence(row):
    """`row`: a summary row (itertuples) with its bound and efficiency."""
    return io_sentence(row) if row.kind == "io" else cpu_sentence(row)
