"""What the sieve's runs take (the config's section cpu) and what their
records keep besides."""

from concurrency_bench.core.declarations import p
from concurrency_bench.workloads.shared import (
    START_METHOD_ASKED,
    WORK_ITEMS,
    WORKERS_ASKED,
    pool_start_method,
    pool_workers,
    tasks_in_flight,
)

PARAMETERS = (
    p(
        "start",
        "cpu.start",
        "--start",
        schema={
            "type": "integer",
            "minimum": 2,
            "description": "first number given to get_prime_numbers",
            "default": 1000,
        },
    ),
    p(
        "stop",
        "cpu.stop",
        "--stop",
        schema={
            "type": "integer",
            "minimum": 3,
            "description": "end of the range (exclusive)",
            "default": 16000,
        },
        recorded={"type": "integer"},
    ),
    pool_workers(
        "cpu.workers",
        "workers of the sieve's pools; auto = the usable CPUs (the kind's rule, "
        "src/concurrency_bench/models/__init__.py), or the article's cpu_count() - 1, at least 1, for the rows "
        "that say `auto: article` (the article's scripts)",
    ),
    pool_start_method(
        "cpu.start_method",
        "how the process pools start their workers; null = the interpreter's default (fork "
        "on Linux up to 3.13, forkserver from 3.14)",
    ),
    # The models of `any` that cap the tasks at once (threads).
    tasks_in_flight(
        "cpu.in_flight",
        "the sieve under the models of `any` (workloads: {sieve: {}}): their threads (their "
        "processes are `workers`)",
        default=2,
    ),
)
FIELDS = (*WORKERS_ASKED, START_METHOD_ASKED, *WORK_ITEMS)
