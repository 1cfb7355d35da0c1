"""The best time each experiment could reach, from its own parameters.

I/O: n requests, each answered after the target's delay d, at most W of them
in flight at once (the record's max_workers); the client's own cost ignored:
  ceil(n / W) · d    the requests go in waves of W. W is 1 for sync, n for a
                     thread per request, max_workers for a ThreadPoolExecutor,
                     the processes of a ProcessPoolExecutor, and min(n, 100)
                     for asyncio (httpx's connection limit).
  With an emulated round trip r (target.rtt_s) each wave also pays r, and a
  new connection h = r (TCP), or 2r with TLS: every wave for requests.get's
  connection per request, the first wave only for a client that keeps its
  connections (a Session, httpx):
  waves · (d + r) + h · (waves, or 1 with reuse)
CPU: the sync loop's measured median T, W workers, P usable CPUs:
  T / min(W, P)      processes: Amdahl with all the work parallel; more
                     workers than CPUs cannot help
  T                  threads under the GIL, one running at a time (on a
                     free-threaded build, T / min(W, P) as processes)
  T / min(W, P)      sub-interpreters (InterpreterPoolExecutor): a GIL each
  The CPU bound leaves out starting the workers, a cost of the method, not of
  its parameters: fork copies the parent's page tables; spawn starts a fresh
  interpreter for every worker, which imports the script's module; forkserver
  starts one such interpreter per run and forks the workers from it; a
  sub-interpreter imports the task's module itself. That cost is measured, not
  assumed: a sweep over start_method gives it per worker as (median with the
  method - median with fork) / W (analysis/start_costs.py).

Efficiency is bound / measured: 100% means the method got everything its
parameters allow; the rest is the method's own cost.
"""

import math

import pandas as pd

from bench.in_flight import io_bound_s


def io_bound(n_requests, delay_s, in_flight, rtt_s=0.0, tls=False, reuses=False):
    """(bound_s, waves); the bound is NaN without a known delay (a real URL)."""
    if delay_s is None or pd.isna(delay_s):
        return math.nan, -(-int(n_requests) // int(in_flight))
    rtt_s = 0.0 if rtt_s is None or pd.isna(rtt_s) else rtt_s
    tls = tls is not None and not pd.isna(tls) and bool(tls)
    return io_bound_s(int(n_requests), delay_s, int(in_flight), rtt_s, tls, reuses)


def gil_on(gil_enabled):
    """Whether the GIL was on: unknown (builds before 3.13) means on."""
    return gil_enabled is not False and str(gil_enabled) != "False"


def cpu_bound(concurrency, sync_median_s, workers, usable_cpus, gil_enabled=None):
    """(bound_s, CPUs at work) of a CPU experiment; `concurrency` is the
    catalog's (one, processes, threads, interpreters)."""
    if concurrency == "one" or (concurrency == "threads" and gil_on(gil_enabled)):
        return sync_median_s, 1
    parallel = max(1, min(workers, usable_cpus or workers))
    return sync_median_s / parallel, parallel


def of_run(run, sync_median_s):
    """(bound_s, waves or CPUs at work) of one experiment, from a row of its
    parameters (runs.csv's columns, with the catalog's) and its baseline's median."""
    if run["kind"] == "io":
        return io_bound(
            run["n_requests"],
            run["delay_s"],
            run["max_workers"],
            run["rtt_s"],
            run["tls"],
            reuses=bool(run["reuses_connections"]),
        )
    return cpu_bound(
        run["concurrency_model"],
        sync_median_s,
        run["workers"],
        run["usable_cpus"],
        run["gil_enabled"],
    )
