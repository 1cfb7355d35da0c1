"""The async arms that take asyncio apart from its HTTP client: aiohttp
(io-bound_concurrent_6), httpx without a pool limit (io-bound_concurrent_7),
aiohttp on uvloop (io-bound_concurrent_8), and the AsyncClient made before the
timed region (io-bound_concurrent_9); and the aiohttp task they share."""

import asyncio
import importlib.util
import re

import aiohttp
import pytest
from concurrency_bench.record.run_record import load_record
from concurrency_bench.run.task_output import TaskOutput
from concurrency_bench.tasks import make_request_aiohttp

from script_runner import CATALOG, closed_port, run_script, script, skipped_without

ARMS = [
    "io-bound_concurrent_6",
    "io-bound_concurrent_7",
    "io-bound_concurrent_8",
    "io-bound_concurrent_9",
]
AIOHTTP_ARMS = ["io-bound_concurrent_6", "io-bound_concurrent_8"]
IO_TINY = ["--n-requests", 5, "--delay", 0.01]
WORKER_LINE = re.compile(r"^\d+ - MainProcess - MainThread$", re.MULTILINE)


def run_arm(experiment, *args, cwd, host):
    output = cwd / "run.json"
    result = run_script(experiment, *args, "--output", output, "--host-info", host, cwd=cwd)
    return result, output


# The catalog rows.


def test_the_arms_are_asyncio_rows_against_the_sync_baseline():
    for experiment in ARMS:
        row = CATALOG[experiment]
        assert (row.workload, row.family, row.baseline) == ("http", "asyncio", "io-bound_sync")
        assert tuple(row.params) == ("n_requests", "delay_s")
        assert (row.kind, row.option("at_once")) == ("coroutines", "connections")
        assert row.option("reuses_connections") is True
    assert CATALOG["io-bound_concurrent_9"].origin == "ablation"
    assert {CATALOG[name].origin for name in ARMS[:3]} == {"scale"}
    assert CATALOG["io-bound_concurrent_7"].option("connection_limit") is None
    assert "connection_limit" in CATALOG["io-bound_concurrent_7"].options  # null: no limit
    for experiment in ["io-bound_concurrent_6", "io-bound_concurrent_8", "io-bound_concurrent_9"]:
        assert CATALOG[experiment].option("connection_limit") == 100


def test_the_ablation_compares_each_arm_with_the_article_or_its_neighbour():
    ablation = next(a for a in CATALOG.ablations if "event loop" in a.question)
    pairs = {(first, second) for _, first, second in ablation.comparisons}
    assert pairs == {
        ("io-bound_concurrent_3", "io-bound_concurrent_9"),
        ("io-bound_concurrent_3", "io-bound_concurrent_6"),
        # The two clients alone: both make theirs before the timed region.
        ("io-bound_concurrent_9", "io-bound_concurrent_6"),
        ("io-bound_concurrent_6", "io-bound_concurrent_8"),
        ("io-bound_concurrent_3", "io-bound_concurrent_7"),
    }


# Tiny runs against the embedded target.


@pytest.mark.parametrize("experiment", ARMS)
def test_tiny_run_writes_a_valid_record_with_every_latency(experiment, tmp_path, host, validator):
    """5 requests: a valid record with the catalog's method, no errors, 5
    answered latencies, all on the event loop's thread."""
    result, output = run_arm(experiment, *IO_TINY, cwd=tmp_path, host=host)
    assert result.returncode == 0, result.stderr[-2000:]
    record = load_record(output, validator)
    assert (record["experiment"], record["method"]) == (experiment, CATALOG[experiment].method)
    assert record["family"] == "asyncio"
    assert record["errors"] == {"count": 0, "by_problem": {}}
    assert record["latency"]["n"] == 5
    assert len(record["latency"]["raw_s"]) == 5
    assert all(latency > 0 for latency in record["latency"]["raw_s"])
    assert record["observed"]["tasks"] == 5
    assert record["observed"]["n_threads"] == 1
    assert len(WORKER_LINE.findall(result.stdout)) == 5
    params = record["params"]
    assert (params["n_requests"], params["delay_s"]) == (5, 0.01)
    # 5 requests: all 5 in flight, under a cap of 100 or none.
    assert params["max_workers"] == 5


