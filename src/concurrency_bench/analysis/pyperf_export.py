"""One machine's runs as a pyperf benchmark suite (results/<machine>/pyperf.json),
built with pyperf's own API, so that pyperf's tools read them:

    python -m pyperf stats results/<machine>/pyperf.json
    python -m pyperf compare_to results/a/pyperf.json results/b/pyperf.json

One benchmark per experiment, one pyperf run per timed run (its only value the
run's elapsed_s, no warmup, one loop), with the metadata pyperf knows taken
from the run's record: hostname, cpu_model_name, cpu_count, python_version,
python_implementation, platform, date (UTC), duration (the whole job),
load_avg_1min (before the run), mem_max_rss, cpu_freq. Failed runs, and
excluded ones (analysis.exclude_disturbed), are left out, as from the summary.
pyperf refuses runs of one benchmark that differ in some metadata (hostname,
CPU, Python...): a key that differs between one experiment's runs (cluster
nodes of one label) is left out of all of them, with a warning.
"""

import datetime
import sys

import pandas as pd
import pyperf

from concurrency_bench.analysis.summary import succeeded

# {pyperf metadata: runs.csv column}, values as they are.
COPIED = {
    "hostname": "hostname",
    "cpu_model_name": "cpu_brand",
    "python_version": "python_version",
    "python_executable": "python_executable",
    "platform": "platform",
}
# What pyperf checks to be the same in every run of one benchmark.
CHECKED = ("cpu_count", "cpu_model_name", "hostname", "platform", "python_executable")
CHECKED += ("python_implementation", "python_version")


def present(value):
    """A value pyperf can store: not missing, not empty, no newline."""
    if isinstance(value, str):
        return bool(value.strip()) and "\n" not in value
    return value is not None and not pd.isna(value)


def pyperf_date(timestamp):
    """'2026-11-25 15:00:00' (UTC, no zone), as pyperf writes its own dates."""
    moment = datetime.datetime.fromisoformat(str(timestamp))
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment.isoformat(" ")


def run_metadata(run):
    """pyperf metadata of one row of runs.csv (the keys it has values for)."""
    metadata = {
        "name": run["experiment"],
        "unit": "second",
        "loops": 1,
        **{key: run.get(column) for key, column in COPIED.items()},
        "python_implementation": str(run.get("python_implementation") or "").lower(),
        "cpu_count": run.get("cpu_count"),
        "load_avg_1min": run.get("loadavg_1m_before"),
        "duration": run.get("job_total_s"),
        "mem_max_rss": run.get("max_rss_kib"),
        "cpu_freq": run.get("noise_cpu_mhz"),
        "date": run.get("started_at"),
    }
    if not present(metadata["platform"]) and present(run.get("os")):
        metadata["platform"] = f"{run['os']}-{run.get('kernel')}"
    if not present(metadata["duration"]) or metadata["duration"] <= 0:
        metadata["duration"] = run["elapsed_s"]
    converters = {
        "cpu_count": int,
        "loops": int,
        "load_avg_1min": float,
        "duration": float,
        "mem_max_rss": lambda kib: int(kib) * 1024,
        "cpu_freq": lambda mhz: f"0={mhz:.0f} MHz",
        "date": pyperf_date,
        "python_version": str,
    }
    kept = {}
    for key, value in metadata.items():
        if present(value):
            kept[key] = converters.get(key, lambda v: v)(value)
    return kept


def benchmark(runs):
    """One experiment's runs as a pyperf.Benchmark (None without a usable run)."""
    metadatas = [run_metadata(run) for _, run in runs.iterrows()]
    differing = [key for key in CHECKED if len({str(m.get(key)) for m in metadatas}) > 1]
    if differing:
        print(
            f"warning: {runs['experiment'].iloc[0]}: {', '.join(differing)} differ "
            "between its runs: left out of its pyperf metadata",
            file=sys.stderr,
        )
    pyperf_runs = [
        pyperf.Run(
            [float(elapsed)],
            metadata={k: v for k, v in metadata.items() if k not in differing},
            collect_metadata=False,
        )
        for elapsed, metadata in zip(runs["elapsed_s"], metadatas, strict=True)
        if elapsed > 0
    ]
    return pyperf.Benchmark(pyperf_runs) if pyperf_runs else None


def suite(runs, catalog):
    """Every experiment with a usable run, in the catalog's order."""
    ok = succeeded(runs)
    benchmarks = []
    for experiment in catalog.ordered(ok["experiment"]):
        found = benchmark(ok[ok["experiment"] == experiment])
        if found is not None:
            benchmarks.append(found)
    if not benchmarks:
        excluded = len(runs) - len(ok)
        raise ValueError(
            f"no run to write: pyperf has no empty suite ({len(runs)} runs, {excluded} "
            "failed or excluded as disturbed: see runs.csv and analysis.exclude_disturbed)"
        )
    return pyperf.BenchmarkSuite(benchmarks)


def write_suite(runs, catalog, output):
    built = suite(runs, catalog)
    built.dump(str(output), replace=True)
    print(f"{len(built)} benchmarks -> {output}", file=sys.stderr)
    return built
