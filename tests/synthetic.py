"""Synthetic data whose answers are known in advance: run records valid against
src/concurrency_bench/record/schemas/run.schema.yaml (for the aggregation, summaries and machine
comparison), and runs tables as runs.csv holds them (for the analysis). What an
experiment is (its workload, method, kind of model) comes from its catalog row:
the project's, with the models of `any` on a workload of yours, YOURS."""

import json

import numpy as np
import pandas as pd
from concurrency_bench import models, workloads
from concurrency_bench.analysis.runs import COLUMNS as RUNS_COLUMNS
from concurrency_bench.analysis.runs import INTEGER_COLUMNS as RUNS_INTEGER_COLUMNS
from concurrency_bench.analysis.runs import parallelism
from concurrency_bench.analysis.summary import summarize
from concurrency_bench.core.environment import PACKAGES
from concurrency_bench.models import in_flight
from concurrency_bench.record.run_record import SCHEMA_VERSION

from project import requirements
from script_runner import CATALOG as PROJECT_CATALOG

# A workload of the config's, as examples/workloads/hashing.yaml names it.
YOURS = "hashing"
YOUR_SPEC = {
    "task": "examples/workloads/hashing.py:task",
    "task_async": "examples/workloads/hashing.py:task_async",
    "inputs": "examples/workloads/hashing.py:inputs",
}
# Its profile (concurrency_bench.run.calibration): 64 items of 10 ms each, all of it on the CPU.
YOUR_PROFILE = {
    "n_items": 64,
    "task_s": 0.01,
    "cpu_share": 1.0,
    "item_bytes": 30.0,
    "result_bytes": 80.0,
    "transfer_s": 1e-5,
}
CATALOG = PROJECT_CATALOG.with_workloads({YOURS: YOUR_SPEC})


def yours(kind):
    """The name of the first model of your workload of this catalog kind
    (sync, threads, processes, coroutines...): hashing/<model>."""
    return next(e.name for e in CATALOG if e.workload == YOURS and e.kind == kind)


# The in-flight requests of an I/O experiment whose executor picks its own
# default (it depends on the machine's CPUs): fixed here, as on a 2-CPU machine.
EXECUTOR_DEFAULTS = {"ThreadPoolExecutor": 6, "ProcessPoolExecutor": 2}


def io_max_workers(experiment, n_requests):
    """At most how many requests of `experiment` are in flight (the record's max_workers)."""
    if experiment.option("at_once") == "pool" and not experiment.option("pool_size"):
        return EXECUTOR_DEFAULTS[models.of(experiment).executor]
    return in_flight.io_concurrency(experiment, n_requests)["max_workers"]


