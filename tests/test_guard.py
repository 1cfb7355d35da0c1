"""src/concurrency_bench/workflow/guard.py: the guard against overwriting records measured with other
parameters."""

import json

import pytest
from concurrency_bench.record.run_record import SCHEMA_VERSION
from concurrency_bench.workflow import guard

EMBEDDED_URL = "http://127.0.0.1:40000/ip"

IO_OPTIONS = {"--n-requests": 100, "--timeout": 30, "--max-errors": 0, "--delay": 0.1}
CPU_OPTIONS = {"--start": 1000, "--stop": 16000, "--workers": "auto"}


def io_params(n_requests=100, delay_s=0.1, url=EMBEDDED_URL, embedded=True):
    return {
        "n_requests": n_requests,
        "url": url,
        "target_embedded": embedded,
        "delay_s": delay_s,
        "rtt_s": 0.0 if embedded else None,
        "tls": False,
        "timeout": 30.0,
        "max_errors": 0,
        "max_workers": 1,
        "max_workers_reason": "sync: one request at a time",
    }


def cpu_params(workers=3, requested="auto"):
    return {
        "start": 1000,
        "stop": 16000,
        "workers": workers,
        "workers_requested": requested,
        "workers_reason": f"set: {workers}",
    }


def test_params_differences_names_the_differing_parameter():
    """A record with n_requests 10 under a config of 100 is named with both values."""
    params = io_params(n_requests=10)
    assert guard.params_differences(params, IO_OPTIONS) == "n_requests 10 (config: 100)"


def test_params_differences_lists_every_difference():
    """Several differing parameters are all named, comma-separated."""
    params = io_params(n_requests=10, delay_s=0.02)
    assert guard.params_differences(params, IO_OPTIONS) == (
        "n_requests 10 (config: 100), delay_s 0.02 (config: 0.1)"
    )


def test_params_differences_empty_when_identical():
    """A record measured with the config's own parameters gives ''."""
    assert guard.params_differences(io_params(), IO_OPTIONS) == ""
    assert guard.params_differences(cpu_params(), CPU_OPTIONS) == ""


@pytest.mark.parametrize(
    "params, options",
    [
        (cpu_params(requested="2"), {**CPU_OPTIONS, "--workers": 2}),  # "2" vs 2
        (cpu_params(requested=2), {**CPU_OPTIONS, "--workers": "2"}),
        (io_params(), {**IO_OPTIONS, "--timeout": 30.0}),  # 30.0 vs 30
        ({**io_params(), "timeout": 30}, IO_OPTIONS),
    ],
)
def test_params_differences_compares_numbers_as_numbers(params, options):
    """'2' and 2, 30 and 30.0 are the same value, not a difference."""
    assert guard.params_differences(params, options) == ""


def test_params_differences_embedded_target_vs_real_url():
    """The embedded target against a config URL (or the reverse) is a difference."""
    real = "https://httpbin.org/ip"
    differences = guard.params_differences(io_params(), {**IO_OPTIONS, "--url": real})
    assert differences == f"url {guard.EMBEDDED} (config: {real})"
    remote = io_params(url=real, embedded=False, delay_s=None)
    assert f"url {real} (config: {guard.EMBEDDED})" in guard.params_differences(remote, IO_OPTIONS)
    # The same real URL: its delay is not a parameter, so not compared.
    assert guard.params_differences(remote, {**IO_OPTIONS, "--url": real}) == ""


def test_params_differences_ignores_the_embedded_servers_port():
    """Each embedded run has its own port: that is not a difference."""
    other_port = io_params(url="http://127.0.0.1:51234/ip")
    assert guard.params_differences(other_port, IO_OPTIONS) == ""


def write_params(folder, params_list):
    folder.mkdir(parents=True, exist_ok=True)
    for repeat, params in enumerate(params_list, start=1):
        record = {"schema_version": SCHEMA_VERSION, "params": params}
        (folder / f"{repeat}.json").write_text(json.dumps(record))


def test_runs_measured_otherwise_returns_first_differing_record(tmp_path):
    """The first record measured otherwise is named with its differences."""
    folder = tmp_path / "runs" / "io-bound_sync"
    write_params(folder, [io_params(), io_params(n_requests=10), io_params(n_requests=20)])
    found = guard.runs_measured_otherwise(folder, IO_OPTIONS)
    assert found == (str(folder / "2.json"), "n_requests 10 (config: 100)")


def test_runs_measured_otherwise_none_when_all_agree_or_empty(tmp_path):
    """No record to protect (all agree, empty or missing folder): None."""
    agreeing = tmp_path / "agree"
    write_params(agreeing, [io_params(), io_params()])
    assert guard.runs_measured_otherwise(agreeing, IO_OPTIONS) is None
    empty = tmp_path / "empty"
    empty.mkdir()
    assert guard.runs_measured_otherwise(empty, IO_OPTIONS) is None
    assert guard.runs_measured_otherwise(tmp_path / "missing", IO_OPTIONS) is None


def test_runs_measured_otherwise_skips_unreadable_records(tmp_path):
    """A half-written record is left to the aggregation, not taken as a difference."""
    folder = tmp_path / "runs"
    write_params(folder, [io_params()])
    (folder / "0.json").write_text("{not json")
    assert guard.runs_measured_otherwise(folder, IO_OPTIONS) is None
