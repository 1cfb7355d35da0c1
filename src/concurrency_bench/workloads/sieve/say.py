"""What the sieve says in the report: one sentence per experiment (its
workers on the usable CPUs, the GIL), what one run did, why a claim holds."""

import pandas as pd

from concurrency_bench import models
from concurrency_bench.models import gil_on
from concurrency_bench.words import distinct, format_seconds, outcome, plural
from concurrency_bench.workloads.reasons import computing_reason as claim_reason  # noqa: F401 (the workload's reason)


def sentence(row):
    kind = models.of(row)
    if kind.is_sync:
        return (
            f"The sync loop ran the sieve {row.n_tasks} times in one process in "
            f"{format_seconds(row.median_s)} s: the bound of every parallel method is "
            "this time divided by the CPUs it can use."
        )
    at_work = plural(row.workers, kind.unit)
    start_method = getattr(row, "start_method", None)
    if kind.starts_processes and isinstance(start_method, str):
        at_work += f" (started by {start_method})"
    at_work += f" on {plural(row.usable_cpus, 'usable CPU')}"
    if kind.takes_turns:
        at_work += " (in one thread: they take turns)"
    elif kind.gil_bound and gil_on(row.gil_enabled):
        at_work += " (the GIL: one thread runs Python code at a time)"
    elif kind.gil_bound and row.workers <= row.usable_cpus:
        at_work += " (the GIL off, a free-threaded build: the threads run the sieve in parallel)"
    elif row.workers > row.usable_cpus:
        at_work += f" (oversubscribed: at most {row.usable_cpus}× faster)"
    elif row.workers == 1:
        at_work += " (no parallelism: the sync loop's work plus the pool's cost)"
    if pd.isna(row.work_items):
        return f"{row.method} ran {at_work}, the numbers in batches it sized itself: {outcome(row)}"
    items = plural(row.work_items, "work item")
    return f"{row.method} ran {at_work}, the numbers sent as {items}: {outcome(row)}"


def tasks(runs):
    workers = distinct(runs.loc[runs["method"] != "sync", "workers"])
    span = f"get_prime_numbers over range({distinct(runs['start'])}, {distinct(runs['stop'])})"
    return f"{span}, pools of {workers} worker process{'' if workers == '1' else 'es'}"


def measured(name, runs, config):
    sieve = runs[runs["workload"] == name]
    text = (
        f"`get_prime_numbers(num)` for `num` in "
        f"`range({distinct(sieve['start'])}, {distinct(sieve['stop'])})`."
    )
    pools = sieve[models.mask(sieve, lambda kind: not kind.is_sync)]
    if distinct(pools["workers"]):
        text += (
            f" The pools ran {distinct(pools['workers'])} worker process(es) "
            f"({distinct(pools['concurrency_reason'])})."
        )
    return text
