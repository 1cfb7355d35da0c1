"""src/concurrency_bench/analysis/pyperf_export.py: a machine's runs as a pyperf benchmark suite,
built with pyperf's API and read by pyperf's own tools."""

import subprocess
import sys

import pyperf
import pytest
from concurrency_bench.analysis import pyperf_export
from concurrency_bench.analysis.runs import COLUMNS

from script_runner import CATALOG
from synthetic import noisy, runs_frame

TIMES = {
    "io-bound_sync": noisy(2.0, n=5, seed=1),
    "io-bound_concurrent_1": noisy(0.2, n=5, seed=2),
    "cpu-bound_sync": noisy(3.0, n=5, seed=3),
}


def machine_runs(machine, scale=1.0, times=TIMES):
    """A runs table of one machine label, as runs.csv holds it."""
    runs = runs_frame({e: [scale * t for t in ts] for e, ts in times.items()})
    missing = [column for column in COLUMNS if column not in runs]
    runs = runs.assign(**dict.fromkeys(missing))
    return runs.assign(
        machine=machine,
        outcome="ok",
        hostname=f"host-{machine}",
        cpu_brand="Test CPU 3000",
        cpu_count=2,
        python_version="3.11.7",
        python_implementation="CPython",
        python_executable="/usr/bin/python3",
        platform="Linux-6.1.0-x86_64",
        os="Linux",
        kernel="6.1.0",
        started_at=[f"2026-11-25T15:{i // 60:02d}:{i % 60:02d}+00:00" for i in range(len(runs))],
        job_total_s=3.0,
        loadavg_1m_before=0.25,
        max_rss_kib=51200,
        noise_cpu_mhz=2400.0,
    )


def pyperf_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "pyperf", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def two_suites(tmp_path):
    paths = {}
    for machine, scale in (("a", 1.0), ("b", 0.5)):
        paths[machine] = tmp_path / f"{machine}.json"
        pyperf_export.write_suite(machine_runs(machine, scale), CATALOG, paths[machine])
    return paths


def test_one_benchmark_per_experiment_each_run_its_time(two_suites):
    suite = pyperf.BenchmarkSuite.load(str(two_suites["a"]))
    assert suite.get_benchmark_names() == list(TIMES)  # the catalog's order
    for experiment, times in TIMES.items():
        bench = suite.get_benchmark(experiment)
        assert bench.get_nrun() == len(times)
        assert list(bench.get_values()) == pytest.approx(times)
        assert bench.get_unit() == "second"


def test_each_run_carries_the_metadata_pyperf_knows(two_suites):
    bench = pyperf.BenchmarkSuite.load(str(two_suites["a"])).get_benchmark("io-bound_sync")
    metadata = bench.get_metadata()
    assert metadata["hostname"] == "host-a"
    assert metadata["cpu_model_name"] == "Test CPU 3000"
    assert metadata["cpu_count"] == 2
    assert metadata["python_version"] == "3.11.7"
    assert metadata["python_implementation"] == "cpython"
    assert metadata["platform"] == "Linux-6.1.0-x86_64"
    assert metadata["load_avg_1min"] == 0.25
    assert metadata["mem_max_rss"] == 51200 * 1024
    run = bench.get_runs()[0]
    assert run.get_metadata()["date"] == "2026-11-25 15:00:00"  # UTC, as pyperf writes it
    assert run.get_metadata()["duration"] == 3.0


def test_pyperf_compares_two_machines_and_describes_one(two_suites):
    compared = pyperf_cli("compare_to", two_suites["a"], two_suites["b"])
    assert compared.returncode == 0, compared.stderr
    for experiment in TIMES:
        assert experiment in compared.stdout
    assert "faster" in compared.stdout  # b ran everything in half the time
    stats = pyperf_cli("stats", two_suites["a"])
    assert stats.returncode == 0, stats.stderr
    assert "Number of benchmarks: 3" in stats.stdout


def test_failed_and_excluded_runs_are_left_out(tmp_path):
    runs = machine_runs("a")
    runs.loc[0, "outcome"] = "failed"
    runs.loc[1, "excluded"] = True
    suite = pyperf_export.suite(runs, CATALOG)
    assert suite.get_benchmark("io-bound_sync").get_nrun() == 3


def test_runs_of_one_label_on_different_hosts_still_make_a_suite(capsys):
    """pyperf refuses a benchmark whose runs differ in hostname: that key is
    left out of the benchmark's runs, with a warning, not the whole suite."""
    runs = machine_runs("cluster")
    runs.loc[runs.index[1], "hostname"] = "node-2"
    suite = pyperf_export.suite(runs, CATALOG)
    mixed = suite.get_benchmark("io-bound_sync")
    assert "hostname" not in mixed.get_metadata()
    assert suite.get_benchmark("cpu-bound_sync").get_metadata()["hostname"] == "host-cluster"
    assert "hostname" in capsys.readouterr().err


def test_missing_metadata_is_left_out_not_written_empty():
    runs = machine_runs("a").assign(platform=None, loadavg_1m_before=None, job_total_s=None)
    metadata = pyperf_export.run_metadata(runs.iloc[0])
    assert metadata["platform"] == "Linux-6.1.0"  # from the OS and kernel
    assert "load_avg_1min" not in metadata
    assert metadata["duration"] == runs.iloc[0]["elapsed_s"]
