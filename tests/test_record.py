"""bench/record.py: records refused when bad (naming the file), written whole
or not at all, and the guard against overwriting records measured with other
parameters."""

import copy
import json

import pytest

from bench import record as records
from bench.environment import PACKAGES
from bench.record import RecordError, load_record, write_json_atomically
from script_runner import CATALOG
from synthetic import make_record

EMBEDDED_URL = "http://127.0.0.1:40000/ip"


@pytest.mark.parametrize("experiment", CATALOG.names())
def test_synthetic_record_matches_the_schema(experiment, tmp_path, validator):
    """The helper's records are what the schema asks for (guards the tests that use them)."""
    path = tmp_path / "run.json"
    path.write_text(json.dumps(make_record(experiment)))
    assert load_record(path, validator)["experiment"] == experiment


def test_the_schema_asks_for_the_packages_a_run_records():
    """run.schema.yaml lists the packages by hand: exactly bench.environment's."""
    environment = records.load_schema()["properties"]["environment"]
    assert environment["properties"]["packages"]["required"] == list(PACKAGES)


def bad_records():
    """name -> (file content, what the message must say besides the path)."""
    good = make_record("io-bound_sync")
    old = copy.deepcopy(good)
    old["schema_version"] = 99
    missing = copy.deepcopy(good)
    del missing["machine"]
    wrong_type = copy.deepcopy(good)
    wrong_type["errors"]["count"] = "none"
    return {
        "not-json": ('{"experiment": "io-bound_sync", ', "not valid JSON"),
        "empty": ("", "not valid JSON"),
        "json-list": ("[1, 2]", "schema_version"),
        "schema-99": (json.dumps(old), "99"),
        "missing-key": (json.dumps(missing), "machine"),
        "wrong-type": (json.dumps(wrong_type), "errors/count"),
    }


@pytest.mark.parametrize("name", bad_records())
def test_bad_record_raises_record_error_naming_the_file(name, tmp_path, validator):
    """A record that is not JSON, of another schema_version, or of the wrong shape
    is refused with RecordError, and the message names the file."""
    content, said = bad_records()[name]
    path = tmp_path / f"{name}.json"
    path.write_text(content)
    with pytest.raises(RecordError) as refused:
        load_record(path, validator)
    assert str(path) in str(refused.value)
    assert said in str(refused.value)


def test_record_that_is_not_text_raises_record_error(tmp_path, validator):
    """A binary (corrupted) record file is refused like any other bad record."""
    path = tmp_path / "corrupt.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(RecordError, match=str(path)):
        load_record(path, validator)


# --- write_json_atomically ------------------------------------------------------


def test_write_json_atomically_writes_and_leaves_no_temp_file(tmp_path):
    """The record is written whole, in a folder made for it, and nothing else."""
    path = tmp_path / "results" / "runs" / "1.json"
    write_json_atomically(path, {"elapsed_s": 1.5})
    assert json.loads(path.read_text()) == {"elapsed_s": 1.5}
    write_json_atomically(path, {"elapsed_s": 2.5})
    assert json.loads(path.read_text()) == {"elapsed_s": 2.5}
    assert [p.name for p in path.parent.iterdir()] == ["1.json"]


def test_failed_write_keeps_the_old_record_intact(tmp_path):
    """A write that fails half-way (here: json.dump meets an object it cannot
    serialise after writing part of the file) leaves the old record as it was,
    and no temporary file."""
    path = tmp_path / "1.json"
    write_json_atomically(path, {"elapsed_s": 1.5})
    before = path.read_bytes()
    with pytest.raises(TypeError):
        write_json_atomically(path, {"elapsed_s": 2.5, "oops": object()})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["1.json"]


def test_failed_first_write_leaves_no_file(tmp_path):
    """A write that fails before any record existed leaves no file at all."""
    path = tmp_path / "1.json"
    with pytest.raises(TypeError):
        write_json_atomically(path, {"oops": {1, 2}})
    assert list(tmp_path.iterdir()) == []


# --- params_differences / runs_measured_otherwise ---------------------------------

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
    assert records.params_differences(params, IO_OPTIONS) == "n_requests 10 (config: 100)"


def test_params_differences_lists_every_difference():
    """Several differing parameters are all named, comma-separated."""
    params = io_params(n_requests=10, delay_s=0.02)
    assert records.params_differences(params, IO_OPTIONS) == (
        "n_requests 10 (config: 100), delay_s 0.02 (config: 0.1)"
    )


def test_params_differences_empty_when_identical():
    """A record measured with the config's own parameters gives ''."""
    assert records.params_differences(io_params(), IO_OPTIONS) == ""
    assert records.params_differences(cpu_params(), CPU_OPTIONS) == ""


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
    assert records.params_differences(params, options) == ""


def test_params_differences_embedded_target_vs_real_url():
    """The embedded target against a config URL (or the reverse) is a difference."""
    real = "https://httpbin.org/ip"
    differences = records.params_differences(io_params(), {**IO_OPTIONS, "--url": real})
    assert differences == f"url {records.EMBEDDED} (config: {real})"
    remote = io_params(url=real, embedded=False, delay_s=None)
    assert f"url {real} (config: {records.EMBEDDED})" in records.params_differences(
        remote, IO_OPTIONS
    )
    # The same real URL: its delay is not a parameter, so not compared.
    assert records.params_differences(remote, {**IO_OPTIONS, "--url": real}) == ""


def test_params_differences_ignores_the_embedded_servers_port():
    """Each embedded run has its own port: that is not a difference."""
    other_port = io_params(url="http://127.0.0.1:51234/ip")
    assert records.params_differences(other_port, IO_OPTIONS) == ""


def write_params(folder, params_list):
    folder.mkdir(parents=True, exist_ok=True)
    for repeat, params in enumerate(params_list, start=1):
        record = {"schema_version": records.SCHEMA_VERSION, "params": params}
        (folder / f"{repeat}.json").write_text(json.dumps(record))


def test_runs_measured_otherwise_returns_first_differing_record(tmp_path):
    """The first record measured otherwise is named with its differences."""
    folder = tmp_path / "runs" / "io-bound_sync"
    write_params(folder, [io_params(), io_params(n_requests=10), io_params(n_requests=20)])
    found = records.runs_measured_otherwise(folder, IO_OPTIONS)
    assert found == (str(folder / "2.json"), "n_requests 10 (config: 100)")


def test_runs_measured_otherwise_none_when_all_agree_or_empty(tmp_path):
    """No record to protect (all agree, empty or missing folder): None."""
    agreeing = tmp_path / "agree"
    write_params(agreeing, [io_params(), io_params()])
    assert records.runs_measured_otherwise(agreeing, IO_OPTIONS) is None
    empty = tmp_path / "empty"
    empty.mkdir()
    assert records.runs_measured_otherwise(empty, IO_OPTIONS) is None
    assert records.runs_measured_otherwise(tmp_path / "missing", IO_OPTIONS) is None


def test_runs_measured_otherwise_skips_unreadable_records(tmp_path):
    """A half-written record is left to the aggregation, not taken as a difference."""
    folder = tmp_path / "runs"
    write_params(folder, [io_params()])
    (folder / "0.json").write_text("{not json")
    assert records.runs_measured_otherwise(folder, IO_OPTIONS) is None
