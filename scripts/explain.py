"""One generated sentence per experiment: what its parameters allowed (the
bound of bounds.py) and what it measured, e.g.

  ThreadPoolExecutor ran 6 workers (ThreadPoolExecutor() default max_workers
  = 6 (os.cpu_count() = 2)), so 17 waves of requests: bound 1.7 s, measured
  1.74 s, 98% efficient.
"""

import math

from concurrency import HTTPX_MAX_CONNECTIONS
from summarize import format_seconds


def plural(n, word):
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word}{'es' if word.endswith('s') else 's'}"


def outcome(row):
    median = f"measured {format_seconds(row.median_s)} s"
    if math.isnan(row.bound_s):
        return f"{median} (no bound: a real target's latency is not a parameter)."
    return (
        f"bound {format_seconds(row.bound_s)} s, {median}, "
        f"{100 * row.efficiency:.0f}% efficient."
    )


def io_sentence(row):
    waves = plural(row.waves_or_cpus, "wave")
    how = {
        "sync": f"made its {row.n_requests} requests one after another",
        "threading.Thread": f"started {plural(row.n_requests, 'thread')}, one per request",
        "ThreadPoolExecutor": (
            f"ran {plural(row.concurrency, 'worker')} ({row.concurrency_reason}), "
            f"so {waves} of requests"
        ),
        "asyncio.gather": (
            f"gathered {plural(row.n_requests, 'coroutine')} over at most "
            f"{min(row.n_requests, HTTPX_MAX_CONNECTIONS)} connections, so {waves}"
        ),
    }.get(row.method, f"ran {row.n_requests} requests")
    return f"{row.method} {how}: {outcome(row)}"


def cpu_sentence(row):
    if row.method == "sync":
        return (
            f"The sync loop ran the sieve {row.n_tasks} times in one process in "
            f"{format_seconds(row.median_s)} s: the bound of every parallel method is "
            "this time divided by the CPUs it can use."
        )
    at_work = f"{plural(row.workers, 'worker process')} on {plural(row.usable_cpus, 'usable CPU')}"
    if row.workers > row.usable_cpus:
        at_work += f" (oversubscribed: at most {row.usable_cpus}× faster)"
    elif row.workers == 1:
        at_work += " (no parallelism: the sync loop's work plus the pool's cost)"
    return f"{row.method} ran {at_work}: {outcome(row)}"


def sentence(row):
    """`row`: a summary row (itertuples) with its bound and efficiency."""
    return io_sentence(row) if row.kind == "io" else cpu_sentence(row)
