"""A workload of the user's: a function of one item, and where the items come from.

The config names them (key `workloads`), each as `path/to/file.py:function`:
  task        a function of one item, returning its result (the sync models)
  task_async  optional: a coroutine function of one item (the asyncio models)
  inputs      a function returning the items (called once, outside the timed region)
They are read and imported by concurrency_bench.workloads.references.

Before the models run, the workflow profiles the workload (concurrency_bench.run.calibration):
one sync pass measures each task's wall and CPU time and what processes pay
to send an item and a result; its results are what every model must return.
Items or results that cannot be pickled skip the models that pickle them
(processes, sub-interpreters, a cluster), saying what could not be.
Each run keeps the profile's facts in its params, and its bound follows from
them: the CPU share c of the sync loop's time T runs on one core at a time
under the GIL, on min(W, P) CPUs in processes; the waiting overlaps W at once.
"""

import json
import pickle
import re
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from concurrency_bench import models
from concurrency_bench.core.declarations import asked
from concurrency_bench.core.traced import count_done_in, describe_item, items_done
from concurrency_bench.models import in_flight
from concurrency_bench.workloads.base import (
    CHUNKS,
    Setup,
    Workload,
    WorkloadError,
    missing,
    models_params,
    set_start_method,
)
from concurrency_bench.workloads.function.expected import comparable
from concurrency_bench.workloads.function.fields import FIELDS, PARAMETERS, PROFILE
from concurrency_bench.workloads.references import load_items, load_task, pickle_problem

# A line of a traceback that names an error: "ImportError: ...".
ERROR_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception): ")
# What the calibration measures, as each run's params keep it.
PROFILE_KEYS = tuple(field.key for field in PROFILE)


def first_difference(results, expected):
    """(index, got, wanted) of the first result unlike the sync loop's; None if all agree."""
    results = list(results)
    for i, (got, wanted) in enumerate(zip(results, expected)):
        if got != wanted:
            return i, got, wanted
    if len(results) != len(expected):
        return min(len(results), len(expected)), f"{len(results)} results", f"{len(expected)}"
    return None


def result_check(experiment, items, expected, checked="equal"):
    def check(results):
        difference = first_difference(comparable(list(results or []), checked), expected)
        if difference is None:
            return None
        i, got, wanted = difference
        return (
            f"{experiment.name} returned another result than the sync loop for item {i} "
            f"({describe_item(items[i]) if i < len(items) else 'beyond the items'}): "
            f"{describe_item(got)} instead of {describe_item(wanted)}"
        )

    return check


def read_profile(path):
    """The calibration's facts, the sync loop's results as it kept them, and
    what of the work cannot be pickled (None, None without a profile)."""
    if not path:
        return dict.fromkeys(PROFILE_KEYS), None, None
    with open(path) as profile_file:
        profile = json.load(profile_file)
    with open(Path(path).with_name("expected.pickle"), "rb") as expected_file:
        expected = pickle.load(expected_file)
    facts = {key: profile.get(key) for key in PROFILE_KEYS}
    return facts, expected, (profile.get("unpicklable") or {}).get("said")


def not_pickled(experiment, refused):
    """Why a model that pickles the items and results cannot run them; None
    if it needs no pickling, or they pickle."""
    kind = models.of(experiment)
    return f"{refused}: {kind.said} need them pickled" if refused and kind.pickles else None


def deadline_s(args, profile, n_tasks):
    """A model run's deadline: deadline_factor times the profile's sync time,
    never below min_deadline_s; timeout_s without a profile."""
    if profile["task_s"] is None:
        return args.profile_timeout
    return max(args.min_deadline, args.deadline_factor * profile["task_s"] * n_tasks)


def cannot_run(experiment, task, items):
    """Why a model of workers in other processes or sub-interpreters cannot run
    the task here (tried on its first item, outside the timed region); None if
    it can, or if it runs in this interpreter."""
    kind = models.of(experiment)
    if not kind.pickles:
        return None
    problem = pickle_problem(task)
    # A sub-interpreter may refuse the task's modules (a compiled one that does not support them).
    if problem is None and kind is models.INTERPRETERS:
        from concurrent.futures import InterpreterPoolExecutor

        try:
            with InterpreterPoolExecutor(max_workers=1) as trial:
                trial.submit(task, items[0]).result()
        except Exception as error:  # noqa: BLE001 (the user's code may raise anything)
            problem = root_cause(error)
    return problem and f"{experiment.method} cannot run this task: {problem}"


