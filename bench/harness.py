"""What the experiment scripts share: their command line, the embedded target,
the timed region, what it cost, what the tasks printed, and the JSON record.

An experiment script only defines the article's main() and calls run_experiment().
main() declares the parameters it uses by name (n_requests, url, timeout,
max_workers; start, stop, workers) and gets them from the command line; what
the experiment is (kind, method...) comes from its row in the catalog. A
`prepare` function, called outside the timed region with the arguments it
names, hands main() a ready object as its `prepared` argument.
"""

import asyncio
import datetime
import inspect
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

from bench import catalog, costs, deadline, environment, in_flight, lifecycle
from bench.command_line import parse_args
from bench.record import SCHEMA_VERSION, write_json_atomically
from bench.target import TargetError, embedded_target
from bench.task_output import captured_task_output


def die(message):
    print(f"fatal: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def timed(main, arguments):
    """The article's timed region: exactly main(), measured with perf_counter."""
    start_time = time.perf_counter()
    if inspect.iscoroutinefunction(main):
        asyncio.run(main(**arguments))  # the article: loop.run_until_complete(main())
    else:
        main(**arguments)
    return time.perf_counter() - start_time


def experiment_of(script):
    try:
        return catalog.of_script(script)[Path(script).stem]
    except catalog.CatalogError as error:
        die(str(error))


def named(function, available):
    return {name: available[name] for name in inspect.signature(function).parameters}


def run_experiment(main, script, doc, prepare=None):
    """Parse the command line, run main() once timed, write the record."""
    entered = time.time()
    lifecycle.stop_cleanly_on_signals()
    experiment = experiment_of(script)
    args = parse_args(experiment, doc)
    if not experiment.runs_on(sys.version_info):
        die(
            f"{experiment.name} needs Python >= {experiment.python} (this is {sys.version.split()[0]})"
        )
    cpuinfo, cpuinfo_source = environment.cpuinfo_for_this_host(args.host_info)
    run = {
        "schema_version": SCHEMA_VERSION,
        "experiment": experiment.name,
        "kind": experiment.kind,
        "method": experiment.method,
        "family": experiment.family,
        "repeat": args.repeat,
        "run_index": args.run_index,
        "cpuinfo": cpuinfo,
        "cpuinfo_source": cpuinfo_source,
    }
    measure = Measurement(main, prepare, experiment, args, run, entered)
    if experiment.kind == "io":
        measure.io()
    else:
        measure.cpu()


def raise_open_files_limit():
    """Many requests at once need many sockets: the soft limit goes up to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return {"nofile_soft_before": soft, "nofile_soft": hard, "nofile_hard": hard}


class Measurement:
    """One run: its parameters, the timed region, and the record it leaves."""

    def __init__(self, main, prepare, experiment, args, run, entered):
        self.main, self.prepare = main, prepare
        self.experiment, self.args, self.run, self.entered = experiment, args, run, entered
        self.target = None

    def io(self):
        args = self.args
        if args.max_workers is not None and "max_workers" not in self.experiment.params:
            die(
                f"--max-workers: {self.experiment.name} ({self.experiment.method}) has no max_workers to set"
            )
        self.run["limits"] = raise_open_files_limit()
        try:
            with embedded_target(
                args.url,
                args.delay,
                args.timeout,
                rtt_s=args.rtt,
                tls=args.tls,
                python=args.target_python,
            ) as target:
                self.target = target
                params = self.io_params()
                available = {
                    "n_requests": args.n_requests,
                    "url": target.url,
                    "timeout": args.timeout,
                    "max_workers": args.max_workers,
                }
                self.measure(params, available, params["deadline_s"])
                target.check_alive()
        except TargetError as error:
            die(str(error))
        self.finish()

    def io_params(self):
        args, target = self.args, self.target
        params = {
            "n_requests": args.n_requests,
            "url": target.url,
            "target_embedded": target.embedded,
            "delay_s": args.delay if target.embedded else None,
            "rtt_s": args.rtt if target.embedded else None,
            "tls": target.url.startswith("https://"),
            "timeout": args.timeout,
            "max_errors": args.max_errors,
            "max_workers_requested": args.max_workers,
            **in_flight.io_concurrency(self.experiment, args.n_requests, args.max_workers),
        }
        params["deadline_s"] = deadline.deadline_s(
            params, args.deadline_factor, args.min_deadline, self.experiment.reuses_connections
        )
        return params

    def cpu(self):
        args = self.args
        workers, reason = in_flight.resolve_workers(args.workers)
        if args.start >= args.stop:
            die(f"--start ({args.start}) must be below --stop ({args.stop})")
        if self.experiment.concurrency == "one":
            workers, reason = 1, "sync: one process"
        if args.start_method:
            # Pool and ProcessPoolExecutor take the default context: the
            # scripts stay as the article wrote them.
            multiprocessing.set_start_method(args.start_method, force=True)
        params = {
            "start": args.start,
            "stop": args.stop,
            "workers": workers,
            "workers_requested": args.workers,
            "workers_reason": reason,
            "start_method": multiprocessing.get_start_method(),
            "start_method_requested": args.start_method,
            **in_flight.cpu_work_items(self.experiment, args.stop - args.start, workers),
        }
        self.run["limits"] = None
        self.measure(params, {key: params[key] for key in ("start", "stop", "workers")})
        self.finish()

    def measure(self, params, available, deadline_s=None):
        """Run main() once, timed, with the arguments it names from `available`."""
        arguments = named(self.main, {**available, "prepared": None})
        if self.prepare:
            arguments["prepared"] = self.prepare(**named(self.prepare, available))
        self.run.update(params=params, environment=environment.environment())
        process = self.target.process if self.target else None
        before = costs.Snapshot.take(process)
        started_at = time.time()
        with captured_task_output() as output:
            expired = lambda: self.expire(output, before, started_at)
            with deadline.watching(deadline_s, expired):
                elapsed_s = timed(self.main, arguments)
        self.account(output, before, costs.Snapshot.take(process), started_at, elapsed_s)
        print(f"Elapsed run time: {elapsed_s} seconds.")

    def account(self, output, before, after, started_at, elapsed_s):
        """The record's measured part, from the output and the two snapshots."""
        spent = costs.resources(before, after)
        self.run.update(
            elapsed_s=elapsed_s,
            started_at=lifecycle.iso_utc(started_at),
            finished_at=lifecycle.iso_utc(started_at + elapsed_s),
            errors=output.errors(),
            observed=output.workers(),
            latency=output.latencies() if self.experiment.kind == "io" else None,
            resources=spent,
            noise=costs.noise(before, after, spent),
            target=self.target.description() if self.target else None,
            outcome={"status": "ok", "reason": None},
        )

    def expire(self, output, before, started_at):
        """Past the deadline (in the watcher thread): record or fail, and leave."""
        elapsed_s = time.time() - started_at
        so_far = output.so_far()
        after = costs.Snapshot.take(self.target.process if self.target else None)
        self.account(so_far, before, after, started_at, elapsed_s)
        answered = (self.run["latency"] or {}).get("n", 0)
        reason = (
            f"deadline {self.run['params']['deadline_s']:.0f} s passed with {answered:,} of "
            f"{self.args.n_requests:,} requests answered{errors_text(self.run['errors'], ', ')}"
        )
        if self.args.record_failure:
            self.run["outcome"] = {"status": "failed", "reason": reason}
            self.write()
        os.write(2, f"fatal: {reason}\n".encode())
        lifecycle.end_children()
        os._exit(0 if self.args.record_failure else 1)

    def finish(self):
        errors, allowed = self.run["errors"], getattr(self.args, "max_errors", 0)
        if errors["count"] > allowed:
            params = self.run["params"]
            reason = f"{errors['count']} of {params['n_requests']} requests failed{errors_text(errors, ': ')}"
            if not self.args.record_failure:
                die(
                    f"{reason} (to {params['url']}); at most {allowed} allowed (io.max_errors): no record written"
                )
            self.run["outcome"] = {"status": "failed", "reason": reason}
            print(f"failed: {reason}", file=sys.stderr)
        self.write()

    def write(self):
        self.run["machine"] = self.args.machine or self.run["environment"]["hostname"]
        started = datetime.datetime.fromisoformat(self.run["started_at"]).timestamp()
        self.run["job"] = lifecycle.job_costs(
            self.entered, started, started + self.run["elapsed_s"]
        )
        if self.args.output:
            write_json_atomically(self.args.output, self.run)


def errors_text(errors, lead):
    """', 4900x PoolTimeout, 100x ConnectTimeout' (with `lead`), or '' without errors."""
    if not errors["count"]:
        return ""
    return lead + ", ".join(f"{n}x {what}" for what, n in errors["by_problem"].items())
