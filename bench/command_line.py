"""The experiment scripts' command line: one set of options per kind."""

import argparse
import multiprocessing


def number_at_least(kind, low, strictly=False):
    """An argparse type: `kind` (int or float) >= low, or > low if strictly."""

    def parse(text):
        value = kind(text)
        if value < low or (strictly and value == low):
            relation = ">" if strictly else ">="
            raise argparse.ArgumentTypeError(f"must be {relation} {low}, got {text}")
        return value

    return parse


non_negative = number_at_least(float, 0)
positive = number_at_least(float, 0, strictly=True)
at_least_one = number_at_least(int, 1)


def add_io_options(parser):
    io = parser.add_argument_group("I/O-bound")
    io.add_argument("--n-requests", type=at_least_one, default=100)
    io.add_argument("--url", help="real target URL (default: embedded server)")
    io.add_argument(
        "--delay",
        type=non_negative,
        default=0.1,
        help="embedded target's delay per request, seconds",
    )
    io.add_argument(
        "--rtt",
        type=non_negative,
        default=0.0,
        help="embedded target's emulated network round trip, seconds",
    )
    io.add_argument(
        "--tls",
        action="store_true",
        help="embedded target over HTTPS, with a certificate made for the run",
    )
    io.add_argument("--timeout", type=positive, default=30.0, help="per-request timeout, seconds")
    io.add_argument(
        "--max-errors",
        type=number_at_least(int, 0),
        default=0,
        help="failed requests tolerated before the run fails",
    )
    io.add_argument(
        "--target-python",
        help="interpreter of the embedded target (default: this one; the workflow "
        "gives its own, the same for every interpreter it compares)",
    )
    io.add_argument(
        "--deadline-factor",
        type=positive,
        default=10.0,
        help="the run stops past this many times its bound ...",
    )
    io.add_argument(
        "--min-deadline", type=positive, default=45.0, help="... but never before this many seconds"
    )
    io.add_argument(
        "--max-workers",
        type=at_least_one,
        help="the executor's max_workers, where it has one (default: the executor's own default)",
    )


def add_cpu_options(parser):
    cpu = parser.add_argument_group("CPU-bound")
    cpu.add_argument(
        "--start",
        type=number_at_least(int, 2),
        default=1000,
        help="first number for the sieve (>= 2)",
    )
    cpu.add_argument("--stop", type=int, default=16000)
    cpu.add_argument(
        "--workers", default="auto", help="'auto' (cpu_count() - 1, at least 1) or a number"
    )
    cpu.add_argument(
        "--start-method",
        choices=multiprocessing.get_all_start_methods(),
        help="how the pools start their worker processes (default: the interpreter's)",
    )


def parse_args(experiment, doc):
    parser = argparse.ArgumentParser(
        description=doc,
        epilog=f"method (as the report names it): {experiment.method}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--output", "-o", help="write the JSON run record here")
    parser.add_argument("--repeat", type=at_least_one, default=1, help="repeat number")
    parser.add_argument("--machine", help="machine label (default: hostname)")
    parser.add_argument("--host-info", help="cached host description (host.json)")
    parser.add_argument("--run-index", type=at_least_one, help="this run's place in the run order")
    parser.add_argument(
        "--record-failure",
        action="store_true",
        help="a run that fails (errors, deadline) is recorded as a failed outcome instead "
        "of failing the job",
    )
    if experiment.kind == "io":
        add_io_options(parser)
    else:
        add_cpu_options(parser)
    return parser.parse_args()
