"""How many tasks each method runs at once, and why: recorded with every run.

The methods are named as the scripts name them (harness.run_experiment's
`method`); bounds.py derives each experiment's best time from these numbers.
"""

import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import cpu_count

# httpx.AsyncClient's default pool: at most 100 open connections at once.
HTTPX_MAX_CONNECTIONS = 100

# I/O methods whose requests go through a ThreadPoolExecutor.
THREAD_POOL_IO = ("ThreadPoolExecutor", "ThreadPoolExecutor + Session per thread")
# I/O methods that keep their connections open between requests (requests.get
# opens a new one for every call).
REUSES_CONNECTIONS = (
    "asyncio.gather", "requests.Session", "ThreadPoolExecutor + Session per thread",
)
# CPU methods that run the sieve in threads, under the GIL unless it is off.
THREADED_CPU = ("ThreadPoolExecutor",)


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


def default_max_workers(executor_class):
    # Read from the executor itself: the formula changed across Python versions
    # (ThreadPoolExecutor: min(32, cpu_count + 4) up to 3.12, then
    # process_cpu_count; ProcessPoolExecutor: cpu_count, then process_cpu_count).
    executor = executor_class()  # no thread or process starts before a submit
    try:
        return executor._max_workers
    finally:
        executor.shutdown()


def io_concurrency(method, n_requests, max_workers=None):
    """{'max_workers', 'max_workers_reason'}: at most how many requests of an
    I/O method are in flight at once. `max_workers` is the one asked for on
    the command line (None: the executor's default)."""
    if method in ("sync", "requests.Session"):
        return {"max_workers": 1, "max_workers_reason": "sync: one request at a time"}
    if method == "threading.Thread":
        return {"max_workers": n_requests, "max_workers_reason": "one thread per request"}
    if method == "ThreadPoolExecutor(max_workers=n_requests)":
        return {"max_workers": n_requests, "max_workers_reason": "max_workers = n_requests"}
    if method in THREAD_POOL_IO or method == "ProcessPoolExecutor":
        executor = ThreadPoolExecutor if method in THREAD_POOL_IO else ProcessPoolExecutor
        if max_workers is not None:
            return {"max_workers": max_workers, "max_workers_reason": f"set: {max_workers}"}
        workers = default_max_workers(executor)
        return {
            "max_workers": workers,
            "max_workers_reason": (
                f"{executor.__name__}() default max_workers = {workers} "
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


def pool_chunksize(n_tasks, workers):
    """The chunk size multiprocessing.Pool.starmap picks: about n / (4 workers)."""
    chunksize, extra = divmod(n_tasks, workers * 4)
    return chunksize + 1 if extra else chunksize


def cpu_work_items(method, n_tasks, workers):
    """{'chunksize', 'work_items'}: how the numbers travel to the workers."""
    chunked = method in ("multiprocessing.Pool", "ProcessPoolExecutor.map(chunksize=Pool's)")
    chunksize = pool_chunksize(n_tasks, workers) if chunked else 1
    return {"chunksize": chunksize, "work_items": -(-n_tasks // chunksize)}
