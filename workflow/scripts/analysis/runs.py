"""Flatten the JSON run records of one machine into a table: one row per run.

Each record is checked against workflow/schemas/run.schema.yaml first; a bad
one stops the aggregation with the file's name (records.RecordError).
"""

import sys

import pandas as pd

from bench.record import RecordError, load_record, make_validator

# Copied as they are from the record's top level and from its environment.
RECORD_COLUMNS = (
    "experiment",
    "kind",
    "method",
    "repeat",
    "machine",
    "elapsed_s",
    "started_at",
    "finished_at",
)
ENVIRONMENT_COLUMNS = (
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
)
# The job's own cost besides the timed region (record["job"]).
JOB_COLUMNS = (
    "process_started_at",
    "job_finished_at",
    "startup_s",
    "setup_s",
    "teardown_s",
    "job_total_s",
)
COLUMNS = (
    *RECORD_COLUMNS,
    "n_requests",
    "url",
    "target_embedded",
    "delay_s",
    "rtt_s",
    "tls",
    "timeout_s",
    "max_workers",
    "start",
    "stop",
    "workers",
    "workers_requested",
    "chunksize",
    "work_items",
    "concurrency_reason",
    "errors",
    "observed_tasks",
    "observed_pids",
    "observed_threads",
    "hostname",
    "cpu_brand",
    "cpu_arch",
    "cpuinfo_count",
    *ENVIRONMENT_COLUMNS,
    "loadavg_1m_before",
    "requests_version",
    "httpx_version",
    "aiohttp_version",
    "cpuinfo_version",
    *JOB_COLUMNS,
)
# Kept as nullable integers: I/O rows have no `start`, CPU rows no `n_requests`,
# and plain NaN would turn 1000 into 1000.0 in the CSV.
INTEGER_COLUMNS = (
    "repeat",
    "n_requests",
    "max_workers",
    "start",
    "stop",
    "workers",
    "chunksize",
    "work_items",
)


def flatten(record):
    """One run record as a flat dict of COLUMNS (missing parameters are None)."""
    params, env, cpuinfo = record["params"], record["environment"], record["cpuinfo"]
    packages, job = env["packages"], record["job"]
    return {
        **{key: record[key] for key in RECORD_COLUMNS},
        "n_requests": params.get("n_requests"),
        "url": params.get("url"),
        "target_embedded": params.get("target_embedded"),
        "delay_s": params.get("delay_s"),
        "rtt_s": params.get("rtt_s"),
        "tls": params.get("tls"),
        "timeout_s": params.get("timeout"),
        "max_workers": params.get("max_workers"),
        "start": params.get("start"),
        "stop": params.get("stop"),
        "workers": params.get("workers"),
        "workers_requested": params.get("workers_requested"),
        "chunksize": params.get("chunksize"),
        "work_items": params.get("work_items"),
        "concurrency_reason": params.get("max_workers_reason") or params.get("workers_reason"),
        "errors": record["errors"]["count"],
        "observed_tasks": record["observed"]["tasks"],
        "observed_pids": record["observed"]["n_pids"],
        "observed_threads": record["observed"]["n_threads"],
        "hostname": env["hostname"],
        "cpu_brand": cpuinfo["brand_raw"],
        "cpu_arch": cpuinfo["arch"],
        "cpuinfo_count": cpuinfo["count"],
        **{key: env[key] for key in ENVIRONMENT_COLUMNS},
        "loadavg_1m_before": env["loadavg_before"][0],
        "requests_version": packages["requests"],
        "httpx_version": packages["httpx"],
        "aiohttp_version": packages["aiohttp"],
        "cpuinfo_version": packages["py-cpuinfo"],
        "process_started_at": job["process_started_at"],
        "job_finished_at": job["finished_at"],
        "startup_s": job["startup_s"],
        "setup_s": job["setup_s"],
        "teardown_s": job["teardown_s"],
        "job_total_s": job["total_s"],
    }


def sort_runs(runs, catalog):
    """By kind, then in the catalog's order, then by repeat."""
    position = {name: i for i, name in enumerate(catalog.ordered(runs["experiment"]))}
    return (
        runs.assign(_position=runs["experiment"].map(position))
        .sort_values(["_position", "repeat"], kind="stable")
        .drop(columns="_position")
        .reset_index(drop=True)
    )


def with_catalog(table, catalog):
    """`table` (one row per run or per experiment) with what the catalog says
    of each experiment: its baseline, family, origin, and what bounds it."""
    rows = {e.name: e for e in catalog}
    described = table["experiment"].map(rows)
    return table.assign(
        baseline=described.map(lambda e: e.baseline),
        family=described.map(lambda e: e.family),
        origin=described.map(lambda e: e.origin),
        concurrency_model=described.map(lambda e: e.concurrency),
        reuses_connections=described.map(lambda e: e.reuses_connections),
    )


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


def runs_table(record_paths, catalog, skip_bad=False):
    """Validate and flatten every record (see load_records)."""
    records = known_to(catalog, load_records(record_paths, skip_bad))
    runs = pd.DataFrame([flatten(record) for record in records], columns=list(COLUMNS))
    runs = runs.astype({column: "Int64" for column in INTEGER_COLUMNS})
    return sort_runs(runs, catalog)


def read_runs(path):
    """The CSV written here, read back with its integer columns intact."""
    dtypes = {column: "Int64" for column in INTEGER_COLUMNS}
    return pd.read_csv(path, dtype={**dtypes, "target_embedded": "boolean", "tls": "boolean"})


def write_runs_table(record_paths, catalog, output, skip_bad=False):
    runs = runs_table(record_paths, catalog, skip_bad)
    runs.to_csv(output, index=False)
    print(f"{len(runs)} runs -> {output}", file=sys.stderr)
