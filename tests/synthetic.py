"""Synthetic run records, valid against workflow/schemas/run.schema.yaml, for
the tests of aggregation, summaries and machine comparison."""

import records

from script_runner import EXPERIMENTS


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
    """A run record as scripts/harness.py writes it (see a real one from
    `scripts/io-bound_sync.py -o run.json`), with `changes` applied on top."""
    kind, method = EXPERIMENTS[experiment]
    if kind == "io":
        max_workers = {"sync": 1, "ThreadPoolExecutor": 6}.get(method, 10)
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
            "max_workers_reason": f"{method}: {max_workers}",
        }
        tasks = 10
    else:
        workers = 1 if method == "sync" else workers
        params = {
            "start": 1000,
            "stop": 1100,
            "workers": workers,
            "workers_requested": "auto",
            "workers_reason": f"{method}: {workers}",
            "chunksize": 1,
            "work_items": 100,
        }
        tasks = 100
    observed = {
        "tasks": tasks,
        "pids": [4242],
        "n_pids": 1,
        "threads": ["4242/MainThread"],
        "n_threads": 1,
    }
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
        "packages": {
            "requests": "2.34.2",
            "httpx": "0.28.1",
            "aiohttp": "3.14.5",
            "py-cpuinfo": "9.0.0",
        },
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
        "schema_version": records.SCHEMA_VERSION,
        "experiment": experiment,
        "kind": kind,
        "method": method,
        "repeat": repeat,
        "machine": machine,
        "elapsed_s": elapsed_s,
        "started_at": "2026-11-25T15:00:00+00:00",
        "finished_at": "2026-11-25T15:00:01+00:00",
        "params": params,
        "errors": {"count": 0, "by_problem": {}},
        "observed": observed,
        "environment": environment,
        "cpuinfo": cpuinfo,
        "cpuinfo_source": "cached: results/test-machine/host.json",
        "job": job,
    }
    return {**record, **changes}
