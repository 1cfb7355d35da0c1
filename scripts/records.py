"""The JSON run record: its version, writing it safely, reading it back checked.

Schema history (the schema itself: workflow/schemas/run.schema.yaml):
  1  2026-11-25  first version.
"""

import json
import os
import tempfile
from pathlib import Path

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "workflow/schemas/run.schema.yaml"


class RecordError(ValueError):
    """A run record that cannot be used; the message names the file."""


def write_json_atomically(path, data):
    """Write to a temporary file beside `path`, then rename: never half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w") as out:
            json.dump(data, out, indent=2)
            out.write("\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def load_schema():
    import yaml

    with open(SCHEMA_PATH) as schema:
        return yaml.safe_load(schema)


def load_record(path, validator):
    """Read one record; refuse bad JSON, another schema version or a bad shape."""
    try:
        with open(path) as record_file:
            record = json.load(record_file)
    except json.JSONDecodeError as error:
        raise RecordError(f"{path}: not valid JSON ({error})") from None
    version = record.get("schema_version") if isinstance(record, dict) else None
    if version != SCHEMA_VERSION:
        raise RecordError(
            f"{path}: schema_version {version!r}, this pipeline reads {SCHEMA_VERSION}"
        )
    problems = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
    if problems:
        where = "/".join(map(str, problems[0].path)) or "(top level)"
        raise RecordError(f"{path}: {where}: {problems[0].message}")
    return record


def make_validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema())
