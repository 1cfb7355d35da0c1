"""The article's CPU-bound workload: get_prime_numbers(num) for num in a range.

No context: the numbers are the range. Its bound is the sync loop's measured
time over the CPUs that can work on it at once: one under the GIL, min(W, P)
for processes and sub-interpreters (its kind's, concurrency_bench.models).

Under a model of `any` (config `workloads: {sieve: {}}`) each number is an
item and the task the article's get_prime_numbers; its results, the primes up
to each number, are checked against one sieve up to the range's end.
"""

import bisect
from contextlib import contextmanager

from concurrency_bench import models
from concurrency_bench.core.declarations import asked
from concurrency_bench.models import in_flight
from concurrency_bench.workloads.base import (
    CHUNKS,
    Setup,
    Workload,
    WorkloadError,
    set_start_method,
)
from concurrency_bench.workloads.references import article_task
from concurrency_bench.workloads.sieve.fields import FIELDS, PARAMETERS


def primes_below(stop):
    """The primes below `stop`, by one sieve (a fraction of the runs' work)."""
    prime = bytearray([1]) * stop
    prime[:2] = b"\x00\x00"
    for n in range(2, int(stop**0.5) + 1):
        if prime[n]:
            prime[n * n :: n] = bytes(len(range(n * n, stop, n)))
    return [n for n in range(stop) if prime[n]]


def primes_check(experiment, numbers):
    """A model's results: for each number, in order, the primes up to it."""
    primes = primes_below(numbers[-1] + 1)

    def check(results):
        results = list(results or [])
        if len(results) != len(numbers):
            return f"{experiment.name}: {len(results)} results for {len(numbers)} numbers"
        for num, got in zip(numbers, results):
            if got != primes[: bisect.bisect_right(primes, num)]:
                return f"{experiment.name} returned other primes than the sieve's for {num}"
        return None

    return check


class Sieve(Workload):
    name = "sieve"
    order = 2
    article = True
    starts_workers = True
    label = "CPU-bound"
    what = "the article's prime sieve"
    parameters = PARAMETERS
    fields = FIELDS

    options = (CHUNKS,)  # how the numbers travel to the workers

    def gives(self, task, spec):
        return task == "sync"  # get_prime_numbers has no async twin

    def check_config(self, config):
        start, stop = config["cpu"]["start"], config["cpu"]["stop"]
        if start >= stop:
            raise WorkloadError(f"config: cpu.start ({start}) must be below cpu.stop ({stop})")

    @contextmanager
    def session(self, experiment, args):
        if args.start >= args.stop:
            raise WorkloadError(f"--start ({args.start}) must be below --stop ({args.stop})")
        requested = getattr(args, "workers", None)
        # The article's scripts take 'auto' as it does (their rows' `auto`).
        workers, reason = models.of(experiment).in_flight(experiment, args)
        n_tasks = args.stop - args.start
        params = {
            **asked(self.parameters, args, "start", "stop", "start_method"),
            "n_tasks": n_tasks,
            "workers": workers,
            "workers_requested": requested if requested is not None else "auto",
            "workers_reason": reason,
            "start_method": set_start_method(getattr(args, "start_method", None), experiment),
            **in_flight.cpu_work_items(experiment, n_tasks, workers),
        }
        arguments = {"start": args.start, "stop": args.stop, "workers": workers}
        check = None
        if experiment.is_model:
            params["in_flight"] = getattr(args, "in_flight", None)
            numbers = list(range(args.start, args.stop))
            task = article_task("get_prime_numbers")
            arguments.update(task=task, items=numbers, in_flight=workers)
            check = primes_check(experiment, numbers)
        yield Setup(
            params=params,
            arguments=arguments,
            n_tasks=n_tasks,
            check_result=check,
            latencies=True,
        )

    def bound(self, row, baseline_median_s):
        """T / (CPUs at work): all the work parallel (Amdahl), the workers'
        start left out (the method's cost, not its parameters')."""
        cpus = models.of(row).cpus_at_work(row["workers"], row["usable_cpus"], row["gil_enabled"])
        return baseline_median_s / cpus, cpus


SIEVE = Sieve()
WORKLOAD = SIEVE
