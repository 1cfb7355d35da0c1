"""What the experiment scripts share: their command line, the embedded target,
the timed region, what the tasks printed, and the JSON record.

An experiment script only defines the article's main() and calls run_experiment().
main() declares the parameters it uses by name (n_requests, url, timeout,
max_workers; start, stop, workers) and gets them from the command line.
"""

import argparse
import asyncio
import datetime
import inspect
import sys
import time
from pathlib import Path

import concurrency
import job
import metadata
from capture import captured_task_output
from records import SCHEMA_VERSION, write_json_atomically
from target import TargetError, embedded_target


def die(message):
    print(f"fatal: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def number_at_least(kind, low, strictly=False):
    """An argparse type: `kind` (int or float) >= low, or > low if strictly."""

    def parse(text):
        value = kind(text)
        if value < low or (strictly and value == low):
            raise argparse.ArgumentTypeError(f"must be {'>' if strictly else '>='} {low}, got {text}")
        return value

    return parse


non_negative = number_at_least(float, 0)
positive = number_at_least(float, 0, strictly=True)
at_least_one = number_at_least(int, 1)


def parse_args(kind, doc, method):
    parser = argparse.ArgumentParser(
        description=doc, epilog=f"method (as the record names it): {method}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )  # fmt: skip
    parser.add_argument("--output", "-o", help="write the JSON run record here")
    parser.add_argument("--repeat", type=at_least_one, default=1, help="repeat number")
    parser.add_argument("--machine", help="machine label (default: hostname)")
    parser.add_argument("--host-info", help="cached host description (host.json)")
    if kind == "io":
        io = parser.add_argument_group("I/O-bound")
        io.add_argument("--n-requests", type=at_least_one, default=100)
        io.add_argument("--url", help="real target URL (default: embedded server)")
        io.add_argument("--delay", type=non_negative, default=0.1,
                        help="embedded target's delay per request, seconds")  # fmt: skip
        io.add_argument("--rtt", type=non_negative, default=0.0,
                        help="embedded target's emulated network round trip, seconds")  # fmt: skip
        io.add_argument("--tls", action="store_true",
                        help="embedded target over HTTPS, with a certificate made for the run")  # fmt: skip
        io.add_argument("--timeout", type=positive, default=30.0,
                        help="per-request timeout, seconds")  # fmt: skip
        io.add_argument("--max-errors", type=number_at_least(int, 0), default=0,
                        help="failed requests tolerated before the run fails")  # fmt: skip
        io.add_argument("--max-workers", type=at_least_one,
                        help="the executor's max_workers, where it has one "
                             "(default: the executor's own default)")  # fmt: skip
    else:
        cpu = parser.add_argument_group("CPU-bound")
        cpu.add_argument("--start", type=number_at_least(int, 2), default=1000,
                         help="first number for the sieve (>= 2)")  # fmt: skip
        cpu.add_argument("--stop", type=int, default=16000)
        cpu.add_argument("--workers", default="auto",
                         help="'auto' (cpu_count() - 1, at least 1) or a number")  # fmt: skip
    return parser.parse_args()


def timed(main, arguments):
    """The article's timed region: exactly main(), measured with perf_counter."""
    start_time = time.perf_counter()
    if inspect.iscoroutinefunction(main):
        asyncio.run(main(**arguments))  # the article: loop.run_until_complete(main())
    else:
        main(**arguments)
    return time.perf_counter() - start_time


def run_experiment(main, script, method, doc):
    """Parse the command line, run main() once timed, write the record."""
    entered = time.time()
    job.stop_cleanly_on_signals()
    experiment = Path(script).stem
    kind = "io" if experiment.startswith("io-") else "cpu"
    args = parse_args(kind, doc, method)
    cpuinfo, cpuinfo_source = metadata.cpuinfo_for_this_host(args.host_info)
    if kind == "io":
        try:
            with embedded_target(
                args.url, args.delay, args.timeout, rtt_s=args.rtt, tls=args.tls
            ) as target:
                arguments = {"n_requests": args.n_requests, "url": target.url,
                             "timeout": args.timeout, "max_workers": args.max_workers}  # fmt: skip
                record = measure(main, io_params(args, target, method), arguments)
                target.check_alive()
        except TargetError as error:
            die(str(error))
    else:
        params = cpu_params(args, method)
        arguments = {key: params[key] for key in ("start", "stop", "workers")}
        record = measure(main, params, arguments)
    record.update(
        schema_version=SCHEMA_VERSION, experiment=experiment, kind=kind,
        method=method, repeat=args.repeat,
        machine=args.machine or record["environment"]["hostname"],
        cpuinfo=cpuinfo, cpuinfo_source=cpuinfo_source,
    )  # fmt: skip
    print(f"Elapsed run time: {record['elapsed_s']} seconds.")
    check_errors(record, args)
    started = datetime.datetime.fromisoformat(record["started_at"]).timestamp()
    record["job"] = job.costs(entered, started, started + record["elapsed_s"])
    if args.output:
        write_json_atomically(args.output, record)


def io_params(args, target, method):
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
        **concurrency.io_concurrency(method, args.n_requests, args.max_workers),
    }


def cpu_params(args, method):
    workers, reason = concurrency.resolve_workers(args.workers)
    if args.start >= args.stop:
        die(f"--start ({args.start}) must be below --stop ({args.stop})")
    if method == "sync":
        workers, reason = 1, "sync: one process"
    return {"start": args.start, "stop": args.stop, "workers": workers,
            "workers_requested": args.workers, "workers_reason": reason,
            **concurrency.cpu_work_items(method, args.stop - args.start, workers)}  # fmt: skip


def measure(main, params, available):
    """Run main() once, timed, with the arguments it names from `available`."""
    wanted = inspect.signature(main).parameters
    if available.get("max_workers") is not None and "max_workers" not in wanted:
        die("--max-workers: this experiment's method has no max_workers to set")
    arguments = {name: available[name] for name in wanted}
    environment = metadata.environment()
    started_at = time.time()
    with captured_task_output() as output:
        elapsed_s = timed(main, arguments)
    finished_at = time.time()
    return {
        "elapsed_s": elapsed_s,
        "started_at": job.iso_utc(started_at),
        "finished_at": job.iso_utc(finished_at),
        "params": params,
        "errors": output.errors(),
        "observed": output.workers(),
        "environment": environment,
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
