"""The article's CPU-bound workload: get_prime_numbers(num) for num in a range.

No context: the numbers are the range. Its bound is the sync loop's measured
time over the CPUs that can work on it at once: one under the GIL, min(W, P)
for processes and sub-interpreters (bench.workloads.function.cpu_parallel).
"""

import multiprocessing
from contextlib import contextmanager

from bench import in_flight
from bench.parameters import p
from bench.workloads.base import Setup, Workload, WorkloadError, missing


def gil_on(gil_enabled):
    """Whether the GIL was on: unknown (builds before 3.13) means on."""
    return gil_enabled is not False and str(gil_enabled) != "False"


def cpus_at_work(concurrency, workers, usable_cpus, gil_enabled=None):
    """How many CPUs an experiment's CPU work can keep busy at once."""
    if concurrency in ("one", "coroutines") or (concurrency == "threads" and gil_on(gil_enabled)):
        return 1
    usable = None if missing(usable_cpus) else int(usable_cpus)
    return max(1, min(int(workers), usable or int(workers)))


def set_start_method(requested):
    """The pools take the default context: the scripts stay as the article wrote them."""
    if requested:
        multiprocessing.set_start_method(requested, force=True)
    return multiprocessing.get_start_method()


class Sieve(Workload):
    name = "sieve"
    label = "CPU-bound"
    what = "the article's prime sieve"
    parameters = (
        p("start", "cpu.start", "--start"),
        p("stop", "cpu.stop", "--stop"),
        p("workers", "cpu.workers", "--workers", "workers_requested", per_experiment=True),
        p(
            "start_method",
            "cpu.start_method",
            "--start-method",
            "start_method_requested",
            per_experiment=True,
        ),
    )

    def check_config(self, config):
        start, stop = config["cpu"]["start"], config["cpu"]["stop"]
        if start >= stop:
            raise WorkloadError(f"config: cpu.start ({start}) must be below cpu.stop ({stop})")

    @contextmanager
    def session(self, experiment, args):
        if args.start >= args.stop:
            raise WorkloadError(f"--start ({args.start}) must be below --stop ({args.stop})")
        requested = getattr(args, "workers", None)
        if experiment.concurrency == "one":
            workers, reason = 1, "sync: one process"
        else:
            workers, reason = in_flight.resolve_workers(requested)
        start_method_requested = getattr(args, "start_method", None)
        n_tasks = args.stop - args.start
        params = {
            "start": args.start,
            "stop": args.stop,
            "n_tasks": n_tasks,
            "workers": workers,
            "workers_requested": requested if requested is not None else "auto",
            "workers_reason": reason,
            "start_method": set_start_method(start_method_requested),
            "start_method_requested": start_method_requested,
            **in_flight.cpu_work_items(experiment, n_tasks, workers),
        }
        yield Setup(
            params=params,
            arguments={"start": args.start, "stop": args.stop, "workers": workers},
            n_tasks=n_tasks,
            latencies=True,
        )

    def bound(self, row, baseline_median_s):
        """T / (CPUs at work): all the work parallel (Amdahl), the workers'
        start left out (the method's cost, not its parameters')."""
        cpus = cpus_at_work(
            row["concurrency_model"], row["workers"], row["usable_cpus"], row["gil_enabled"]
        )
        return baseline_median_s / cpus, cpus


SIEVE = Sieve()
