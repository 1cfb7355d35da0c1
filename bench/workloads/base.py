"""What every workload gives the harness around one timed run, and what the
workloads share: the CPUs a model keeps at work, its 'auto' workers (their
shared fields: bench.workloads.shared). Workloads import this, never each other."""

import importlib
import multiprocessing
from dataclasses import dataclass
from typing import ClassVar

from bench.environment import usable_cpus
from bench.workloads.shared import RUN


def missing(value):
    """None, NaN or pandas' NA (a table's empty cell): the bounds read rows of
    summary.csv without importing pandas."""
    return value is None or str(value) in ("nan", "<NA>")


def gil_on(gil_enabled):
    """Whether the GIL was on: unknown (builds before 3.13) means on."""
    return gil_enabled is not False and str(gil_enabled) != "False"


def cpus_at_work(concurrency, workers, usable_cpus, gil_enabled=None):
    """How many CPUs an experiment's CPU work can keep busy at once."""
    if concurrency in ("one", "coroutines") or (concurrency == "threads" and gil_on(gil_enabled)):
        return 1
    usable = None if missing(usable_cpus) else int(usable_cpus)
    return max(1, min(int(workers), usable or int(workers)))


def resolve_workers(requested):
    """'auto' is the usable CPUs: every CPU this process may run on."""
    if requested is None or str(requested) == "auto":
        cpus = usable_cpus()
        return cpus, f"auto: the usable CPUs ({cpus})"
    return int(requested), f"set: {requested}"


def set_start_method(requested, experiment=None):
    """The pools take the default context: the scripts stay as the article wrote
    them. None for a model of processes that starts them its own way, without
    multiprocessing's start method (loky, a dask nanny)."""
    if requested:
        multiprocessing.set_start_method(requested, force=True)
    if experiment is not None and experiment.own_start:
        return None
    return multiprocessing.get_start_method()


def at_once(experiment, args, resolve):
    """(W, why): the tasks a model of `any` runs at once: one for the sync
    loop, `in_flight` where the model caps them so, else its workers
    (`resolve`d as the workload reads 'auto')."""
    if experiment.concurrency == "one":
        return 1, "sync: one task at a time"
    if "in_flight" in experiment.params:
        return args.in_flight, f"in_flight: {args.in_flight} tasks at once"
    return resolve(getattr(args, "workers", None))


def models_params(experiment, args, workers, reason):
    """What the record keeps of a model's concurrency, as for a workload of one's own."""
    return {
        "workers": workers,
        "workers_requested": getattr(args, "workers", None),
        "in_flight": getattr(args, "in_flight", None),
        "workers_reason": reason,
    }


@dataclass(frozen=True)
class Study:
    """A study of a workload's own: its sweeps (config `studies: {<name>:
    {sweeps: [...]}}`) set side by side in one table, one figure and one
    report section, the subpackage <name> of its workload's package."""

    name: str
    param: str  # the parameter each of its sweeps varies
    order: int  # where the report gives its section (analysis/sections)
    one_sweep: bool = False  # its sweeps' points read as one axis: one sweep only
    workload: str = ""

    @property
    def module(self):
        """Its module (read by the analysis only: table, plot, section)."""
        return importlib.import_module(f"bench.workloads.{self.workload}.{self.name}")

    @property
    def folder(self):
        return self.module.__path__[0]


class WorkloadError(ValueError):
    """A workload that cannot be run; the message names the config key."""


@dataclass
class Setup:
    """One run's workload, ready: what the record keeps and what main() gets."""

    params: dict  # the record's params: the parameters used, as they were used
    arguments: dict  # what main() (and prepare()) may name
    n_tasks: int
    task_noun: str = "tasks"  # how the failure messages count them
    allowed_errors: int = 0  # failed tasks a run may have (printed ERROR lines)
    deadline_s: float | None = None
    target: object = None  # the embedded target (bench.target.Target), if any
    limits: dict | None = None
    latencies: bool = False  # the tasks print their times (ANSWERED lines)
    # check(result of main()) -> None, or why the result is wrong
    check_result: object = None
    # Why this model cannot run this workload here (the run is then recorded
    # as skipped, with no timed region); None when it can.
    unavailable: str | None = None


class Workload:
    """The interface of a workload (its module holds one instance)."""

    name = ""
    # Where tables and plots give it among the built-in workloads.
    order = 100
    # One of the article's own workloads: the report then checks it against
    # the article's figures and names its deviations.
    article = False
    # Its models start worker processes, whose start is a cost left out of its
    # bound (the report's Bounds say what a start costs).
    starts_workers = False
    # Every parameter its runs may take (bench.fields.Parameter) ...
    parameters = ()
    # ... and every other field its records keep (bench.fields.Field): what
    # its session derives or measures (every workload's: shared.RUN).
    fields = ()
    # {config section: its description}, of the sections its parameters are set in.
    sections: ClassVar[dict] = {}
    # Its studies (Study), each a subpackage of its package.
    studies = ()

    @property
    def says(self):
        """What its report says (the module `say` of its package): its
        sentences, its plot's tasks, its claims' reasons, what was measured.
        Read by the analysis only, which has its helpers on the path."""
        return importlib.import_module(f"{type(self).__module__}.say")

    @property
    def folder(self):
        """Its package's folder, where its report fragments are."""
        return importlib.import_module(type(self).__module__).__path__[0]

    @property
    def declared(self):
        """Every field its records keep, its parameters included."""
        return (*RUN, *self.parameters, *self.fields)

    def label_of(self, name):
        return self.label

    def gives(self, task, spec):
        """Whether its runs give a model of `any` a task of this interface
        (sync: `task`, async: `task_async`), as the config's `spec` of it says."""
        return False

    def check_config(self, config):
        """Refuse (WorkloadError, naming the key) what the config schema cannot say."""

    def session(self, experiment, args):
        """A context manager: the run's Setup, its context started before the
        timed region and stopped after it, whatever happens."""
        raise NotImplementedError

    def least_s(self, experiment, options):
        """The least time one run can take, from its command-line options, for
        the cost estimated before a run; 0 where only a measurement tells."""
        return 0.0

    def bound(self, row, baseline_median_s):
        """(bound_s, waves or CPUs at work) of one experiment, from a row of
        summary.csv's parameters and its baseline's median."""
        raise NotImplementedError
