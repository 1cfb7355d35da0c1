"""What the experiment scripts share: their command line, the embedded target,
the timed region, what the tasks printed, and the JSON record.

An experiment script only defines the article's main() and calls run_experiment().
main() declares the parameters it uses by name (n_requests, url, timeout,
max_workers; start, stop, workers) and gets them from the command line; what
the experiment is (kind, method...) comes from its row in the catalog.
"""

import asyncio
import datetime
import inspect
import sys
import time
from pathlib import Path

from bench import catalog, environment, in_flight, lifecycle
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


def run_experiment(main, script, doc):
    """Parse the command line, run main() once timed, write the record."""
    entered = time.time()
    lifecycle.stop_cleanly_on_signals()
    experiment = experiment_of(script)
    args = parse_args(experiment, doc)
    cpuinfo, cpuinfo_source = environment.cpuinfo_for_this_host(args.host_info)
    if experiment.kind == "io":
        record = measure_io(main, experiment, args)
    else:
        params = cpu_params(args, experiment)
        arguments = {key: params[key] for key in ("start", "stop", "workers")}
        record = measure(main, params, arguments)
    record.update(
        schema_version=SCHEMA_VERSION,
        experiment=experiment.name,
        kind=experiment.kind,
        method=experiment.method,
        repeat=args.repeat,
        machine=args.machine or record["environment"]["hostname"],
        cpuinfo=cpuinfo,
        cpuinfo_source=cpuinfo_source,
    )
    print(f"Elapsed run time: {record['elapsed_s']} seconds.")
    check_errors(record, args)
    started = datetime.datetime.fromisoformat(record["started_at"]).timestamp()
    record["job"] = lifecycle.costs(entered, started, started + record["elapsed_s"])
    if args.output:
        write_json_atomically(args.output, record)


def measure_io(main, experiment, args):
    if args.max_workers is not None and "max_workers" not in experiment.params:
        die(f"--max-workers: {experiment.name} ({experiment.method}) has no max_workers to set")
    try:
        with embedded_target(
            args.url, args.delay, args.timeout, rtt_s=args.rtt, tls=args.tls
        ) as target:
            arguments = {
                "n_requests": args.n_requests,
                "url": target.url,
                "timeout": args.timeout,
                "max_workers": args.max_workers,
            }
            record = measure(main, io_params(args, target, experiment), arguments)
            target.check_alive()
            return record
    except TargetError as error:
        die(str(error))


def io_params(args, target, experiment):
    return {
        "n_requests": args.n_requests,
        "url": target.url,
        "target_embedded": target.embedded,
        "delay_s": args.delay if target.embedded else None,
        "rtt_s": args.rtt if target.embedded else None,
        "tls": target.url.startswith("https://"),
        "timeout": args.timeout,
        "max_errors": args.max_errors,
        "max_workers_requested": args.max_workers,
        **in_flight.io_concurrency(experiment, args.n_requests, args.max_workers),
    }


def cpu_params(args, experiment):
    workers, reason = in_flight.resolve_workers(args.workers)
    if args.start >= args.stop:
        die(f"--start ({args.start}) must be below --stop ({args.stop})")
    if experiment.concurrency == "one":
        workers, reason = 1, "sync: one process"
    return {
        "start": args.start,
        "stop": args.stop,
        "workers": workers,
        "workers_requested": args.workers,
        "workers_reason": reason,
        **in_flight.cpu_work_items(experiment, args.stop - args.start, workers),
    }


def measure(main, params, available):
    """Run main() once, timed, with the arguments it names from `available`."""
    arguments = {name: available[name] for name in inspect.signature(main).parameters}
    described = environment.environment()
    started_at = time.time()
    with captured_task_output() as output:
        elapsed_s = timed(main, arguments)
    finished_at = time.time()
    return {
        "elapsed_s": elapsed_s,
        "started_at": lifecycle.iso_utc(started_at),
        "finished_at": lifecycle.iso_utc(finished_at),
        "params": params,
        "errors": output.errors(),
        "observed": output.workers(),
        "environment": described,
    }


def check_errors(record, args):
    errors = record["errors"]
    allowed = getattr(args, "max_errors", 0)
    if errors["count"] > allowed:
        by_problem = ", ".join(f"{n}x {what}" for what, n in errors["by_problem"].items())
        die(
            f"{errors['count']} of {record['params']['n_requests']} requests to "
            f"{record['params']['url']} failed ({by_problem}); at most {allowed} "
            "allowed (io.max_errors): no record written"
        )
