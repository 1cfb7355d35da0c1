"""How many tasks each method runs at once, and why: recorded with every run."""

import os
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import cpu_count

# httpx.AsyncClient's default pool: at most 100 open connections at once.
HTTPX_MAX_CONNECTIONS = 100


def resolve_workers(requested):
    """The process count for the pools: 'auto' is the article's cpu_count() - 1.

    The article's value is 0 on a 1-CPU machine, where Pool raises ValueError,
    so 'auto' never goes below 1.
    """
    if str(requested) == "auto":
        n = cpu_count()
        if n - 1 >= 1:
            return n - 1, f"auto: cpu_count() - 1 = {n} - 1"
        return 1, f"auto: cpu_count() - 1 = {n - 1}, raised to the minimum of 1"
    try:
        workers = int(requested)
    except ValueError:
        workers = 0
    if workers < 1:
        raise SystemExit(f"fatal: --workers must be 'auto' or >= 1, got {requested!r}")
    return workers, f"set: {workers}"


def default_thread_pool_workers():
    # Read from the executor itself: the formula changed across Python versions
    # (min(32, cpu_count + 4) up to 3.12, process_cpu_count from 3.13).
    executor = ThreadPoolExecutor()  # no thread starts before the first submit
    try:
        return executor._max_workers
    finally:
        executor.shutdown()


def io_concurrency(method, n_requests):
    """{'max_workers', 'max_workers_reason'} for an I/O method."""
    if method == "sync":
        return {"max_workers": 1, "max_workers_reason": "sync: one request at a time"}
    if method == "threading.Thread":
        return {"max_workers": n_requests, "max_workers_reason": "one thread per request"}
    if method == "ThreadPoolExecutor":
        workers = default_thread_pool_workers()
        return {
            "max_workers": workers,
            "max_workers_reason": (
                f"ThreadPoolExecutor() default max_workers = {workers} "
                f"(os.cpu_count() = {os.cpu_count()})"
            ),
        }
    if method == "asyncio.gather":
        return {
            "max_workers": min(n_requests, HTTPX_MAX_CONNECTIONS),
            "max_workers_reason": (
                f"one coroutine per request, httpx pool limit {HTTPX_MAX_CONNECTIONS}"
            ),
        }
    raise ValueError(f"unknown I/O method {method!r}")
