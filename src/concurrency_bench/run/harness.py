"""What the experiment scripts share: their command line, the workload's
context, the timed region, what it cost, what the tasks printed, and the JSON
record.

An experiment script only defines the article's main() and calls run_experiment().
main() declares the arguments it uses by name and gets them from its workload
(src/concurrency_bench/workloads/: n_requests, url, timeout, max_workers; start, stop,
workers; task, task_async, items, in_flight); what the experiment is (its
workload, method...) comes from its row in the catalog. A `prepare` function,
called outside the timed region with the arguments it names, hands main() a
ready object as its `prepared` argument; a prepare that yields is a context
(a cluster, say): what follows its yield runs after the timed region, whatever
happens, and the record keeps its set-up time as params' prepare_s. A main()
that returns its results has them checked against the sync loop's, where the
workload knows them. `unavailable`, a reason or a function of the arguments
it names returning one (or None), records the run as skipped, saying why: a
task the model cannot run. A package the script imports inside
`with concurrency_bench.interpreters.packages.needed():` that this interpreter lacks skips the run
too, with the reason its environment's install recorded (pip's).
"""

import contextlib
import datetime
import faulthandler
import inspect
import sys
import time
from pathlib import Path

from concurrency_bench import workloads
from concurrency_bench.core import environment
from concurrency_bench.interpreters import packages
from concurrency_bench.models import deadline
from concurrency_bench.record import catalog
from concurrency_bench.record.run_record import SCHEMA_VERSION, write_json_atomically
from concurrency_bench.run import costs, leftovers, lifecycle, sampler
from concurrency_bench.run.command_line import parse_args, workload_name
from concurrency_bench.run.stops import (
    Stops,
    errors_text,
    measured,
    not_measured,
    task_failure,
    worker_died,
)
from concurrency_bench.run.task_output import captured_task_output
from concurrency_bench.target.embedded import TargetError
from concurrency_bench.workloads.function import cannot_run


def die(message):
    print(f"fatal: {message}", file=sys.stderr, flush=True)
    leftovers.end_leftovers()
    sys.exit(1)


def timed(main, arguments):
    """The article's timed region: exactly main(), measured with perf_counter;
    (seconds, what main() returned)."""
    coroutine = inspect.iscoroutinefunction(main)
    if coroutine:
        import asyncio  # 0.04 s to import, for a coroutine's run only: before the clock
    start_time = time.perf_counter()
    if coroutine:
        result = asyncio.run(main(**arguments))  # the article: loop.run_until_complete(main())
    else:
        result = main(**arguments)
    return time.perf_counter() - start_time, result


def experiment_of(script, argv=None):
    """The script's experiment (a model of `any` with the workload --workload
    names) and that workload."""
    try:
        experiments = catalog.load(shape_checked=True)
        row = experiments[Path(script).stem]
    except catalog.CatalogError as error:
        die(str(error))
    name = workload_name(argv) if row.workload == workloads.ANY else row.workload
    if not name:
        die(f"{row.name} runs a workload of yours: give --workload <name> with --task and --inputs")
    return experiments.instance(row.name, name), workloads.get(name)


def named(function, available):
    return {name: available[name] for name in inspect.signature(function).parameters}


def run_experiment(main, script, doc, prepare=None, unavailable=None):
    """Parse the command line, run main() once timed, write the record; or,
    with a package it needs missing (concurrency_bench.interpreters.packages) or `unavailable` (why
    this script cannot run here, or a function of its arguments saying so), a
    record of the run skipped for that reason."""
    entered = time.time()
    lifecycle.stop_cleanly_on_signals()
    leftovers.adopt_orphans()
    lifecycle.watch_worker_deaths()
    faulthandler.enable()  # a crash's traceback goes to the log
    experiment, workload = experiment_of(script)
    args = parse_args(experiment, workload, doc)
    if not experiment.runs_on(sys.version_info):
        die(
            f"{experiment.name} needs Python >= {experiment.python} (this is {sys.version.split()[0]})"
        )
    cpuinfo, cpuinfo_source = environment.cpuinfo_for_this_host(args.host_info)
    identity = {
        "schema_version": SCHEMA_VERSION,
        "experiment": experiment.name,
        "workload": workload.name,
        "method": experiment.method,
        "family": experiment.family,
        "repeat": args.repeat,
        "run_index": args.run_index,
        "cpuinfo": cpuinfo,
        "cpuinfo_source": cpuinfo_source,
    }
    Measurement(
        main, prepare, experiment, workload, args, identity, entered, unavailable
    ).run_once()


