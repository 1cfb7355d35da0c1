"""Writing a file whole or not at all. A leaf module: the host description
(concurrency_bench.core.environment) writes with it, and concurrency_bench.record.run_record, which composes its
schema from the workloads, must not be imported below them."""

import json
import os
import tempfile
from pathlib import Path


def write_text_atomically(path, text):
    """Write to a temporary file beside `path`, then rename: never half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide records from colleagues
        with os.fdopen(fd, "w") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_json_atomically(path, data):
    write_text_atomically(path, json.dumps(data, indent=2) + "\n")
