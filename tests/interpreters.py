"""The other Pythons this machine has, for the tests of the interpreter matrix:
looked up on PATH, and where pyenv is installed, among its versions (asked of
pyenv itself: its shims run only the selected version)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Interpreters the workflow supports, by name.
CANDIDATES = [f"python3.{minor}" for minor in range(11, 16)]


def version_of(interpreter):
    """'3.12.1' if `interpreter` runs here, else None."""
    try:
        answer = subprocess.run(
            [interpreter, "-c", "import platform; print(platform.python_version())"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return answer.stdout.strip() or None


def pyenv_interpreters(name):
    """pyenv's installed `name` interpreters, newest version first."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return []
    root = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
    versions = Path(root.stdout.strip()) / "versions"
    return sorted(map(str, versions.glob(f"*/bin/{name}")), reverse=True)


def other_interpreter():
    """An interpreter of another Python version than the one running the tests, or None."""
    mine = version_of(sys.executable)
    for name in CANDIDATES:
        for found in [shutil.which(name), *pyenv_interpreters(name)]:
            if found and version_of(found) not in (None, mine):
                return found
    return None


SKIP_REASON = (
    f"no second interpreter runs here: none of {', '.join(CANDIDATES)} on PATH or "
    "among pyenv's versions is of another version than this one"
)


def python314():
    """The 3.14 interpreter: $CONCURRENCY_BENCH_PYTHON314, else python3.14 on PATH."""
    found = os.environ.get("CONCURRENCY_BENCH_PYTHON314") or shutil.which("python3.14")
    version = version_of(found) if found else None
    if version is None:
        return None
    return found if tuple(map(int, version.split(".")[:2])) >= (3, 14) else None


PYTHON314 = python314()
needs_314 = pytest.mark.skipif(
    PYTHON314 is None,
    reason="no Python 3.14: set CONCURRENCY_BENCH_PYTHON314 (.ci/run does, with "
    "../shared/tools/make-python314.sh) or put python3.14 on PATH",
)
