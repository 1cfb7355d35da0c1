"""The other Pythons this machine has, for the tests of the interpreter matrix:
looked up on PATH, and where pyenv is installed, among its versions (asked of
pyenv itself: its shims run only the selected version); Python 3.14, 3.15,
PyPy and a free-threaded CPython from the variables .ci/run sets, else on PATH."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

# Interpreters the workflow supports, by name.
CANDIDATES = [f"python3.{minor}" for minor in range(11, 16)]


def ask(interpreter, code):
    """What `interpreter` prints running `code`; None if it does not run here."""
    try:
        answer = subprocess.run(
            [interpreter, "-c", code], capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return answer.stdout.strip() or None


def version_of(interpreter):
    """'3.12.1' if `interpreter` runs here, else None."""
    return ask(interpreter, "import platform; print(platform.python_version())")


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


# An interpreter's implementation and language version: "PyPy 3 11".
FACTS = "import platform, sys; print(platform.python_implementation(), *sys.version_info[:2])"


def described(interpreter):
    """(implementation, (major, minor)) of the language, if `interpreter` runs here."""
    answer = ask(interpreter, FACTS)
    if answer is None:
        return None
    implementation, major, minor = answer.split()
    return implementation, (int(major), int(minor))


def prepared(variable, name, fits):
    """$variable (.ci/run sets it, with the shared tool where it exists), else
    `name` on PATH; None unless it runs here and fits(implementation, version)."""
    found = os.environ.get(variable) or shutil.which(name)
    facts = described(found) if found else None
    return found if facts and fits(*facts) else None


def needs(interpreter, what, variable, name, tool_argument):
    """A mark that skips a test without `interpreter`, saying how to get one."""
    return pytest.mark.skipif(
        interpreter is None,
        reason=f"no {what}: set {variable} (.ci/run does, with ../shared/tools/"
        f"make-python.sh {tool_argument}) or put {name} on PATH",
    )


def cpython_at_least(version):
    return lambda implementation, found: implementation == "CPython" and found >= version


PYTHON314 = prepared("CONCURRENCY_BENCH_PYTHON314", "python3.14", cpython_at_least((3, 14)))
PYTHON315 = prepared("CONCURRENCY_BENCH_PYTHON315", "python3.15", cpython_at_least((3, 15)))
PYPY = prepared(
    "CONCURRENCY_BENCH_PYPY", "pypy3", lambda implementation, _: implementation == "PyPy"
)
needs_314 = needs(PYTHON314, "Python 3.14", "CONCURRENCY_BENCH_PYTHON314", "python3.14", "3.14")
needs_315 = needs(PYTHON315, "Python 3.15", "CONCURRENCY_BENCH_PYTHON315", "python3.15", "3.15")
needs_pypy = needs(PYPY, "PyPy", "CONCURRENCY_BENCH_PYPY", "pypy3", "pypy3")


def free_threaded(variable, names):
    """$variable, else the first of `names` on PATH, if it is a free-threaded CPython."""
    for found in [os.environ.get(variable), *map(shutil.which, names)]:
        asked = "import sysconfig; print(sysconfig.get_config_var('Py_GIL_DISABLED'))"
        if found and ask(found, asked) == "1":
            return found
    return None


PYTHON_FT = free_threaded("CONCURRENCY_BENCH_PYTHON_FT", ["python3.14t", "python3.13t"])
# Its pip constraints, for a pre-release (.ci/run sets it beside the shared tool's build).
FT_CONSTRAINTS = os.environ.get("CONCURRENCY_BENCH_FT_CONSTRAINTS")
needs_ft = pytest.mark.skipif(
    PYTHON_FT is None,
    reason="no free-threaded CPython: set CONCURRENCY_BENCH_PYTHON_FT (.ci/run does, with "
    "../shared/tools/build-python-ft.sh) or put python3.14t on PATH",
)