@pytest.mark.parametrize("experiment", AIOHTTP_ARMS)
def test_an_unreachable_target_is_fatal_before_anything_runs(experiment, tmp_path, host):
    url = f"http://127.0.0.1:{closed_port()}/ip"
    result, output = run_arm(experiment, "--n-requests", 3, "--url", url, cwd=tmp_path, host=host)
    assert result.returncode == 1
    assert re.search(r"^fatal: .*unreachable", result.stderr, re.MULTILINE), result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()


@pytest.mark.parametrize("experiment", AIOHTTP_ARMS)
def test_http_errors_are_counted_per_problem(experiment, tmp_path, host, base, validator):
    """Every request answered 500: an ERROR line each, counted as 'HTTP 500'
    in the record (within --max-errors), and no latency (nothing answered)."""
    url = f"{base}/status/500"
    args = ["--n-requests", 4, "--url", url, "--max-errors", 4]
    result, output = run_arm(experiment, *args, cwd=tmp_path, host=host)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count("ERROR request ") == 4
    record = load_record(output, validator)
    assert record["errors"] == {"count": 4, "by_problem": {"HTTP 500": 4}}
    assert record["latency"] is None


def test_more_http_errors_than_allowed_fail_the_aiohttp_run(tmp_path, host, base):
    url = f"{base}/status/500"
    args = ["--n-requests", 3, "--url", url, "--max-errors", 1]
    result, output = run_arm("io-bound_concurrent_6", *args, cwd=tmp_path, host=host)
    assert result.returncode == 1
    assert "fatal: 3 of 3 requests failed: 3x HTTP 500" in result.stderr
    assert not output.exists()


def test_without_uvloop_the_uvloop_arm_is_recorded_as_skipped(tmp_path, host, validator):
    """A Python without uvloop (PyPy, or no wheel): a skipped record naming the
    module, nothing timed, and the job succeeds."""
    record = skipped_without(
        "uvloop", "io-bound_concurrent_8", *IO_TINY, cwd=tmp_path, host=host, validator=validator
    )
    assert record["outcome"]["reason"].startswith("uvloop is not installed for CPython")


# io-bound_concurrent_9's client, made outside any event loop.


def load_script(experiment):
    spec = importlib.util.spec_from_file_location(experiment.replace("-", "_"), script(experiment))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_client_made_before_the_loop_serves_in_it_and_main_closes_it(target, capsys):
    """prepare() makes the AsyncClient outside asyncio.run; main() uses it in
    asyncio.run's loop (past the 100-connection cap) and closes it."""
    arm = load_script("io-bound_concurrent_9")
    client = arm.prepare(timeout=10.0)
    assert not client.is_closed
    asyncio.run(arm.main(120, target.url, client))
    assert client.is_closed
    output = TaskOutput(capsys.readouterr().out)
    assert output.errors()["count"] == 0
    assert output.latencies()["n"] == 120


# The aiohttp task.


def run_aiohttp(url, num=1, timeout=10.0):
    async def one_request():
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
            return await make_request_aiohttp(num, session, url)

    return asyncio.run(one_request())


def test_aiohttp_request_that_succeeds_prints_the_worker_and_answered_lines(target, capsys):
    assert run_aiohttp(target.url, num=2) is None
    output = TaskOutput(capsys.readouterr().out)
    assert output.workers()["tasks"] == 1
    assert output.errors()["count"] == 0
    assert output.latencies()["n"] == 1


@pytest.mark.parametrize(
    "path, problem",
    [("/status/404", "HTTP 404"), ("/status/503", "HTTP 503"), (None, "ClientConnectorError")],
)
def test_aiohttp_failed_request_prints_an_error_line(base, path, problem, capsys):
    url = f"{base}{path}" if path else f"http://127.0.0.1:{closed_port()}/ip"
    run_aiohttp(url, num=9)
    out = capsys.readouterr().out
    assert out.endswith(f"ERROR request 9: {problem}\n"), out
    assert TaskOutput(out).latencies() is None


def test_aiohttp_request_timeout_is_an_error_line(base, capsys):
    run_aiohttp(f"{base}/delay/0.5", num=4, timeout=0.05)
    out = capsys.readouterr().out
    assert re.search(r"^ERROR request 4: \w*Timeout\w*$", out, re.MULTILINE), out
