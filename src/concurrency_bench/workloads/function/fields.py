"""What a workload of the user's takes (the config's `workloads.<name>`, and
what the workflow gives: its name and its profile) and what its records keep
besides: what the calibration measured (concurrency_bench.run.calibration)."""

from concurrency_bench.core.declarations import f, p
from concurrency_bench.workloads.shared import (
    DEADLINE_S,
    MAYBE_SECONDS,
    START_METHOD_ASKED,
    TRANSFER_S,
    WORK_ITEMS,
    WORKERS_ASKED,
    pool_start_method,
    pool_workers,
    tasks_in_flight,
)

# path/to/file.py:function
REFERENCE = "^[^:]+\\.py:[A-Za-z_][A-Za-z0-9_]*$"
# The profile's deadline (concurrency_bench.run.calibration); a model run's without a profile.
PROFILE_TIMEOUT = p(
    "profile_timeout_s",
    "workloads.*.timeout_s",
    "--profile-timeout",
    schema={
        "type": "number",
        "exclusiveMinimum": 0,
        "description": "seconds the profile (one sync pass over the items) may take: past "
        "them it stops, naming the item it was on; also a model run's deadline where "
        "there is no profile",
        "default": 300,
    },
    recorded={},
    guarded=False,
    column=False,
)
PARAMETERS = (
    p(
        "workload",
        None,
        "--workload",
        help="the workload's name (config key workloads.<name>)",
        recorded={},
        column=False,
    ),
    p(
        "task",
        "workloads.*.task",
        "--task",
        schema={
            "type": "string",
            "pattern": REFERENCE,
            "description": "path/to/file.py:function, a function of one item returning its result",
        },
        recorded={"type": "string"},
    ),
    p(
        "task_async",
        "workloads.*.task_async",
        "--task-async",
        schema={
            "type": ["string", "null"],
            "pattern": REFERENCE,
            "description": "optional: path/to/file.py:function, a coroutine function of one "
            "item, for the asyncio models; its results must be the task's",
            "default": None,
        },
        recorded={"type": ["string", "null"]},
    ),
    p(
        "inputs",
        "workloads.*.inputs",
        "--inputs",
        schema={
            "type": "string",
            "pattern": REFERENCE,
            "description": "path/to/file.py:function, returning the items (called outside the "
            "timed region)",
        },
        recorded={"type": "string"},
    ),
    p(
        "profile",
        None,
        "--profile",
        help="the calibration's profile.json (concurrency_bench.run.calibration)",
        recorded={},
        column=False,
    ),
    PROFILE_TIMEOUT,
    p(
        "deadline_factor",
        "workloads.*.deadline_factor",
        "--deadline-factor",
        schema={
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "a model run stops, recorded `timed out` with the items done, past "
            "this many times the profile's sync time ...",
            "default": 10,
        },
        recorded={},
        guarded=False,
    ),
    p(
        "min_deadline_s",
        "workloads.*.min_deadline_s",
        "--min-deadline",
        schema={
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "... but never before this many seconds",
            "default": 30,
        },
        recorded={},
        guarded=False,
    ),
    pool_workers(
        "workloads.*.workers", "processes and sub-interpreters of the pools; auto = the usable CPUs"
    ),
    tasks_in_flight(
        "workloads.*.in_flight",
        "tasks at once in the thread pool (its max_workers) and in asyncio.gather (a Semaphore)",
    ),
    pool_start_method(
        "workloads.*.start_method",
        "how the process pools start their workers; null = the interpreter's default",
    ),
)
# What the calibration measures, as each run's params keep it.
PROFILE = (
    f("n_items", {"type": ["integer", "null"], "minimum": 1}, measured=True),
    f("task_s", MAYBE_SECONDS, summary=True, measured=True),
    f("cpu_share", {"type": ["number", "null"], "minimum": 0}, summary=True, measured=True),
    f("item_bytes", {"type": ["number", "null"], "minimum": 0}, summary=True, measured=True),
    f("result_bytes", {"type": ["number", "null"], "minimum": 0}, summary=True, measured=True),
    TRANSFER_S,
    # How the models' results are compared with the sync loop's
    # (concurrency_bench.workloads.function.expected): equal, or where they cannot be
    # pickled, by repr, or "in part" (some by their type alone).
    f(
        "results_checked",
        {"type": ["string", "null"], "enum": ["equal", "repr", "in part", None]},
        summary=True,
        measured=True,
    ),
)
FIELDS = (*WORKERS_ASKED, START_METHOD_ASKED, *WORK_ITEMS, *PROFILE, DEADLINE_S)
