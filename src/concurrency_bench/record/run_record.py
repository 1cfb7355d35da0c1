"""The JSON run record: its version, writing it safely, reading it back checked.

Schema history (the schema itself: src/concurrency_bench/record/schemas/run.schema.yaml, its params'
keys declared by the workloads, src/concurrency_bench/workloads/<name>/):
  1  2026-11-25  first version.
  2  2026-11-25  `job`: the job's own cost besides the timed region (interpreter
                 start, set-up, tear-down), for the report's overhead section;
                 params: `max_workers_requested`, `rtt_s` and `tls` (I/O),
                 `chunksize` and `work_items` (CPU).
  3  2026-11-26  what each run cost and what disturbed it: `resources` (CPU time
                 of the client and its children, peak RSS, context switches,
                 the target's CPU time), `noise` (steal, other processes' CPU,
                 frequency), `latency` (every answered request, and p50/p90/
                 p99/max); `outcome` (ok, or a failed sweep point with its
                 reason); `target` (its interpreter, listen backlog, somaxconn);
                 `limits` (open files); `family` and `run_index`; params:
                 `deadline_s` (I/O), `start_method` (CPU); environment:
                 `free_threaded`, `python_gil_env`.
                 Version 2 records are still read: their new blocks are null.
  4  2026-11-30  workloads: `workload` (http, sieve, or the name of a user's
                 workload) instead of `kind` (io, cpu); params: `n_tasks`, and
                 for a user's workload its task, inputs and the profile's facts
                 (n_items, task_s, cpu_share, item_bytes, result_bytes,
                 transfer_s). Versions 2 and 3 are still read: their kind
                 becomes its workload (io: http, cpu: sieve).
  5  2026-11-30  environment: `implementation_version` (PyPy's own, 8.0.1, beside
                 the language's python_version); `latency` for every task that
                 times itself (the sieve's too, not only requests), with the
                 mean of its first decile and the median of the rest (JIT warm-up).
                 Version 4 records are read as they are: the new keys are optional.
  6  2026-12-03  `memory`: the PSS summed over the client's process tree, sampled
                 through the timed region (src/concurrency_bench/run/sampler.py): its peak (and the
                 peak's USS), the sum just before, the sampler's rate and own
                 CPU time; null where the sampler was off. Versions 2 to 5 are
                 read with `memory` null: they measured no tree.
                 job: `slurm_job_id`, `slurm_node` and `slurm_partition`, where
                 the run was a SLURM job (null otherwise; optional, absent in
                 older versions).
                 environment: `gil_enabled` never null (without sys._is_gil_enabled,
                 from Py_GIL_DISABLED and PYTHON_GIL / -X gil, measured after the
                 task's imports); `gil_enabled_by`, the modules whose import turned
                 the GIL back on. Version 5 records are read as they are.
  7  2026-12-07  `left_running`: the processes the task left running after the
                 run, which the job ended (how many, their command names);
                 outcome `timed out` (a model of a user's workload past its
                 deadline, with the items done) and `failed` for a pool that lost
                 a worker; params of a user's workload: `deadline_s`. Versions 2
                 to 6 are read with `left_running` null: nothing was looked for.
"""

import json
from pathlib import Path

from concurrency_bench.core.atomic import write_json_atomically  # noqa: F401 (concurrency_bench.record.run_record's API)

SCHEMA_VERSION = 7
# The workload of a version 2 or 3 record's kind.
WORKLOAD_OF_KIND = {"io": "http", "cpu": "sieve"}
# Older versions this pipeline still reads, and what each lacks.
UPGRADES = {
    6: {"left_running": None},
    5: {"memory": None, "left_running": None},
    4: {"memory": None, "left_running": None},
    3: {"memory": None, "left_running": None},
    2: {
        "left_running": None,
        "memory": None,
        "family": None,
        "run_index": None,
        "outcome": {"status": "ok", "reason": None},
        "latency": None,
        "resources": None,
        "noise": None,
        "target": None,
        "limits": None,
    },
}


class RecordError(ValueError):
    """A run record that cannot be used; the message names the file."""


def load_schema():
    """The record's schema: run.schema.yaml, its params as the workloads declare
    them (concurrency_bench.record.parameters). Shared: read it, never change it."""
    from concurrency_bench.record.parameters import record_schema

    return record_schema()


def load_record(path, validator):
    """Read one record; refuse bad JSON, another schema version or a bad shape."""
    try:
        with open(path) as record_file:
            record = json.load(record_file)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise RecordError(f"{path}: not valid JSON ({error})") from None
    version = record.get("schema_version") if isinstance(record, dict) else None
    if version in UPGRADES:
        record = upgraded(record, version)
    elif version != SCHEMA_VERSION:
        readable = ", ".join(map(str, [*UPGRADES, SCHEMA_VERSION]))
        raise RecordError(f"{path}: schema_version {version!r}, this pipeline reads {readable}")
    problems = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
    if problems:
        where = "/".join(map(str, problems[0].path)) or "(top level)"
        raise RecordError(f"{path}: {where}: {problems[0].message}")
    return record


def upgraded(record, version):
    """A record of an older version as this version's: its kind becomes its
    workload, its missing blocks null."""
    record = {**UPGRADES[version], **record, "schema_version": SCHEMA_VERSION}
    if "kind" in record:
        record["workload"] = WORKLOAD_OF_KIND[record.pop("kind")]
    params = record["params"]
    if "n_tasks" not in params:  # before version 4: the requests, or the sieve's numbers
        params["n_tasks"] = params.get("n_requests") or params["stop"] - params["start"]
    return record


def make_validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema())


def peek(path):
    """A record's content as it is, unchecked, for the workflow's own glances
    (its parameters, its place in the order, its time); None where it is not a
    JSON object: the aggregation, which checks every record, names it."""
    try:
        record = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None
