"""How many tasks an experiment runs at once, and why: recorded with every run.

Its kind (concurrency_bench.models) and its catalog row's options say how; the
analysis's bounds derive each experiment's best time from the numbers
recorded here.
"""

import concurrent.futures
import os

from concurrency_bench import models


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
    I/O experiment are in flight at once, as its kind and its option `at_once`
    say: one per request, its pool's workers, or its open connections.
    `max_workers` is the one asked for on the command line (None: the
    executor's default)."""
    kind, at_once = models.of(experiment), experiment.option("at_once")
    if kind.is_sync:
        return {"max_workers": 1, "max_workers_reason": "sync: one request at a time"}
    per_request = f"one {kind.unit} per request"
    if at_once == "per_request" or experiment.option("pool_size") == "n_requests":
        return {"max_workers": n_requests, "max_workers_reason": per_request}
    if at_once == "pool":
        if max_workers is not None:
            return {"max_workers": max_workers, "max_workers_reason": f"set: {max_workers}"}
        executor = getattr(concurrent.futures, kind.executor)
        workers = default_max_workers(executor)
        return {
            "max_workers": workers,
            "max_workers_reason": (
                f"{executor.__name__}() default max_workers = {workers} "
                f"(os.cpu_count() = {os.cpu_count()})"
            ),
        }
    if at_once != "connections":
        raise ValueError(f"{experiment.name}: no at_once to cap its requests ({at_once!r})")
    limit = experiment.option("connection_limit")
    if limit is None:
        return {
            "max_workers": n_requests,
            "max_workers_reason": f"{per_request}, no connection limit",
        }
    return {
        "max_workers": min(n_requests, limit),
        "max_workers_reason": f"{per_request}, connection limit {limit}",
    }


def pool_chunksize(n_tasks, workers):
    """The chunk size multiprocessing.Pool.starmap picks: about n / (4 workers)."""
    chunksize, extra = divmod(n_tasks, workers * 4)
    return chunksize + 1 if extra else chunksize


def cpu_work_items(experiment, n_tasks, workers):
    """{'chunksize', 'work_items'}: how the numbers travel to the workers
    (None where the model sizes its batches itself as it goes: joblib)."""
    chunks = experiment.option("chunks")
    if chunks == "auto":
        return {"chunksize": None, "work_items": None}
    chunksize = pool_chunksize(n_tasks, workers) if chunks == "pool" else 1
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
