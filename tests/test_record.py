"""src/concurrency_bench/record/run_record.py: records refused when bad (naming the file), written whole
or not at all."""

import copy
import json

import pytest
from concurrency_bench.core.environment import PACKAGES
from concurrency_bench.record import run_record as records
from concurrency_bench.record.run_record import RecordError, load_record, write_json_atomically

from script_runner import CATALOG
from synthetic import make_record


@pytest.mark.parametrize("experiment", CATALOG.names())
def test_synthetic_record_matches_the_schema(experiment, tmp_path, validator):
    """The helper's records are what the schema asks for (guards the tests that use them)."""
    path = tmp_path / "run.json"
    path.write_text(json.dumps(make_record(experiment)))
    assert load_record(path, validator)["experiment"] == experiment


def test_the_schema_asks_for_the_packages_a_run_records():
    """run.schema.yaml lists the packages by hand: exactly concurrency_bench.core.environment's."""
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
