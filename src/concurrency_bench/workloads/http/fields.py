"""What the http workload's runs take (the config's sections io and target)
and what their records keep besides."""

from concurrency_bench.core.declarations import f, p
from concurrency_bench.workloads.shared import (
    SERVED,
    TARGET,
    WORKERS_ASKED,
    pool_workers,
    tasks_in_flight,
)

PARAMETERS = (
    p(
        "n_requests",
        "io.n_requests",
        "--n-requests",
        schema={
            "type": "integer",
            "minimum": 1,
            "maximum": 100000,
            "description": "HTTP requests per I/O-bound run",
            "default": 100,
        },
        recorded={"type": "integer", "minimum": 1},
        sweep=True,
        summary=True,
    ),
    TARGET["timeout_s"],
    p(
        "max_errors",
        "io.max_errors",
        "--max-errors",
        schema={
            "type": "integer",
            "minimum": 0,
            "description": "failed requests a run may have and still count",
            "default": 0,
        },
    ),
    TARGET["deadline_factor"],
    TARGET["min_deadline_s"],
    # The guard compares the target its own way: embedded, or which URL.
    p(
        "url",
        "target.url",
        "--url",
        schema={
            "type": ["string", "null"],
            "pattern": "^https?://[^\\s/?#]+[^\\s]*$",
            "description": "real target URL (http or https); null = the embedded local server",
            "default": None,
        },
        recorded={"type": "string"},
        help="a real target URL (default: the embedded server)",
        guarded=False,
    ),
    TARGET["delay_s"],
    TARGET["rtt_s"],
    p(
        "tls",
        "target.tls",
        "--tls",
        schema={
            "type": "boolean",
            "description": "the embedded server speaks HTTPS with a certificate made for the "
            "run; the clients trust it with verification on",
            "default": False,
        },
        flag=True,
        summary=True,
    ),
    TARGET["target_python"],
    p(
        "max_workers",
        "io.max_workers",
        "--max-workers",
        "max_workers_requested",
        schema={
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "max_workers of the I/O experiments whose executor takes one (the "
            "catalog's params); null = the executor's own default, as the article",
            "default": None,
        },
        # The requests in flight at once: the one asked for, the executor's
        # default, or what the model allows (concurrency_bench.models.in_flight.io_concurrency).
        recorded={"type": "integer", "minimum": 1},
        per_experiment=True,
        sweep=True,
        same_work=True,
        summary=True,
        measured=True,
    ),
    # The models of `any`: their workers, and their cap on requests in flight.
    pool_workers(
        "io.workers",
        "the http workload under the models of `any` (workloads: {http: {}}): their worker "
        "processes; auto = the usable CPUs",
    ),
    tasks_in_flight(
        "io.in_flight",
        "... and their cap on requests in flight (threads, coroutines, greenlets), as "
        "workloads.*.in_flight",
    ),
)
FIELDS = (
    *SERVED,
    f("max_workers_requested", {"type": ["integer", "null"], "minimum": 1}, column=False),
    f("max_workers_reason", {"type": "string"}, column=False),
    *WORKERS_ASKED,
)
