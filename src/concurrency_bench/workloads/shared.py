"""The fields the workloads share, each declared once here and taken by every
workload that has it (concurrency_bench.core.declarations): the pools' workers, the tasks at once,
the start method, the embedded target's settings, and what every record keeps."""

from concurrency_bench.core.declarations import f, p

# How the process pools may start their workers.
START_METHOD = {"enum": ["fork", "forkserver", "spawn"]}
# The seconds of a measured cost; null where it was not measured.
MAYBE_SECONDS = {"type": ["number", "null"], "minimum": 0}


def pool_workers(config, description):
    """The pools' workers (their processes or sub-interpreters): 'auto' or a count."""
    return p(
        "workers",
        config,
        "--workers",
        "workers_requested",
        schema={
            "description": description,
            "oneOf": [{"const": "auto"}, {"type": "integer", "minimum": 1}],
            "default": "auto",
        },
        # null: a model of threads or coroutines only, whose in_flight says how many at once
        recorded={"type": ["integer", "null"], "minimum": 1},
        per_experiment=True,
        sweep=True,
        same_work=True,
        summary=True,
        measured=True,  # 'auto' resolved
    )


def tasks_in_flight(config, description, default=32):
    """The tasks a model of threads or coroutines runs at once."""
    return p(
        "in_flight",
        config,
        "--in-flight",
        schema={
            "type": "integer",
            "minimum": 1,
            "maximum": 100000,
            "description": description,
            "default": default,
        },
        recorded={"type": ["integer", "null"], "minimum": 1},
        per_experiment=True,
        sweep=True,
        same_work=True,
        summary=True,
    )


def pool_start_method(config, description):
    """How the process pools start their workers: the interpreter's default, or a method."""
    return p(
        "start_method",
        config,
        "--start-method",
        "start_method_requested",
        schema={
            "description": description,
            "oneOf": [{"type": "null"}, START_METHOD],
            "default": None,
        },
        # null: the model starts its processes its own way (loky, a dask nanny)
        recorded={"enum": [*START_METHOD["enum"], None]},
        per_experiment=True,
        sweep=True,
        same_work=True,
        summary=True,
    )


# What every workload's record keeps.
RUN = (
    f(
        "n_tasks",
        {"type": "integer", "minimum": 1, "description": "tasks (items) per run"},
        summary=True,
    ),
    # a script's prepare(), outside the timed region (dask: its cluster's start)
    f("prepare_s", {"type": "number", "minimum": 0}, measured=True),
)
# How a pool's workers were asked for and why it has as many.
WORKERS_ASKED = (
    f("workers_requested", {"type": ["string", "integer", "null"]}),
    f("workers_reason", {"type": "string"}, column=False),
)
START_METHOD_ASKED = f(
    "start_method_requested", {"enum": [*START_METHOD["enum"], None]}, column=False
)
# How the items travel to the workers (concurrency_bench.models.in_flight.cpu_work_items).
WORK_ITEMS = (
    f(
        "chunksize",
        {
            "type": ["integer", "null"],
            "minimum": 1,
            "description": "items per work item; null: the model batches them itself",
        },
    ),
    f(
        "work_items",
        {"type": ["integer", "null"], "minimum": 1, "description": "items sent to workers"},
        summary=True,
    ),
)
# What sending a task's input to a worker process and its result back costs.
TRANSFER_S = f("transfer_s", MAYBE_SECONDS, summary=True, measured=True)

# The embedded target's settings, which every workload served by it takes ...
TARGET = {
    parameter.name: parameter
    for parameter in (
        p(
            "timeout_s",
            "io.timeout_s",
            "--timeout",
            key="timeout",
            schema={
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "seconds before a request counts as failed",
                "default": 30,
            },
        ),
        # Recorded since version 4 only: not compared, or every older record
        # would differ; nor checked in the record, as before.
        p(
            "deadline_factor",
            "io.deadline_factor",
            "--deadline-factor",
            schema={
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "an I/O run stops (fatal, or a failed outcome in a sweep) past "
                "this many times its bound (the best time its parameters allow) ...",
                "default": 10,
            },
            recorded={},
            guarded=False,
        ),
        p(
            "min_deadline_s",
            "io.min_deadline_s",
            "--min-deadline",
            schema={
                "type": "number",
                "exclusiveMinimum": 0,
                "description": "... but never before this many seconds; a real URL's runs get "
                "waves x io.timeout_s",
                "default": 45,
            },
            recorded={},
            guarded=False,
        ),
        p(
            "delay_s",
            "target.delay_s",
            "--delay",
            schema={
                "type": "number",
                "minimum": 0,
                "maximum": 60,
                "description": "the embedded server's wait before answering, seconds",
                "default": 0.1,
            },
            # null: a real URL's
            recorded={"type": ["number", "null"], "minimum": 0},
            sweep=True,
            summary=True,
        ),
        p(
            "rtt_s",
            "target.rtt_s",
            "--rtt",
            schema={
                "type": "number",
                "minimum": 0,
                "maximum": 10,
                "description": "emulated network round trip of the embedded server, seconds: "
                "one per request, one more for a new connection's TCP handshake (and one for "
                "TLS); 0 = loopback as it is",
                "default": 0,
            },
            recorded={
                "type": ["number", "null"],
                "minimum": 0,
                "description": "emulated round trip",
            },
            summary=True,
        ),
        p(
            "target_python",
            None,
            "--target-python",
            help="interpreter of the embedded target (default: this one; the workflow "
            "gives its own, the same for every interpreter it compares)",
            recorded={},
            column=False,
        ),
    )
}
# A run's deadline (concurrency_bench.models.deadline; a user's workload's too).
DEADLINE_S = f("deadline_s", {"type": "number", "exclusiveMinimum": 0})
# ... and what their records keep of it.
SERVED = (f("target_embedded", {"type": "boolean"}), DEADLINE_S)
