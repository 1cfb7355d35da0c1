"""What every workload gives the harness around one timed run."""

from dataclasses import dataclass


def missing(value):
    """None, NaN or pandas' NA (a table's empty cell): the bounds read rows of
    summary.csv without importing pandas."""
    return value is None or str(value) in ("nan", "<NA>")


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
    # Every parameter its runs may take (bench.parameters.Parameter).
    parameters = ()

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
