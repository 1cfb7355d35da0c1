"""What every workload gives the harness around one timed run, and what the
workloads share: the options of their catalog rows, the start method, their
studies. Workloads import this, never each other; what a kind of model does
(its workers, its CPUs at work) is concurrency_bench.models', their shared fields
concurrency_bench.workloads.shared's."""

import multiprocessing
from dataclasses import dataclass
from importlib.resources import files
from typing import ClassVar

from concurrency_bench.models import gil_on, missing  # noqa: F401 (the workloads' and the bounds' helpers)
from concurrency_bench.workloads.shared import RUN


@dataclass(frozen=True)
class Option:
    """A knob of a catalog row (its `options`) that its workload reads: the
    values it may take (any integer >= 1 too, if `count`) and its default."""

    name: str
    values: tuple = ()
    default: object = None
    count: bool = False

    def problem(self, value):
        """Why `value` is not one of this option's; None if it is."""
        if self.count and type(value) is int and value >= 1:
            return None
        # True == 1 in Python: a value must be of its allowed value's type too.
        if any(type(value) is type(allowed) and value == allowed for allowed in self.values):
            return None
        allowed = [repr(v) for v in self.values] + (["an integer >= 1"] if self.count else [])
        return f"{value!r} is not {' or '.join(allowed)}"


# How the items travel to the workers (sieve, a function of yours): one per
# work item, in Pool's chunks (about n / (4 workers)), or in batches the model
# sizes itself (joblib).
CHUNKS = Option("chunks", ("one", "pool", "auto"), default="one")


def set_start_method(requested, experiment=None):
    """The pools take the default context: the scripts stay as the article wrote
    them. None for a model of processes that starts them its own way, without
    multiprocessing's start method (loky, a dask nanny)."""
    if requested:
        multiprocessing.set_start_method(requested, force=True)
    if experiment is not None and experiment.own_start:
        return None
    return multiprocessing.get_start_method()


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
    def package(self):
        """Its package's name; the report loads it (table, plot, section)."""
        return f"{__package__}.{self.workload}.{self.name}"

    @property
    def folder(self):
        """Its folder, found without importing it (its caption is read at parse time)."""
        return str(files(f"{__package__}.{self.workload}") / self.name)


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
    target: object = None  # the embedded target (concurrency_bench.target.embedded.Target), if any
    limits: dict | None = None
    latencies: bool = False  # the tasks print their times (ANSWERED lines)
    # check(result of main()) -> None, or why the result is wrong
    check_result: object = None
    # Why this model cannot run this workload here (the run is then recorded
    # as skipped, with no timed region); None when it can.
    unavailable: str | None = None
    # items_done() -> how many tasks are done so far, for a workload whose
    # run past its deadline is recorded `timed out` (a user's); None: it fails.
    items_done: object = None


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
    # Every parameter its runs may take (concurrency_bench.core.declarations.Parameter) ...
    parameters = ()
    # ... and every other field its records keep (concurrency_bench.core.declarations.Field): what
    # its session derives or measures (every workload's: shared.RUN).
    fields = ()
    # {config section: its description}, of the sections its parameters are set in.
    sections: ClassVar[dict] = {}
    # Its studies (Study), each a subpackage of its package.
    studies = ()
    # The knobs a catalog row of it may set (`options`: Option).
    options = ()

    @property
    def folder(self):
        """Its package's folder, where its report fragments are."""
        return str(files(type(self).__module__))

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

    def check_options(self, experiment):
        """Why a row's options do not fit together or its kind (None if they do):
        what each option's own values cannot say."""

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
