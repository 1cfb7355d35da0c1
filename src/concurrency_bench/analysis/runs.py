"""Flatten the JSON run records of one machine into a table: one row per run.

Each record is checked against src/concurrency_bench/record/schemas/run.schema.yaml (its params as
the workloads declare them) first; a bad one stops the aggregation with the file's name (concurrency_bench.record.run_record.RecordError).
"""

import sys

import pandas as pd

from concurrency_bench import workloads
from concurrency_bench.analysis import noise
from concurrency_bench.core.environment import PACKAGES
from concurrency_bench.record import catalog as experiment_catalog
from concurrency_bench.record import parameters
from concurrency_bench.record.run_record import RecordError, load_record, make_validator

# Copied as they are from the record's top level and from its environment.
RECORD_COLUMNS = (
    "experiment workload method repeat run_index machine elapsed_s started_at finished_at"
)
ENVIRONMENT_COLUMNS = [
    "cpu_count",
    "usable_cpus",
    "memory_total_bytes",
    "os",
    "kernel",
    "python_version",
    "python_implementation",
    "python_executable",
    "gil_enabled",
    "mp_start_method",
]
# The parameters actually used and what the workloads derive or measure:
# runs.csv's column of each field a workload declares (concurrency_bench.core.declarations), read
# from its record's params key. A workload's runs leave the others' columns empty.
PARAMS = parameters.run_columns()
# What the run cost (record["resources"]) and what disturbed it (record["noise"]).
RESOURCES = [
    "cpu_user_s",
    "cpu_system_s",
    "children_cpu_user_s",
    "children_cpu_system_s",
    "rss_before_kib",
    "max_rss_kib",
    "children_max_rss_kib",
    "ctx_voluntary",
    "ctx_involuntary",
    "target_cpu_s",
]
# The process tree's memory (record["memory"], src/concurrency_bench/run/sampler.py): runs.csv's
# memory_<key>; empty where no tree was measured (the sampler off, or a record
# before version 6).
MEMORY = [
    "peak_kib",
    "base_kib",
    "peak_uss_kib",
    "peak_processes",
    "peak_client_kib",
    "samples",
    "max_gap_s",
    "sampler_cpu_s",
]
# The client's CPU time: its own and its workers'.
CPU_TIMES = ["cpu_user_s", "cpu_system_s", "children_cpu_user_s", "children_cpu_system_s"]
NOISE = ["machine_busy_s", "other_processes_cpu_s", "steal_s", "governor", "cpu_mhz"]
LATENCY = ["p50_s", "p90_s", "p99_s", "max_s", "first_decile_mean_s", "rest_median_s"]
# The job's own cost besides the timed region: {column: record["job"] key}.
JOB = {
    "process_started_at": "process_started_at",
    "job_finished_at": "finished_at",
    "startup_s": "startup_s",
    "setup_s": "setup_s",
    "teardown_s": "teardown_s",
    "job_total_s": "total_s",
}
# Where a SLURM job ran (record["job"], from version 6; null outside SLURM).
SLURM = ["slurm_job_id", "slurm_node", "slurm_partition"]


def package_column(name):
    """runs.csv's column of a recorded package's version: the package's name
    without "py-" (py-cpuinfo's is cpuinfo_version, the name it is imported by)."""
    return f"{name.removeprefix('py-')}_version"


# The packages the record names (concurrency_bench.core.environment), each with its column.
PACKAGE_COLUMNS = {name: package_column(name) for name in PACKAGES}
# Kept as nullable integers: a workload's rows have none of the others'
# parameters (no `start` for http), and plain NaN would turn 1000 into 1000.0.
INTEGER_COLUMNS = [
    "repeat",
    "run_index",
    *parameters.columns_of("integer"),
    *(f"memory_{key}" for key in MEMORY if not key.endswith("_s")),
]
# Read back as nullable booleans.
BOOLEAN_COLUMNS = [*parameters.columns_of("boolean"), "free_threaded", "excluded"]


def flatten(record):
    """One run record as a flat dict (missing parameters and blocks are None)."""
    params, env, cpuinfo = record["params"], record["environment"], record["cpuinfo"]
    resources, noise = record["resources"] or {}, record["noise"] or {}
    latency, target = record["latency"] or {}, record["target"] or {}
    memory, left = record.get("memory") or {}, record.get("left_running") or {}
    return {
        **{key: record[key] for key in RECORD_COLUMNS.split()},
        "outcome": record["outcome"]["status"],
        "outcome_reason": record["outcome"]["reason"],
        **{column: params.get(key) for column, key in PARAMS.items()},
        "concurrency_reason": params.get("max_workers_reason") or params.get("workers_reason"),
        "errors": record["errors"]["count"],
        "errors_by_problem": "; ".join(
            f"{n}x {what}" for what, n in record["errors"]["by_problem"].items()
        ),
        "observed_tasks": record["observed"]["tasks"],
        "observed_pids": record["observed"]["n_pids"],
        "observed_threads": record["observed"]["n_threads"],
        **{f"latency_{key}": latency.get(key) for key in LATENCY},
        "answered": latency.get("n"),
        **{key: resources.get(key) for key in RESOURCES},
        **{f"memory_{key}": memory.get(key) for key in MEMORY},
        **{f"noise_{key}": noise.get(key) for key in NOISE},
        # What the task left running after the run, ended by the job (version 7).
        "left_running": left.get("n"),
        "left_running_names": ", ".join(sorted(set(left.get("names") or []))) or None,
        "target_python": target.get("python_executable"),
        "target_python_version": target.get("python_version"),
        "listen_backlog": target.get("listen_backlog"),
        "somaxconn": target.get("somaxconn"),
        "nofile_soft": (record["limits"] or {}).get("nofile_soft"),
        "hostname": env["hostname"],
        "cpu_brand": cpuinfo["brand_raw"],
        "cpu_arch": cpuinfo["arch"],
        "cpuinfo_count": cpuinfo["count"],
        **{key: env[key] for key in ENVIRONMENT_COLUMNS},
        "implementation_version": env.get("implementation_version"),
        "free_threaded": env.get("free_threaded"),
        "platform": env.get("platform"),
        "python_gil_env": env.get("python_gil_env"),
        # The modules whose import turned the GIL back on, ", "-joined.
        "gil_enabled_by": ", ".join(env.get("gil_enabled_by") or []) or None,
        "loadavg_1m_before": env["loadavg_before"][0],
        **{column: env["packages"].get(name) for name, column in PACKAGE_COLUMNS.items()},
        **{column: record["job"][key] for column, key in JOB.items()},
        **{key: record["job"].get(key) for key in SLURM},
    }


