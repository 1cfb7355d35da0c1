"""A toy workload, added as one package: `size` numbers a run, each squared
after a short wait. Under the models of `any` (config `workloads: {toy: {}}`)."""

import time
from contextlib import contextmanager
from typing import ClassVar

from concurrency_bench import models
from concurrency_bench.core.declarations import asked, p
from concurrency_bench.workloads.base import Setup, Study, Workload, models_params
from concurrency_bench.workloads.shared import WORKERS_ASKED, pool_workers, tasks_in_flight

WAIT_S = 0.002


def square(number):
    time.sleep(WAIT_S)
    return number * number


class Toy(Workload):
    name = "toy"
    order = 9
    label = "Toys"
    what = "numbers squared"
    sections: ClassVar[dict] = {"toy": "the toy workload"}
    parameters = (
        p(
            "size",
            "toy.size",
            "--size",
            schema={
                "type": "integer",
                "minimum": 1,
                "maximum": 1000,
                "default": 8,
                "description": "numbers squared per run",
            },
            sweep=True,
            summary=True,
        ),
        pool_workers("toy.workers", "processes of the toy's pools"),
        tasks_in_flight("toy.in_flight", "threads of the toy's pools"),
    )
    fields = WORKERS_ASKED
    # Its times as the toys grow: the sweeps over size, side by side.
    studies = (Study("growth", "size", order=88),)

    def gives(self, task, spec):
        return task == "sync"

    @contextmanager
    def session(self, experiment, args):
        numbers = list(range(args.size))
        workers, reason = models.of(experiment).in_flight(experiment, args)
        squares = [number * number for number in numbers]
        yield Setup(
            params={
                **asked(self.parameters, args, "size"),
                "n_tasks": len(numbers),
                **models_params(experiment, args, workers, reason),
            },
            arguments={"task": square, "items": numbers, "workers": workers, "in_flight": workers},
            n_tasks=len(numbers),
            check_result=lambda results: None if list(results) == squares else "not the squares",
        )

    def bound(self, row, baseline_median_s):
        """T / W: each toy mostly waits, W of them at once."""
        kind = models.of(row)
        return baseline_median_s / int(row["workers"]), kind.cpus_at_work(
            row["workers"], row["usable_cpus"], row["gil_enabled"]
        )


WORKLOAD = Toy()
