"""The interpreters of the matrix (config key `pythons`): their labels, asked
of each interpreter, and the description a built environment leaves.

    python -m bench.interpreter --output .pythons/<label>/ready.json

writes what the rule python_env records once an environment is built: the
interpreter's version, path and label.
"""

import argparse
import inspect
import json
import re
import subprocess
import sys


class InterpreterError(ValueError):
    """An interpreter of `pythons` that cannot be used; the message names it."""


def label():
    """This interpreter's label, e.g. cpython3.12.1, or cpython3.14.0t for a
    free-threaded build (whatever PYTHON_GIL turns on or off at run time: each
    record keeps gil_enabled, and the analysis reads the GIL from that); another
    implementation gives its own version after the language's: pypy3.11-8.0.1.
    Self-contained: its source is what another interpreter runs to answer."""
    import platform
    import sys
    import sysconfig

    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    name = platform.python_implementation().lower()
    if name == "cpython":
        return name + platform.python_version() + ("t" if free else "")
    own = sys.implementation.version
    language = ".".join(platform.python_version_tuple()[:2])
    return f"{name}{language}-{own.major}.{own.minor}.{own.micro}"


# What an interpreter of `pythons` runs (bare: the project is not installed there yet).
ASK_LABEL = inspect.getsource(label) + "\nprint(label())\n"


def labels(interpreters):
    """{label: interpreter}; one that does not run, or two that are the same
    Python, refused naming them."""
    found = {}
    for interpreter in interpreters:
        try:
            answer = subprocess.run(
                [interpreter, "-c", ASK_LABEL],
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            )
        except (OSError, subprocess.SubprocessError) as error:
            said = (getattr(error, "stderr", None) or str(error)).strip().splitlines()
            raise InterpreterError(
                f"config: pythons: {interpreter!r} does not run here: {said[-1] if said else error}"
            ) from None
        named = answer.stdout.strip()
        if named in found:
            raise InterpreterError(
                f"config: pythons: {interpreter!r} and {found[named]!r} are the same Python ({named})"
            )
        found[named] = interpreter
    return found


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