def http_params(row, workers):
    max_workers = io_max_workers(row, 10)
    return {
        "n_requests": 10,
        "n_tasks": 10,
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


def sieve_params(row, workers):
    workers = 1 if models.of(row).is_sync else workers
    return {
        "start": 1000,
        "stop": 1100,
        "n_tasks": 100,
        "workers": workers,
        "workers_requested": "auto",
        "workers_reason": f"{row.method}: {workers}",
        **in_flight.cpu_work_items(row, 100, workers),
    }


def function_params(row, workers):
    """Your workload's: `workers` at once (in flight for threads and coroutines)."""
    workers = 1 if models.of(row).is_sync else workers
    in_flight_at_once = workers if "in_flight" in row.params else None
    return {
        "task": YOUR_SPEC["task"],
        "task_async": YOUR_SPEC["task_async"],
        "inputs": YOUR_SPEC["inputs"],
        "n_tasks": 64,
        "workers": workers,
        "workers_requested": None if in_flight_at_once else "auto",
        "in_flight": in_flight_at_once,
        "workers_reason": f"{row.method}: {workers}",
        "start_method": "fork",
        "start_method_requested": None,
        **in_flight.cpu_work_items(row, 64, workers),
        **YOUR_PROFILE,
    }


def scrape_workers(row, workers):
    """(workers, in flight): a pool's processes, or the pages in flight."""
    in_flight_at_once = 8 if "in_flight" in row.params else None
    if models.of(row).is_sync:
        return 1, None
    return (workers if "workers" in row.params else None), in_flight_at_once


def scrape_params(row, workers):
    """8 pages of 16 KiB, each answered after 0.05 s and parsed 4 times at 1 ms a pass."""
    workers, in_flight_at_once = scrape_workers(row, workers)
    return {
        "n_pages": 8,
        "n_tasks": 8,
        "page_kb": 16,
        "page_bytes": 16_500,
        "passes": 4,
        "parse_pass_s": 0.001,
        "fetch_cpu_s": 0.002,
        "transfer_s": 0.00002,
        "url": "http://127.0.0.1:40000/ip",
        "target_embedded": True,
        "delay_s": 0.05,
        "rtt_s": 0.0,
        "timeout": 30.0,
        "workers": workers,
        "workers_requested": None,
        "workers_reason": f"{row.method}: {workers}",
        "in_flight": in_flight_at_once,
    }


# A run's params, by its workload's family (concurrency_bench.workloads.family).
PARAMS = {"http": http_params, "sieve": sieve_params, "scrape": scrape_params, "": function_params}


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
    """A run record as src/concurrency_bench/run/harness.py writes it (see a real one from
    `scripts/io-bound_sync.py -o run.json`), with `changes` applied on top."""
    row = CATALOG[experiment]
    family = workloads.family(row.workload).name
    params = PARAMS[family](row, workers)
    tasks = params["n_tasks"]
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
        # The packages a record names, at the versions requirements.txt pins.
        "packages": {name: pinned[name] for name in PACKAGES},
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
        "workload": row.workload,
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
        **measured_blocks(family == "http", tasks, elapsed_s),
        "environment": environment,
        "cpuinfo": cpuinfo,
        "cpuinfo_source": "cached: results/test-machine/host.json",
        "job": job,
        "left_running": {"n": 0, "names": []},
    }
    return {**record, **changes}


def measured_blocks(waits, tasks, elapsed_s):
    """What a run cost and what disturbed it (a quiet machine); for a run that
    `waits` on HTTP requests also each one's latency, the target and the
    open-files limit."""
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
            "target_cpu_s": 0.01 if waits else 0.0,
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
        "memory": {
            "base_kib": 30_000,
            "peak_kib": 31_000,
            "peak_uss_kib": 27_000,
            "peak_processes": 1,
            "peak_client_kib": 31_000,
            "samples": 20,
            "interval_s": 0.05,
            "max_gap_s": 0.06,
            "sampler_cpu_s": 0.07,
        },
    }
    if waits:
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
        path = folder / f"{experiment}-{repeat}.json"  # hashing/<model>: a folder of its own
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(make_record(experiment, repeat, elapsed_s)))
        paths.append(path)
    return paths


# --- runs tables ---------------------------------------------------------------

# Few resamples keep the suite fast; the verdicts tested are far from the edge.
RESAMPLES = 2_000
SEED = 11


def http_columns(row, n_requests, delay_s):
    return {
        "n_tasks": n_requests,
        "n_requests": n_requests,
        "delay_s": delay_s,
        "rtt_s": 0.0,
        "tls": False,
        "max_workers": io_max_workers(row, n_requests),
    }


def sieve_columns(row, n_requests, delay_s):
    return {
        "n_tasks": 15000,
        "start": 1000,
        "stop": 16000,
        "workers": 1 if models.of(row).is_sync else 2,
        "work_items": 15000,
    }


def function_columns(row, n_requests, delay_s):
    """Your workload's: 2 at once (in flight for threads and coroutines), YOUR_PROFILE's facts."""
    workers = 1 if models.of(row).is_sync else 2
    return {
        "n_tasks": YOUR_PROFILE["n_items"],
        "task": YOUR_SPEC["task"],
        "inputs": YOUR_SPEC["inputs"],
        "workers": workers,
        "in_flight": workers if "in_flight" in row.params else None,
        "start_method": "fork",
        **in_flight.cpu_work_items(row, YOUR_PROFILE["n_items"], workers),
        **YOUR_PROFILE,
    }


