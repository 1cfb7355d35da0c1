"""The best time each experiment could reach, from its own parameters.

I/O (n requests, each answered after a delay d; the client's own cost ignored):
  sync                 n · d             one request at a time
  threading.Thread     d                 every request in flight at once
  ThreadPoolExecutor   ceil(n / W) · d   W workers: the requests go in waves
  asyncio.gather       ceil(n / C) · d   httpx keeps at most C = 100 connections
CPU (the sync loop's measured median T, W worker processes, P usable CPUs):
  parallel             T / min(W, P)     Amdahl with all the work parallel;
                                         more workers than CPUs cannot help

Efficiency is bound / measured: 100% means the method got everything its
parameters allow; the rest is the method's own cost.
"""

import math

from concurrency import HTTPX_MAX_CONNECTIONS


def io_bound(method, n_requests, delay_s, max_workers):
    """(bound_s, waves) of an I/O method; bound NaN without a known delay."""
    in_flight = {
        "sync": 1,
        "threading.Thread": n_requests,
        "ThreadPoolExecutor": max_workers,
        "asyncio.gather": min(n_requests, HTTPX_MAX_CONNECTIONS),
    }[method]
    waves = math.ceil(n_requests / in_flight)
    if delay_s is None or math.isnan(delay_s):
        return math.nan, waves  # a real URL: its latency is not a parameter
    return waves * delay_s, waves


def cpu_bound(method, sync_median_s, workers, usable_cpus):
    """(bound_s, effective parallelism) of a CPU method."""
    if method == "sync":
        return sync_median_s, 1
    parallel = max(1, min(workers, usable_cpus or workers))
    return sync_median_s / parallel, parallel