class Measurement(Stops):
    """One run: its workload's set-up, the timed region, and the record it
    leaves, assembled once (record()) from the parts that measured it."""

    def __init__(
        self, main, prepare, experiment, workload, args, identity, entered, unavailable=None
    ):
        self.main, self.prepare, self.unavailable = main, prepare, unavailable
        self.experiment, self.workload = experiment, workload
        self.args, self.identity, self.entered = args, identity, entered
        self.setup = self.environment = self.measured = self.sampler = None
        self.outcome = {"status": "ok", "reason": None}
        self.wrong_result = None
        self.left_running = None

    def run_once(self):
        # The memory sampler's process starts first, and starts up while the
        # workload's context does (the embedded target): it samples from just
        # before the timed region (measure_prepared).
        with sampler.started(self.args.memory_sampler) as self.sampler:
            try:
                with self.workload.session(self.experiment, self.args) as setup:
                    self.setup = setup
                    self.environment = environment.environment()
                    reason = packages.missing() or setup.unavailable or self.why_unavailable()
                    if reason:
                        return self.skip(reason)
                    self.measure()
            except (TargetError, workloads.WorkloadError) as error:
                die(str(error))
        self.end_leftovers()
        self.finish()

    def end_leftovers(self):
        """After the run (its pools, sampler and target gone): end what the
        task left running, and say so."""
        self.left_running = leftovers.end_leftovers()
        if self.left_running["n"]:
            print(f"note: {leftovers.said(self.left_running)}", file=sys.stderr, flush=True)

    @property
    def target_process(self):
        return self.setup.target.process if self.setup.target else None

    def why_unavailable(self):
        """The script's own reason not to run here, if any; for a model of
        `any`, a task its worker processes or sub-interpreters cannot get."""
        arguments = self.setup.arguments
        if callable(self.unavailable):
            return self.unavailable(**named(self.unavailable, arguments))
        if self.unavailable or not self.experiment.is_model or self.experiment.task != "sync":
            return self.unavailable
        return cannot_run(self.experiment, arguments["task"], arguments["items"])

    def measure(self):
        """Run main() once, timed, with the arguments it names of the workload's."""
        with contextlib.ExitStack() as prepared:
            self.measure_prepared(prepared)

    def prepared(self, stack):
        """What prepare() hands main(), made before the timed region (a context
        entered on `stack`, left after it); its time goes to params' prepare_s."""
        started = time.perf_counter()
        arguments = named(self.prepare, self.setup.arguments)
        if inspect.isgeneratorfunction(self.prepare):
            ready = stack.enter_context(contextlib.contextmanager(self.prepare)(**arguments))
        else:
            ready = self.prepare(**arguments)
        self.setup.params["prepare_s"] = time.perf_counter() - started
        return ready

    def measure_prepared(self, stack):
        available = self.setup.arguments
        arguments = named(self.main, {**available, "prepared": None})
        if self.prepare:
            arguments["prepared"] = self.prepared(stack)
        if self.sampler:
            self.sampler.begin(costs.tree_pids(self.target_process))
        before = self.snapshot()
        started_at = time.time()
        with captured_task_output() as output:
            expired = lambda: self.expire(output, before, started_at)
            with deadline.watching(self.setup.deadline_s, expired):
                try:
                    elapsed_s, result = timed(self.main, arguments)
                except SystemExit as exited:  # in this process, or passed back by a pool
                    die(
                        f"workload {self.workload.name}: {self.experiment.name}: "
                        f"the task exited with status {exited.code}"
                    )
                except Exception as error:
                    if worker_died(error) and self.records_faults:
                        return self.broken(worker_died(error), output, before, started_at)
                    failed = task_failure(error)
                    if failed is None:
                        raise
                    die(
                        f"workload {self.workload.name}: {self.experiment.name}: the task failed on {failed}"
                    )
        after = self.snapshot()
        self.measured = measured(
            self.setup, output, before, after, started_at, elapsed_s, self.tree_memory()
        )
        if self.setup.check_result:
            self.wrong_result = self.setup.check_result(result)
        print(f"Elapsed run time: {elapsed_s} seconds.")

    def snapshot(self):
        return costs.Snapshot.take(self.target_process, self.sampler and self.sampler.pid)

    def tree_memory(self):
        """The sampler's findings (concurrency_bench.run.sampler), None where it was off."""
        return self.sampler.stop() if self.sampler else None

    def finish(self):
        errors, allowed = self.measured["errors"], self.setup.allowed_errors
        if errors["count"] > allowed:
            reason = (
                f"{errors['count']} of {self.setup.n_tasks} {self.setup.task_noun} failed"
                f"{errors_text(errors, ': ')}"
            )
            where = self.setup.params.get("url")
            self.fail(f"{reason} (to {where}); at most {allowed} allowed (io.max_errors)", reason)
        elif self.wrong_result:
            self.fail(f"workload {self.workload.name}: {self.wrong_result}", self.wrong_result)
        self.write()

    def skip(self, reason):
        """A model that cannot run this workload here: a record that says why,
        without a timed region, so that the report names it, never times it."""
        self.measured = not_measured(time.time())
        self.outcome = {"status": "skipped", "reason": reason}
        print(f"skipped: {reason}", file=sys.stderr)
        self.write()

    def fail(self, message, reason):
        """A failed run: the job fails without a record, or in a sweep
        (--record-failure) the record says why."""
        if not self.args.record_failure:
            die(f"{message}: no record written")
        self.outcome = {"status": "failed", "reason": reason}
        print(f"failed: {reason}", file=sys.stderr)

    def record(self):
        """The run record (src/concurrency_bench/record/schemas/run.schema.yaml), from its parts."""
        started = datetime.datetime.fromisoformat(self.measured["started_at"]).timestamp()
        timed_to = started + (self.measured["elapsed_s"] or 0.0)
        return {
            **self.identity,
            "machine": self.args.machine or self.environment["hostname"],
            "params": self.setup.params,
            "limits": self.setup.limits,
            "environment": self.environment,
            **self.measured,
            "outcome": self.outcome,
            "left_running": self.left_running,
            "job": {
                **lifecycle.job_costs(self.entered, started, timed_to),
                **lifecycle.cluster_job(),
            },
        }

    def write(self):
        if self.args.output:
            write_json_atomically(self.args.output, self.record())
