"""The experiment scripts as a user runs them by hand: their --help, the
record of a tiny run, how workers are chosen, and how a bad run is refused.
Every script of the catalog is run; what it must record comes from its row."""

import os
import re
import sys
from pathlib import Path

import pytest
from concurrency_bench import models, workloads
from concurrency_bench.record.run_record import load_record

from script_runner import CATALOG, run_script

IO_TINY = ["--n-requests", 5, "--delay", 0.01]
CPU_TINY = ["--start", 1000, "--stop", 1100]
TINY_WORKLOAD = Path(__file__).resolve().parent / "tiny_workload.py"
FUNCTION_TINY = [
    "--workload",
    "tiny",
    "--task",
    f"{TINY_WORKLOAD}:square",
    "--task-async",
    f"{TINY_WORKLOAD}:square_async",
    "--inputs",
    f"{TINY_WORKLOAD}:items",
]
SCRAPE_TINY = ["--n-pages", 5, "--delay", 0.01, "--page-kb", 4]
# A tiny run of each workload's experiments, and the options only some take.
TINY = {"http": IO_TINY, "sieve": CPU_TINY, "scrape": SCRAPE_TINY, workloads.ANY: FUNCTION_TINY}
PER_EXPERIMENT = {
    "workers": ["--workers", 2],
    "in_flight": ["--in-flight", 4],
    "passes": ["--passes", 2],
}


def tiny_args(row):
    args = list(TINY[row.workload])
    for param, option in PER_EXPERIMENT.items():
        if param in row.params:
            args += option
    return args


WORKER_LINE = re.compile(r"^(\d+) - (.+?) - (.+)$", re.MULTILINE)


