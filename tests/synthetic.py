"""Synthetic data whose answers are known in advance: run records valid against
workflow/schemas/run.schema.yaml (for the aggregation, summaries and machine
comparison), and runs tables as runs.csv holds them (for the analysis). What an
experiment is (its kind, method, concurrency) comes from its catalog row."""

import json
import math

import numpy as np
import pandas as pd

from analysis.runs import COLUMNS as RUNS_COLUMNS
from analysis.summary import summarize
from bench import in_flight
from bench.record import SCHEMA_VERSION
from project import requirements
from script_runner import CATALOG

# The packages a record names, at the versions requirements.txt pins.
RECORDED_PACKAGES = ("requests", "httpx", "aiohttp", "py-cpuinfo")
# The in-flight requests of an I/O experiment whose executor picks its own
# default (it depends on the machine's CPUs): fixed here, as on a 2-CPU machine.
EXECUTOR_DEFAULTS = {"thread_pool": 6, "process_pool": 2}


def io_max_workers(experiment, n_requests):
    """At most how many requests of `experiment` are in flight (the record's max_workers)."""
    how = experiment.concurrency
    if how in EXECUTOR_DEFAULTS:
        return EXECUTOR_DEFAULTS[how]
    return in_flight.io_concurrency(experiment, n_requests)["max_workers"]


def make_record(
    experiment,
    repeat=1,
    elapsed_s=1.0,
    *,
    machine="test-machine",
    cpu_brand="Test CPU 3000",
    usable_cpus=2,
    python_version="3.11.7",
    workers=2,
    **changes,
):
    """A run record as bench/harness.py writes it (see a real one from
    `scripts/io-bound_sync.py -o run.json`), with `changes` applied on top."""
    row = CATALOG[experiment]
    if row.kind == "io":
        max_workers = io_max_workers(row, 10)
        params = {
            "n_requests": 10,
            "url": "http://127.0.0.1:40000/ip",
            "target_embedded": True,
            "delay_s": 0.1,
            "rtt_s": 0.0,
            "tls": False,
            "timeout": 30.0,
            "max_errors": 0,
            "max_workers_requested": None,
            "max_workers": max_workers,
            "max_workers_reason": f"{row.method}: {max_workers}",
        }
        tasks = 10
    else:
        workers = 1 if row.concurrency == "one" else workers
        params = {
            "start": 1000,
            "stop": 1100,
            "workers": workers,
            "workers_requested": "auto",
            "workers_reason": f"{row.method}: {workers}",
            **in_flight.cpu_work_items(row, 100, workers),
        }
        tasks = 100
    observed = {
        "tasks": tasks,
        "pids": [4242],
        "n_pids": 1,
        "threads": ["4242/MainThread"],
        "n_threads": 1,
    }
    pinned = requirements()
    environment = {
        "hostname": machine,
        "os": "Linux",
        "kernel": "6.1.0",
        "platform": "Linux-6.1.0-x86_64",
        "python_version": python_version,
        "python_implementation": "CPython",
        "python_executable": "/usr/bin/python3",
        "python_build": "main",
        "gil_enabled": None,
        "mp_start_method": "fork",
        "packages": {name: pinned[name] for name in RECORDED_PACKAGES},
        "cpu_count": usable_cpus,
        "usable_cpus": usable_cpus,
        "memory_total_bytes": 8 * 2**30,
        "loadavg_before": [0.25, 0.2, 0.1],
    }
    cpuinfo = {
        "brand_raw": cpu_brand,
        "arch": "X86_64",
        "count": usable_cpus,
        "hz_advertised_friendly": "3.0 GHz",
        "hz_actual_friendly": "3.0 GHz",
        "flags": ["sse2"],
    }
    job = {
        "process_started_at": "2026-11-25T14:59:59+00:00",
        "finished_at": "2026-11-25T15:00:02+00:00",
        "startup_s": 0.3,
        "setup_s": 0.4,
        "teardown_s": 0.1,
        "total_s": 3.0,
    }
    record = {
        "schema_version": SCHEMA_VERSION,
        "experiment": experiment,
        "kind": row.kind,
        "method": row.method,
        "family": row.family,
        "repeat": repeat,
        "run_index": repeat,
        "machine": machine,
        "outcome": {"status": "ok", "reason": None},
        "elapsed_s": elapsed_s,
        "started_at": "2026-11-25T15:00:00+00:00",
        "finished_at": "2026-11-25T15:00:01+00:00",
        "params": params,
        "errors": {"count": 0, "by_problem": {}},
        "observed": observed,
        **measured_blocks(row.kind, tasks, elapsed_s),
        "environment": environment,
        "cpuinfo": cpuinfo,
        "cpuinfo_source": "cached: results/test-machine/host.json",
        "job": job,
    }
    return {**record, **changes}