def scrape_columns(row, n_requests, delay_s):
    params = scrape_params(row, 2)
    keys = ("n_tasks", "n_pages", "page_kb", "passes", "parse_pass_s", "fetch_cpu_s")
    keys += ("transfer_s", "delay_s")
    return {
        **{key: params[key] for key in keys},
        "rtt_s": 0.0,
        "workers": params["workers"],
        "in_flight": params["in_flight"],
    }


# A runs table's parameter columns, by the workload's family (concurrency_bench.workloads.family).
COLUMNS_OF = {
    "http": http_columns,
    "sieve": sieve_columns,
    "scrape": scrape_columns,
    "": function_columns,
}


def runs_frame(
    times, repeats=None, usable_cpus=2, n_requests=100, delay_s=0.1, every_run=None, **params
):
    """A runs table (the columns the analysis reads, with runs.csv's dtypes).

    `times`: {experiment: [elapsed_s, ...]}; `repeats`: {experiment: [repeat, ...]}
    (default 1..n); `params`: {experiment with _ for - and /: {column: value}}
    over each experiment's own (max_workers as its catalog row says; 2 workers
    of the others); a `parallelism` given there is every run's, otherwise it
    follows from the CPU times, as in runs.csv. `every_run`: {column: value}
    over all of that, for every run (a build without the GIL, a start method).
    """
    rows = []
    for experiment, elapsed in times.items():
        row = CATALOG[experiment]
        own = COLUMNS_OF[workloads.family(row.workload).name](row, n_requests, delay_s)
        own = {**own, **params.get(experiment.replace("-", "_").replace("/", "_"), {})}
        labels = (repeats or {}).get(experiment, range(1, len(elapsed) + 1))
        for repeat, seconds in zip(labels, elapsed, strict=True):
            rows.append(
                {
                    "experiment": experiment,
                    "workload": row.workload,
                    "method": row.method,
                    "repeat": repeat,
                    "elapsed_s": float(seconds),
                    "gil_enabled": True,
                    "concurrency_reason": f"{row.method} reason",
                    "errors": 0,
                    "usable_cpus": usable_cpus,
                    "loadavg_1m_before": 0.2,
                    "outcome": "ok",
                    **own,
                    **(every_run or {}),
                }
            )
    runs = pd.DataFrame(rows)
    # Every other column of runs.csv, empty.
    runs = runs.assign(**dict.fromkeys([c for c in RUNS_COLUMNS if c not in runs]))
    runs["delay_s"] = runs["delay_s"].astype(float)
    runs["parallelism"] = runs["parallelism"].astype(float).fillna(parallelism(runs))
    return runs.astype({c: "Int64" for c in RUNS_INTEGER_COLUMNS})


def noisy(center, n=7, spread=0.01, seed=0):
    """n times around `center`, a relative `spread` apart; deterministic."""
    rng = np.random.default_rng(seed)
    return (center * (1 + spread * rng.standard_normal(n))).tolist()


def summary_of(runs, **analysis):
    return summarize(runs, CATALOG, seed=SEED, resamples=RESAMPLES, **analysis)


def row_of(summary, experiment):
    return summary.set_index("experiment").loc[experiment]


def io_bound(n_requests, delay_s, in_flight, rtt_s=0.0, tls=False, reuses=False):
    """(bound_s, waves) of HTTP requests, from parameters rather than a row."""
    from concurrency_bench.workloads.http import HTTP

    row = {"n_requests": n_requests, "delay_s": delay_s, "max_workers": in_flight}
    return HTTP.bound({**row, "rtt_s": rtt_s, "tls": tls, "reuses_connections": reuses}, None)


def cpu_bound(kind, sync_median_s, workers, usable_cpus, gil_enabled=None):
    """(bound_s, CPUs at work) of the sieve, from parameters rather than a row;
    `kind` is the catalog's (sync, processes, threads, interpreters)."""
    from concurrency_bench.workloads.sieve import SIEVE

    row = {"kind": kind, "workers": workers, "usable_cpus": usable_cpus}
    return SIEVE.bound({**row, "gil_enabled": gil_enabled}, sync_median_s)