# The columns flattened from a record, in order.
RECORD_TABLE_COLUMNS = list(
    flatten(
        {
            **{key: None for key in RECORD_COLUMNS.split()},
            "outcome": {"status": None, "reason": None},
            "params": {},
            "environment": {key: None for key in ENVIRONMENT_COLUMNS}
            | {"hostname": None, "loadavg_before": [None], "packages": {}},
            "cpuinfo": {"brand_raw": None, "arch": None, "count": None},
            "errors": {"count": 0, "by_problem": {}},
            "observed": {"tasks": 0, "n_pids": 0, "n_threads": 0},
            **dict.fromkeys(["resources", "noise", "latency", "target", "limits"]),
            "job": dict.fromkeys(JOB.values()),
        }
    )
)
# Every column of runs.csv, in order: the record's, its parallelism, then what
# noise.py makes of them.
COLUMNS = [*RECORD_TABLE_COLUMNS, "parallelism", *noise.COLUMNS]


def cpu_seconds(runs):
    """The client's CPU time of each run (NaN without resources)."""
    return runs[CPU_TIMES].astype(float).sum(axis=1, min_count=1)


def parallelism(runs):
    """CPU seconds per wall second of each run's timed region: how many CPUs it
    kept busy on average (1 under the GIL, up to the usable CPUs for processes)."""
    return cpu_seconds(runs) / runs["elapsed_s"].astype(float)


def sort_runs(runs, catalog):
    """By workload, then in the catalog's order, then by repeat."""
    position = {name: i for i, name in enumerate(catalog.ordered(runs["experiment"]))}
    return (
        runs.assign(_position=runs["experiment"].map(position))
        .sort_values(["_position", "repeat"], kind="stable")
        .drop(columns="_position")
        .reset_index(drop=True)
    )


def with_catalog(table, catalog):
    """`table` (one row per run or per experiment) with what the catalog says
    of each experiment: its baseline, family, origin, and what bounds it: its
    kind (concurrency_bench.models) and each option a workload reads (empty where its
    workload has none of that name)."""
    described = table["experiment"].map(catalog.find)
    return table.assign(
        baseline=described.map(lambda e: e.baseline),
        family=described.map(lambda e: e.family),
        origin=described.map(lambda e: e.origin),
        model=described.map(lambda e: e.model),
        instead_of=described.map(lambda e: e.instead_of),
        kind=described.map(lambda e: e.kind),
        **{
            name: described.map(lambda e, name=name: e.option(name))
            for name in workloads.option_names()
        },
    )


def load_catalog(path, config):
    """The catalog at `path` with an experiment per model and workload of the
    config (key `workloads`): <workload>/<model>, as the workflow runs them."""
    return experiment_catalog.load(path).with_workloads((config or {}).get("workloads"))


def load_records(record_paths, skip_bad=False):
    """The valid records; RecordError names the first bad file, or with
    `skip_bad` each bad file is named in a warning and left out."""
    validator = make_validator()
    for path in record_paths:
        try:
            yield load_record(path, validator)
        except RecordError as error:
            if not skip_bad:
                raise
            print(f"warning: skipped {error}", file=sys.stderr)


def known_to(catalog, records):
    """The records of experiments in the catalog; the others named and left out
    (records copied from a version of the project with more experiments)."""
    for record in records:
        if record["experiment"] in catalog:
            yield record
        else:
            print(
                f"warning: skipped a run of {record['experiment']!r}: not in the "
                f"catalog ({catalog.path})",
                file=sys.stderr,
            )


def runs_table(record_paths, catalog, skip_bad=False, analysis=None):
    """Validate and flatten every record (see load_records); mark the disturbed
    runs by the config's `analysis` keys (noise.settings)."""
    records = known_to(catalog, load_records(record_paths, skip_bad))
    runs = pd.DataFrame([flatten(record) for record in records], columns=RECORD_TABLE_COLUMNS)
    runs["parallelism"] = parallelism(runs)
    runs = noise.mark(runs, **noise.settings(analysis))
    runs = runs.astype({column: "Int64" for column in INTEGER_COLUMNS})
    return sort_runs(runs, catalog)


def read_runs(path):
    """The CSV written here, read back with its integer columns intact."""
    dtypes = {column: "Int64" for column in INTEGER_COLUMNS}
    booleans = dict.fromkeys(BOOLEAN_COLUMNS, "boolean")
    texts = dict.fromkeys(["outcome_reason", "disturbed"], "string")
    return pd.read_csv(path, dtype={**dtypes, **booleans, **texts})


def write_runs_table(record_paths, catalog, output, skip_bad=False, analysis=None):
    runs = runs_table(record_paths, catalog, skip_bad, analysis)
    runs.to_csv(output, index=False)
    print(f"{len(runs)} runs -> {output}", file=sys.stderr)
