"""The interpreters of the matrix (config key `pythons`): their labels, asked
of each interpreter, the conditions each is measured under, and the
description a built environment leaves.

An entry of `pythons` is a path (or a name on PATH), or {python: PATH,
constraints: FILE}: FILE is then that interpreter's pip constraints in place
of the project's pins (requirements.txt), for a Python those pins cannot
install on (a pre-release, say).

A free-threaded interpreter is measured twice, the same environment under two
labels: with the GIL off (PYTHON_GIL=0 where the build starts with it on, as
before 3.13.0b1; else the build's own default, which an extension module may
turn back on, and each record says so) and, as the control, on (PYTHON_GIL=1):
<machine>-cpython3.13.0a5t and <machine>-cpython3.13.0a5t-gil.

    python -m concurrency_bench.interpreters.matrix --output .pythons/<label>/ready.json

writes what the rule python_env records once an environment is built: the
interpreter's version, path and label.
"""

import argparse
import inspect
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass

# The label of a free-threaded interpreter measured with its GIL on.
GIL_ON_SUFFIX = "-gil"


class InterpreterError(ValueError):
    """An interpreter of `pythons` that cannot be used; the message names it."""


def label():
    """This interpreter's label, e.g. cpython3.12.1, or cpython3.14.0t for a
    free-threaded build (a development build's '+' left out: cpython3.13.0a5t);
    another implementation gives its own version after the language's:
    pypy3.11-8.0.1. Self-contained: its source is what another interpreter
    runs to answer."""
    import platform
    import sys
    import sysconfig

    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    name = platform.python_implementation().lower()
    if name == "cpython":
        return name + platform.python_version().rstrip("+") + ("t" if free else "")
    own = sys.implementation.version
    language = ".".join(platform.python_version_tuple()[:2])
    return f"{name}{language}-{own.major}.{own.minor}.{own.micro}"


def facts():
    """What the workflow asks of an interpreter: its label, whether it is
    free-threaded, and whether its GIL starts on (PYTHON_GIL unset)."""
    import json
    import sys
    import sysconfig

    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    probe = getattr(sys, "_is_gil_enabled", None)
    # Before 3.13.0b1 (no probe) a free-threaded build starts with the GIL on.
    starts_on = probe() if probe else True
    return json.dumps({"label": label(), "free_threaded": free, "gil_starts_on": starts_on})


# What an interpreter of `pythons` runs (bare: the project is not installed there
# yet, and PYTHON_GIL unset: the build's own default is asked).
ASK = inspect.getsource(label) + inspect.getsource(facts) + "\nprint(facts())\n"


@dataclass(frozen=True)
class Interpreter:
    path: str
    constraints: str | None  # its own pip constraints, else the project's pins
    label: str  # of its environment, .pythons/<label>/
    free_threaded: bool = False
    gil_starts_on: bool = True

    def conditions(self):
        """{label suffix: PYTHON_GIL}: the conditions it is measured under;
        None leaves PYTHON_GIL unset."""
        if not self.free_threaded:
            return {"": None}
        return {"": "0" if self.gil_starts_on else None, GIL_ON_SUFFIX: "1"}


def entry(value):
    """(path, constraints) of an entry of `pythons`: a path, or a mapping."""
    if isinstance(value, dict):
        return value["python"], value.get("constraints")
    return value, None


def ask(path):
    env = {key: value for key, value in os.environ.items() if key != "PYTHON_GIL"}
    try:
        answer = subprocess.run(
            [path, "-c", ASK], capture_output=True, text=True, timeout=60, check=True, env=env
        )
    except (OSError, subprocess.SubprocessError) as error:
        said = (getattr(error, "stderr", None) or str(error)).strip().splitlines()
        raise InterpreterError(
            f"config: pythons: {path!r} does not run here: {said[-1] if said else error}"
        ) from None
    return json.loads(answer.stdout.strip().splitlines()[-1])


def interpreters(entries):
    """{label: Interpreter}; one that does not run, or two that are the same
    Python, refused naming them."""
    found = {}
    for value in entries:
        path, constraints = entry(value)
        said = ask(path)
        named = said["label"]
        if named in found:
            raise InterpreterError(
                f"config: pythons: {path!r} and {found[named].path!r} are the same Python ({named})"
            )
        free, starts_on = said["free_threaded"], said["gil_starts_on"]
        found[named] = Interpreter(path, constraints, named, free, starts_on)
    return found


def labels(entries):
    """{label: path} of the entries of `pythons`."""
    return {named: found.path for named, found in interpreters(entries).items()}


def measured(machine, found):
    """{<machine>-<label>[-gil]: (the environment's label, PYTHON_GIL)}: every
    condition of every interpreter, in the order of `pythons`."""
    return {
        f"{machine}-{named}{suffix}": (named, gil)
        for named, interpreter in found.items()
        for suffix, gil in interpreter.conditions().items()
    }


def version_of_label(text):
    """(major, minor) of the language of a label such as cpython3.13.0t or pypy3.11-8.0.1."""
    return tuple(int(part) for part in re.search(r"(\d+)\.(\d+)", text).groups())


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    with open(args.output, "w") as ready:
        json.dump({"python": sys.version, "executable": sys.executable, "label": label()}, ready)


if __name__ == "__main__":
    main()