@pytest.mark.parametrize("experiment", CATALOG.names())
def test_help_names_the_method_and_its_options(experiment, tmp_path):
    """--help exits 0 and says which experiment and method (the catalog's) the script is."""
    row = CATALOG[experiment]
    result = run_script(experiment, "--help", *TINY[row.workload][:2], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert experiment in result.stdout
    assert f"method (as the report names it): {row.method}" in result.stdout
    for option in ["--output", "--repeat", "--machine", "--host-info"]:
        assert option in result.stdout
    # Its workload's options, each declared once (src/concurrency_bench/workloads/).
    for parameter in workloads.parameters_of(row.workload):
        if not parameter.per_experiment or parameter.name in row.params:
            assert parameter.option in result.stdout


def check_workers(experiment, record, worker_lines):
    """Which processes and threads ran the tasks, as the catalog row promises."""
    row = CATALOG[experiment]
    observed = record["observed"]
    processes = {process for _, process, _ in worker_lines}
    if row.family == "processes":
        # In the pool's worker processes, never in the script's own, at most 2.
        assert "MainProcess" not in processes
        assert 1 <= observed["n_pids"] <= 2
        return
    assert processes == {"MainProcess"}
    assert observed["n_pids"] == 1
    if row.option("at_once") == "per_request" or row.option("pool_size") == "n_requests":
        assert observed["n_threads"] == 5  # one thread per request
    elif row.family in ("thread pool", "threads + processes"):
        params = record["params"]
        workers = params.get("max_workers") or params.get("in_flight") or params["workers"]
        assert 1 <= observed["n_threads"] <= min(5, workers)
    else:  # sync loops and the event loop: the main thread only
        assert observed["threads"] == [f"{observed['pids'][0]}/MainThread"]


@pytest.mark.parametrize("experiment", CATALOG.names())
def test_tiny_run_writes_a_valid_record(experiment, tmp_path, host, validator):
    """A tiny run writes a record the aggregation accepts, saying what ran: the
    experiment, its catalog kind and method, parameters, one task per request or
    number, no errors, and the cached host description."""
    row = CATALOG[experiment]
    if not row.runs_on(sys.version_info):
        pytest.skip(
            f"{experiment} needs Python >= {row.python}: tests/test_interpreters.py "
            "runs it there, and checks that this Python refuses it"
        )
    output = tmp_path / "out" / "run.json"
    result = run_script(
        experiment,
        *tiny_args(row),
        "--output",
        output,
        "--host-info",
        host,
        "--repeat",
        3,
        "--machine",
        "bench-box",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    record = load_record(output, validator)

    if row.workload == workloads.ANY:
        assert (record["experiment"], record["workload"]) == (f"tiny/{experiment}", "tiny")
        assert record["params"]["n_tasks"] == 20
        return
    assert (record["experiment"], record["workload"], record["method"]) == (
        experiment,
        row.workload,
        row.method,
    )
    assert (record["repeat"], record["machine"]) == (3, "bench-box")
    params = record["params"]
    if row.workload in ("http", "scrape"):
        assert params["n_tasks"] == 5
        assert params["target_embedded"] is True
        assert params["delay_s"] == 0.01
        assert params["url"].startswith("http://127.0.0.1:")
        tasks = 5
    if row.workload == "scrape":
        # Each page's links, parsed twice, equal those the page was made with:
        # the harness checked them (a difference fails the run).
        assert (params["page_kb"], params["passes"]) == (4, 2)
        assert params["parse_pass_s"] > 0 and params["transfer_s"] > 0
        assert record["latency"]["n"] == 5
        uses_processes = row.family == "processes" or row.option("cpu_step") == "processes"
        assert params["workers"] == (2 if uses_processes else 1 if models.of(row).is_sync else None)
    elif row.workload == "sieve":
        assert (params["start"], params["stop"]) == (1000, 1100)
        assert params["workers"] == (1 if models.of(row).is_sync else 2)
        # Pool.starmap and the map in Pool's chunks: ceil(100 / (4 x 2)) = 13.
        chunked = row.option("chunks") == "pool"
        assert params["chunksize"] == (13 if chunked else 1)
        assert params["work_items"] == (8 if chunked else 100)
        tasks = 100
    assert record["observed"]["tasks"] == tasks
    assert record["errors"] == {"count": 0, "by_problem": {}}
    assert record["cpuinfo"]["brand_raw"]
    assert record["cpuinfo_source"] == f"cached: {host}"
    assert record["elapsed_s"] > 0

    # The log shows the article's lines: one per task, then the elapsed time.
    worker_lines = WORKER_LINE.findall(result.stdout)
    assert len(worker_lines) == tasks
    elapsed = re.compile(r"^Elapsed run time: [0-9.e-]+ seconds\.$", re.MULTILINE)
    assert elapsed.search(result.stdout)
    pids = sorted({int(pid) for pid, _, _ in worker_lines})
    assert pids == record["observed"]["pids"]
    check_workers(experiment, record, worker_lines)


def test_auto_workers_in_a_run_are_recorded_with_their_reason(tmp_path, host, validator):
    """A run with --workers auto records the number used, what was asked, and why."""
    output = tmp_path / "run.json"
    result = run_script(
        "cpu-bound_parallel_1",
        "--start",
        1000,
        "--stop",
        1010,
        "--workers",
        "auto",
        "--output",
        output,
        "--host-info",
        host,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    params = load_record(output, validator)["params"]
    assert params["workers"] == max(1, os.cpu_count() - 1)
    assert params["workers_requested"] == "auto"
    assert params["workers_reason"].startswith("auto: cpu_count() - 1")


@pytest.mark.parametrize("experiment", ["cpu-bound_parallel_1", "cpu-bound_sync"])
def test_invalid_workers_on_the_command_line_fails_clearly(experiment, tmp_path, host):
    """`--workers many` exits non-zero with a one-line message, and no record."""
    output = tmp_path / "run.json"
    result = run_script(
        experiment,
        "--start",
        1000,
        "--stop",
        1010,
        "--workers",
        "many",
        "--output",
        output,
        "--host-info",
        host,
        cwd=tmp_path,
    )
    assert result.returncode != 0
    said = {
        "cpu-bound_parallel_1": "argument --workers: 'many' is not 'auto' or an integer >= 1",
        "cpu-bound_sync": "unrecognized arguments: --workers many",  # the sync loop has none
    }
    assert said[experiment] in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()


def test_start_not_below_stop_fails_clearly(tmp_path, host):
    """--start >= --stop is refused before anything runs."""
    output = tmp_path / "run.json"
    result = run_script(
        "cpu-bound_sync",
        "--start",
        2000,
        "--stop",
        1000,
        "--output",
        output,
        "--host-info",
        host,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "--start (2000) must be below --stop (1000)" in result.stderr
    assert not output.exists()


@pytest.mark.parametrize("experiment", ["io-bound_sync", "io-bound_concurrent_3"])
def test_too_many_errors_fail_the_run_and_write_no_record(experiment, tmp_path, host, target):
    """More failed requests than --max-errors: exit 1, a message with the count
    and the status, and no record (a run of failures is not a timing)."""
    url = target.url.removesuffix("/ip") + "/status/404"
    output = tmp_path / "run.json"
    result = run_script(
        experiment,
        "--n-requests",
        3,
        "--url",
        url,
        "--max-errors",
        2,
        "--output",
        output,
        "--host-info",
        host,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert "fatal: 3 of 3 requests" in result.stderr
    assert "3x HTTP 404" in result.stderr
    assert "at most 2 allowed" in result.stderr
    assert url in result.stderr
    assert not output.exists()


def test_errors_within_max_errors_are_recorded(tmp_path, host, target, validator):
    """Failures up to --max-errors are tolerated, and counted in the record."""
    url = target.url.removesuffix("/ip") + "/status/404"
    output = tmp_path / "run.json"
    result = run_script(
        "io-bound_concurrent_1",
        "--n-requests",
        3,
        "--url",
        url,
        "--max-errors",
        3,
        "--output",
        output,
        "--host-info",
        host,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    record = load_record(output, validator)
    assert record["errors"] == {"count": 3, "by_problem": {"HTTP 404": 3}}
    assert record["params"]["target_embedded"] is False
    assert record["params"]["delay_s"] is None
    assert record["params"]["url"] == url


@pytest.mark.parametrize(
    "experiment, args, said",
    [
        (
            "io-bound_sync",
            ["--n-requests", 0, "--delay", 0.01],
            "--n-requests: must be >= 1, got 0",
        ),
        (
            "io-bound_sync",
            ["--n-requests", 2, "--delay", 0.01, "--repeat", 0],
            "--repeat: must be >= 1, got 0",
        ),
        ("cpu-bound_sync", ["--start", 1, "--stop", 20], "--start: must be >= 2, got 1"),
        (
            "io-bound_concurrent_2",
            ["--n-requests", 2, "--delay", 0.01, "--timeout", 0],
            "--timeout: must be > 0, got 0",
        ),
    ],
    ids=["n-requests-0", "repeat-0", "start-1", "timeout-0"],
)
def test_options_out_of_the_records_bounds_are_refused(experiment, args, said, tmp_path, host):
    """An option value the record's schema forbids fails the run, naming the
    option and its bound, instead of leaving a record that stops the
    aggregation later."""
    output = tmp_path / "run.json"
    result = run_script(experiment, *args, "--output", output, "--host-info", host, cwd=tmp_path)
    assert not output.exists(), "a record out of the schema's bounds was written"
    assert result.returncode != 0
    assert f"error: argument {said}" in result.stderr
    assert "Traceback" not in result.stderr
