"""The best time each experiment could reach, from its own parameters.

http (the article's I/O): n requests, each answered after the target's delay
d, at most W of them in flight at once (the record's max_workers); the
client's own cost ignored:
  ceil(n / W) · d    the requests go in waves of W. W is 1 for sync, n for a
                     thread per request, max_workers for a ThreadPoolExecutor,
                     the processes of a ProcessPoolExecutor, and min(n, 100)
                     for asyncio (httpx's connection limit).
  With an emulated round trip r (target.rtt_s) each wave also pays r, and a
  new connection h = r (TCP), or 2r with TLS: every wave for requests.get's
  connection per request, the first wave only for a client that keeps its
  connections (a Session, httpx):
  waves · (d + r) + h · (waves, or 1 with reuse)
sieve (the article's CPU work): the sync loop's median T, W workers, P usable
CPUs:
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
  method - median with fork) / W (src/concurrency_bench/analysis/start_costs.py).

A user's function (src/concurrency_bench/workloads/function/): the sync loop's measured
median T, the share c of it the task spends on the CPU (the profile's
cpu_share: CPU time / wall time of one sync pass), W at once (the workers, or
the tasks in flight), the CPUs at work as for the sieve (1 under the GIL):
  max(c · T / CPUs at work, T / W)
                     the CPU part cannot go faster than its CPUs allow, the
                     waiting part than W at once
  + n · transfer_s   process pools: the parent pickles each of the n items
                     and unpickles its result (the profile's transfer_s)

Efficiency is bound / measured: 100% means the method got everything its
parameters allow; the rest is the method's own cost. Each workload computes
its own (its `bound`, src/concurrency_bench/workloads/): here it is only asked for.
"""

from concurrency_bench import workloads
from concurrency_bench.workloads.base import gil_on  # noqa: F401 (what the sentences say of threads)


def of_run(run, baseline_median_s):
    """(bound_s, waves or CPUs at work) of one experiment, from a row of its
    parameters (summary.csv's columns, with the catalog's) and its baseline's
    median, as its workload computes them."""
    return workloads.family(run["workload"]).bound(run, baseline_median_s)