def root_cause(error):
    """The innermost error's line, e.g. 'ImportError: module x does not support
    loading in subinterpreters', out of the chain a sub-interpreter sends back."""
    while error.__cause__ is not None:
        error = error.__cause__
    text = f"{type(error).__name__}: {error}"
    lines = [
        line
        for line in text.splitlines()
        if ERROR_LINE.match(line) and "NotShareableError" not in line and "Traceback" not in line
    ]
    return lines[-1] if lines else text.splitlines()[0]


class FunctionWorkload(Workload):
    """One workload of the config, by name; its module-level twin FUNCTION
    knows every such workload's parameters, words and bound."""

    starts_workers = True
    label = "Your workload"
    what = "a function of one item"
    parameters = PARAMETERS
    fields = FIELDS

    options = (CHUNKS,)  # how the items travel to the workers, as the sieve's numbers

    def __init__(self, name="", spec=None):
        self.name, self.spec = name, spec or {}

    def label_of(self, name):
        return f"Your workload `{name}`"

    def gives(self, task, spec):
        return task == "sync" or bool(spec.get("task_async"))

    def key(self, field):
        return f"workloads.{self.name}.{field}"

    @contextmanager
    def session(self, experiment, args):
        if experiment.task == "async":
            if not args.task_async:
                raise WorkloadError(
                    f"config: {self.key('task_async')}: {experiment.name} needs an async task"
                )
            task = load_task(args.task_async, self.key("task_async"), coroutine=True)
        else:
            task = load_task(args.task, self.key("task"))
        items = load_items(args.inputs, self.key("inputs"))
        workers, reason = models.of(experiment).in_flight(experiment, args)
        profile, expected, refused = read_profile(args.profile)
        if expected is None:
            print(
                "note: no --profile: the results are not checked against the sync loop's",
                file=sys.stderr,
            )
        params = {
            **asked(self.parameters, args, "task", "task_async", "inputs", "start_method"),
            "n_tasks": len(items),
            **models_params(experiment, args, workers, reason),
            "start_method": set_start_method(getattr(args, "start_method", None), experiment),
            **in_flight.cpu_work_items(experiment, len(items), workers),
            **profile,
            "deadline_s": deadline_s(args, profile, len(items)),
        }
        with tempfile.TemporaryDirectory(prefix="items-done-") as folder:
            count_done_in(folder)
            yield self.setup(experiment, params, task, items, expected, refused)

    def setup(self, experiment, params, task, items, expected, refused):
        """The run's Setup: what main() gets, how its results are checked."""
        workers = params["workers"]
        return Setup(
            params=params,
            arguments={
                "task": task,
                "task_async": task,
                "items": items,
                "workers": workers,
                "in_flight": workers,
            },
            n_tasks=len(items),
            check_result=result_check(experiment, items, expected, params["results_checked"])
            if expected is not None
            else None,
            unavailable=not_pickled(experiment, refused),
            deadline_s=params["deadline_s"],
            items_done=items_done,
        )

    def bound(self, row, baseline_median_s):
        """max(CPU on the CPUs at work, the sync time over W at once), plus what
        the parent pays to send the items and read the results of processes."""
        share = row.get("cpu_share")
        share = 1.0 if missing(share) else min(1.0, float(share))
        kind = models.of(row)
        cpus = kind.cpus_at_work(row["workers"], row["usable_cpus"], row["gil_enabled"])
        at_once = int(row["workers"])  # the record's W: its workers, or its tasks in flight
        bound_s = max(share * baseline_median_s / cpus, baseline_median_s / at_once)
        # What the profile's transfer_s measures: a process pool's parent's pickling.
        if kind.starts_processes and not missing(row.get("transfer_s")):
            bound_s += int(row["n_tasks"]) * float(row["transfer_s"])
        return bound_s, cpus


FUNCTION = FunctionWorkload()
