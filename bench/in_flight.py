"""How many tasks an experiment runs at once, and why: recorded with every run.

The catalog's `concurrency` says how; the analysis's bounds derive each
experiment's best time from the numbers recorded here.
"""

import os
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing import cpu_count

EXECUTORS = {"thread_pool": ThreadPoolExecutor, "process_pool": ProcessPoolExecutor}


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


def io_concurrency(experiment, n_requests, max_workers=None):
    """{'max_workers', 'max_workers_reason'}: at most how many requests of an
    I/O experiment are in flight at once. `max_workers` is the one asked for
    on the command line (None: the executor's default)."""
    how = experiment.concurrency
    if how == "one":
        return {"max_workers": 1, "max_workers_reason": "sync: one request at a time"}
    if how == "n_requests":
        return {"max_workers": n_requests, "max_workers_reason": "one thread per request"}
    if how in EXECUTORS:
        if max_workers is not None:
            return {"max_workers": max_workers, "max_workers_reason": f"set: {max_workers}"}
        executor = EXECUTORS[how]
        workers = default_max_workers(executor)
        return {
            "max_workers": workers,
            "max_workers_reason": (
                f"{executor.__name__}() default max_workers = {workers} "
                f"(os.cpu_count() = {os.cpu_count()})"
            ),
        }
    limit = experiment.connection_limit
    if limit is None:
        return {
            "max_workers": n_requests,
            "max_workers_reason": "one coroutine per request, no connection limit",
        }
    return {
        "max_workers": min(n_requests, limit),
        "max_workers_reason": f"one coroutine per request, connection limit {limit}",
    }


def pool_chunksize(n_tasks, workers):
    """The chunk size multiprocessing.Pool.starmap picks: about n / (4 workers)."""
    chunksize, extra = divmod(n_tasks, workers * 4)
    return chunksize + 1 if extra else chunksize


def cpu_work_items(experiment, n_tasks, workers):
    """{'chunksize', 'work_items'}: how the numbers travel to the workers
    (None where the model sizes its batches itself as it goes: joblib)."""
    if experiment.chunks == "auto":
        return {"chunksize": None, "work_items": None}
    chunksize = pool_chunksize(n_tasks, workers) if experiment.chunks == "pool" else 1
    return {"chunksize": chunksize, "work_items": -(-n_tasks // chunksize)}


def io_bound_s(n_requests, delay_s, in_flight, rtt_s=0.0, tls=False, reuses=False):
    """(bound_s, waves): the best time of n requests, each answered after the
    target's delay, at most `in_flight` of them at once, with `rtt_s` of
    emulated network (a new connection pays one more round trip, two with TLS:
    in every wave, or in the first only for a client that `reuses` them)."""
    waves = -(-n_requests // in_flight)
    handshake_s = (2 if tls else 1) * rtt_s
    handshakes = 1 if reuses else waves
    return waves * (delay_s + rtt_s) + handshakes * handshake_s, waves