def measured_blocks(kind, tasks, elapsed_s):
    """What a run cost and what disturbed it (a quiet machine); for an I/O run
    also each request's latency, the target and the open-files limit."""
    blocks = {
        "resources": {
            "cpu_user_s": 0.05,
            "cpu_system_s": 0.01,
            "children_cpu_user_s": 0.0,
            "children_cpu_system_s": 0.0,
            "rss_before_kib": 40_000,
            "max_rss_kib": 42_000,
            "children_max_rss_kib": 0,
            "ctx_voluntary": 20,
            "ctx_involuntary": 2,
            "target_cpu_s": 0.01 if kind == "io" else 0.0,
        },
        "noise": {
            "machine_busy_s": 0.06,
            "other_processes_cpu_s": 0.0,
            "steal_s": 0.0,
            "ctx_involuntary": 2,
            "governor": None,
            "cpu_mhz": None,
        },
        "latency": None,
        "target": None,
        "limits": None,
    }
    if kind == "io":
        wait_s = min(elapsed_s, 0.1)
        blocks["latency"] = {
            "n": tasks,
            "p50_s": wait_s,
            "p90_s": wait_s,
            "p99_s": wait_s,
            "max_s": wait_s,
            "raw_s": [wait_s] * tasks,
        }
        blocks["target"] = {
            "embedded": True,
            "python_executable": "/usr/bin/python3",
            "python_version": "3.11.7",
            "listen_backlog": 1024,
            "somaxconn": 4096,
        }
        blocks["limits"] = {"nofile_soft_before": 1024, "nofile_soft": 4096, "nofile_hard": 4096}
    return blocks


def write_records(folder, runs):
    """{(experiment, repeat): elapsed_s} -> one JSON record per run; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for (experiment, repeat), elapsed_s in runs.items():
        path = folder / f"{experiment}-{repeat}.json"
        path.write_text(json.dumps(make_record(experiment, repeat, elapsed_s)))
        paths.append(path)
    return paths


# --- runs tables ---------------------------------------------------------------

# Few resamples keep the suite fast; the verdicts tested are far from the edge.
RESAMPLES = 2_000
SEED = 11
INTEGER_COLUMNS = (
    "repeat",
    "n_requests",
    "max_workers",
    "start",
    "stop",
    "workers",
    "work_items",
)


def runs_frame(times, repeats=None, usable_cpus=2, n_requests=100, delay_s=0.1, **params):
    """A runs table (the columns the analysis reads, with runs.csv's dtypes).

    `times`: {experiment: [elapsed_s, ...]}; `repeats`: {experiment: [repeat, ...]}
    (default 1..n); `params`: {experiment with _ for -: {column: value}} over
    each experiment's own (max_workers as its catalog row says; 2 CPU workers).
    """
    rows = []
    for experiment, elapsed in times.items():
        row = CATALOG[experiment]
        io = row.kind == "io"
        if io:
            own = {"max_workers": io_max_workers(row, n_requests)}
        else:
            own = {"workers": 1 if row.concurrency == "one" else 2, "work_items": 15000}
        own = {**own, **params.get(experiment.replace("-", "_"), {})}
        labels = (repeats or {}).get(experiment, range(1, len(elapsed) + 1))
        for repeat, seconds in zip(labels, elapsed, strict=True):
            rows.append(
                {
                    "experiment": experiment,
                    "kind": row.kind,
                    "method": row.method,
                    "repeat": repeat,
                    "elapsed_s": float(seconds),
                    "n_requests": n_requests if io else None,
                    "delay_s": delay_s if io else math.nan,
                    "rtt_s": 0.0 if io else math.nan,
                    "tls": False if io else None,
                    "max_workers": own.get("max_workers") if io else None,
                    "start": None if io else 1000,
                    "stop": None if io else 16000,
                    "workers": None if io else own["workers"],
                    "work_items": None if io else own["work_items"],
                    "gil_enabled": True,
                    "concurrency_reason": f"{row.method} reason",
                    "errors": 0,
                    "usable_cpus": usable_cpus,
                    "loadavg_1m_before": 0.2,
                    "outcome": "ok",
                }
            )
    runs = pd.DataFrame(rows)
    # Every other column of runs.csv, empty.
    runs = runs.assign(**dict.fromkeys([c for c in RUNS_COLUMNS if c not in runs]))
    runs["delay_s"] = runs["delay_s"].astype(float)
    return runs.astype({c: "Int64" for c in INTEGER_COLUMNS})


def noisy(center, n=7, spread=0.01, seed=0):
    """n times around `center`, a relative `spread` apart; deterministic."""
    rng = np.random.default_rng(seed)
    return (center * (1 + spread * rng.standard_normal(n))).tolist()


def summary_of(runs, **analysis):
    return summarize(runs, CATALOG, seed=SEED, resamples=RESAMPLES, **analysis)


def row_of(summary, experiment):
    return summary.set_index("experiment").loc[experiment]
