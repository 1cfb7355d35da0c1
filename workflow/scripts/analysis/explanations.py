"""One generated sentence per experiment: what its parameters allowed (the
bound of bounds.py) and what it measured, e.g.

  ThreadPoolExecutor ran 6 workers (ThreadPoolExecutor() default max_workers
  = 6 (os.cpu_count() = 2)), so 17 waves of requests: bound 1.7 s, measured
  1.74 s, 98% efficient.

Each workload family says it its own way (SENTENCES): http's runs wait, the
sieve's compute, and a user's function is described by what its runs measured
(their parallelism, the profile's CPU share), never by what it is assumed to do.
"""

import math

import pandas as pd

from analysis.bounds import gil_on
from analysis.formatting import format_seconds, percent, plural, with_unit
from bench import workloads

# A run of threads (or coroutines) that kept more CPUs than this busy ran its
# task in parallel: the task lets go of the GIL.
PARALLEL = 1.2
# A task on the CPU more than this share of its time holds the GIL for most of it.
CPU_HEAVY = 0.5
# What a user's function's models run their tasks on.
UNITS = {
    "threads": "thread",
    "coroutines": "coroutine",
    "interpreters": "interpreter",
    "processes": "worker process",
}


# What a family runs its tasks on where its concurrency's word would mislead.
FAMILY_UNITS = {"greenlets": "greenlet"}


def unit_of(row, otherwise="worker process"):
    """'thread', 'greenlet', 'worker process': what a model ran its tasks on."""
    return FAMILY_UNITS.get(row.family) or UNITS.get(row.concurrency_model, otherwise)


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
    unit = unit_of(row)
    at_work = plural(row.workers, unit)
    start_method = getattr(row, "start_method", None)
    if row.concurrency_model == "processes" and isinstance(start_method, str):
        at_work += f" (started by {start_method})"
    at_work += f" on {plural(row.usable_cpus, 'usable CPU')}"
    threads = row.concurrency_model == "threads"
    if row.concurrency_model == "coroutines":
        at_work += " (in one thread: they take turns)"
    elif threads and gil_on(row.gil_enabled):
        at_work += " (the GIL: one thread runs Python code at a time)"
    elif threads and row.workers <= row.usable_cpus:
        at_work += " (the GIL off, a free-threaded build: the threads run the sieve in parallel)"
    elif row.workers > row.usable_cpus:
        at_work += f" (oversubscribed: at most {row.usable_cpus}× faster)"
    elif row.workers == 1:
        at_work += " (no parallelism: the sync loop's work plus the pool's cost)"
    if pd.isna(row.work_items):
        return f"{row.method} ran {at_work}, the numbers in batches it sized itself: {outcome(row)}"
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


def busy(row):
    """'parallelism 1.92 CPUs of 2 usable': the runs' CPU seconds per wall second."""
    if pd.isna(row.parallelism):
        return "parallelism not measured"
    return f"parallelism {row.parallelism:.2f} CPUs of {row.usable_cpus} usable"


def gil_note(row):
    """What the runs of threads or coroutines say of the GIL, from their
    parallelism and the profile's CPU share; '' where they say nothing."""
    if row.concurrency_model not in ("threads", "coroutines") or pd.isna(row.parallelism):
        return ""
    units = row.concurrency_model  # "threads", "coroutines": the plural says it
    if not gil_on(row.gil_enabled):
        return f" (the GIL off, a free-threaded build: the {units} may run at once)"
    share = "unmeasured" if pd.isna(row.cpu_share) else percent(min(row.cpu_share, 1.0))
    if row.parallelism > PARALLEL:
        return (
            f" (the task releases the GIL: its measured CPU share is {share} and the "
            f"{units} still overlapped)"
        )
    if not pd.isna(row.cpu_share) and row.cpu_share > CPU_HEAVY:
        return (
            f" (the task holds the GIL: {share} of its time on the CPU, so the {units} took turns)"
        )
    return (
        f" (the task mostly waits: {share} of its time on the CPU; the {units} overlap the waiting)"
    )


def function_bound(row):
    """'bound 0.48 s under the GIL, measured 0.25 s, 192% efficient.'"""
    median = f"measured {format_seconds(row.median_s)} s"
    if pd.isna(row.bound_s):
        return f"{median} (no bound: the sync loop was not run)."
    if row.concurrency_model in ("threads", "coroutines") and gil_on(row.gil_enabled):
        where = " under the GIL"
    else:
        where = f" on {plural(row.waves_or_cpus, 'CPU')}"
    if row.concurrency_model == "processes" and not pd.isna(row.transfer_s):
        sending = row.n_tasks * row.transfer_s
        where += f", {with_unit(sending)} of it sending the {row.n_tasks} items"
    return (
        f"bound {format_seconds(row.bound_s)} s{where}, {median}, "
        f"{100 * row.efficiency:.0f}% efficient."
    )


def function_sentence(row):
    """A user's function: the workers its model ran, the CPUs they kept busy,
    what that says of the GIL, and the bound."""
    if row.concurrency_model == "one":
        share = "" if pd.isna(row.cpu_share) else f", {percent(row.cpu_share)} of it on the CPU"
        return (
            f"The {row.method} ran the task over its {row.n_tasks} items one at a time in "
            f"{format_seconds(row.median_s)} s ({busy(row)}{share}): the bound of every "
            "other model follows from this time."
        )
    unit = unit_of(row, "worker")
    at_work = f"{row.method} ran {plural(row.workers, unit)}"
    return f"{at_work}: {busy(row)}{gil_note(row)}; {function_bound(row)}"


def scrape_sentence(row):
    """The scrape workload: how many pages it fetched at once, on how many CPUs
    its parses ran, what CPUs its runs kept busy, and the bound."""
    if row.concurrency_model == "one":
        fetched = "fetched one page at a time"
    elif row.concurrency_model == "processes":
        fetched = f"fetched {plural(int(row.workers), 'page')} at once, one per worker process"
    else:
        fetched = (
            f"fetched up to {plural(int(row.in_flight), 'page')} at once ({row.concurrency_model})"
        )
    if row.cpu_step == "processes":
        parsed = f"parsed them in {plural(int(row.workers), 'worker process')}"
    else:
        parsed = "parsed each where it was fetched"
    return (
        f"{row.method} {fetched} and {parsed} (at most {plural(int(row.waves_or_cpus), 'CPU')} "
        f"at work on the parses): {busy(row)}; {outcome(row)}"
    )


# How each workload family says what its runs did (bench.workloads.family).
SENTENCES = {
    "http": io_sentence,
    "sieve": cpu_sentence,
    "scrape": scrape_sentence,
    "": function_sentence,
}


def sentence(row):
    """`row`: a summary row (itertuples) with its bound and efficiency; or why
    its runs were skipped."""
    if isinstance(getattr(row, "skipped_reason", None), str):
        return f"{row.method}: skipped, {row.skipped_reason}."
    return SENTENCES[workloads.family(row.workload).name](row)
