"""The packages of an interpreter's environment (config key `pythons`): installed
one by one, each that pip cannot install (or that then fails to import)
recorded with pip's reason, and that record read by the experiments, which
skip a run needing a missing package with that reason instead of failing.

    python -m concurrency_bench.interpreters.packages --requirements workflow/envs/benchmark.txt \\
        --constraints requirements.txt --output .pythons/<label>/packages.json

runs in the environment being built (rule python_env). A pre-release
interpreter builds every package from its sources (--no-binary :all:): binary
wheels are built for the release's C ABI. An experiment script imports what
it needs inside `with needed():`; the harness then skips the run with
missing()'s reason. Its imports are light (gevent's model imports it before its
monkey.patch_all()): the installer's come with it.
"""

import json
import re
import sys
from contextlib import contextmanager
from pathlib import Path

# Beside the environment's interpreter: <venv>/packages.json.
RECORD = "packages.json"
# pip's own lines on why it installed nothing (unindented), and the first
# error of a build it ran (indented in its output): a compiler's, or an
# exception's last line.
PIP_SAYS = ("ERROR: ", "Ignoring ", "× ")
BUILD_ERROR = re.compile(r"^\s+(?:(?:.*?\W)?error: |(\w+(?:Error|Exception): ))(.+)$", re.MULTILINE)
LONGEST = 400  # characters of pip's reason a record keeps

# Why this process lacks a package it needs, in the order of its imports.
MISSING = []


def canonical(name):
    """A distribution's name as PEP 503 compares them: py_cpuinfo is py-cpuinfo."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path):
    """The requirement lines of a requirements file, its comments left out."""
    lines = (line.split("#")[0].strip() for line in Path(path).read_text().splitlines())
    return [line for line in lines if line]


def name_of(requirement):
    return canonical(re.match(r"[A-Za-z0-9._-]+", requirement).group())


def pip_reason(output):
    """What pip said when it installed nothing: its error lines and the first
    error of a build it ran, shortened; or its 'Ignoring ...' for a
    requirement whose marker leaves this interpreter out."""
    said = [line.strip().rstrip(".") for line in output.splitlines() if line.startswith(PIP_SAYS)]
    built = [
        f"{kind}{error.strip()}"
        for kind, error in BUILD_ERROR.findall(output)
        if not error.startswith(("Command '", "subprocess-exited"))
    ]
    if built:
        said.append(f"the build's first error: {built[0]}")
    if not said:
        said = [line.strip() for line in output.splitlines() if line.strip()][-1:] or ["no output"]
    reason = "; ".join(dict.fromkeys(said))
    return reason if len(reason) <= LONGEST else reason[: LONGEST - 1] + "…"


def top_level_modules(name):
    """The modules a distribution installed in this environment puts at the
    top level (from its files), for the import that checks it."""
    from importlib import metadata

    modules = set()
    for file in metadata.distribution(name).files or ():
        top = file.parts[0]
        if top.endswith((".dist-info", ".egg-info", ".pth")) or top in ("..", "__pycache__"):
            continue
        if len(file.parts) > 1 or top.endswith(".py") or ".cpython" in top or ".so" in top:
            modules.add(top.split(".")[0])
    return sorted(m for m in modules if m.isidentifier() and not m.startswith("_"))


# Imports a module and what it names (a lazy attribute imports its module then).
IMPORT_CHECK = (
    "import importlib, sys; module = importlib.import_module(sys.argv[1]); "
    "[getattr(module, name) for name in getattr(module, '__all__', None) or dir(module) "
    "if not name.startswith('_')]"
)


def import_failure(name):
    """Why importing a just installed distribution's modules, and what they
    name, fails (a crash included: a wheel for another C ABI), or None."""
    import subprocess

    for module in top_level_modules(name):
        answer = subprocess.run(
            [sys.executable, "-c", IMPORT_CHECK, module],
            capture_output=True,
            text=True,
            check=False,
        )
        if answer.returncode:
            lines = answer.stderr.strip().splitlines() or [f"exit status {answer.returncode}"]
            return f"`import {module}` fails: {lines[-1]}"
    return None


def installed_by(output):
    """The distributions pip says it installed."""
    said = next(
        (line for line in output.splitlines() if line.startswith("Successfully installed ")), ""
    )
    return [canonical(found.rsplit("-", 1)[0]) for found in said.split()[2:]]


def pip(*args):
    import subprocess

    command = [sys.executable, "-m", "pip", *args, "--disable-pip-version-check"]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def install(requirement, options):
    """(version, None) once installed and importable, else (None, why)."""
    name = name_of(requirement)
    answer = pip("install", *options, requirement)
    output = answer.stdout + answer.stderr
    print(output, file=sys.stderr)
    if answer.returncode or f"ignoring {name}:" in output.replace("_", "-").lower():
        return None, "pip: " + pip_reason(output)
    # The requested package and what it brought, which it may import only when used.
    for installed in dict.fromkeys([*installed_by(output), name]):
        failure = import_failure(installed)
        if failure:
            pip("uninstall", "--yes", *dict.fromkeys([installed, name]))  # no job imports it
            its = "" if installed == name else f" its dependency {installed}'s"
            return None, f"installed, but{its} {failure}"
    from importlib import metadata

    return metadata.version(name), None


def install_all(requirements_file, constraints, from_sources):
    """{'installed': {name: version}, 'missing': {name: why}, 'options': pip's}."""
    options = ["-c", constraints] + (["--no-binary", ":all:"] if from_sources else [])
    record = {"installed": {}, "missing": {}, "options": options}
    for requirement in requirements(requirements_file):
        version, why = install(requirement, options)
        if why:
            record["missing"][name_of(requirement)] = why
            print(f"not installed: {name_of(requirement)}: {why}", file=sys.stderr)
        else:
            record["installed"][name_of(requirement)] = version
    return record


# --- what an experiment reads -------------------------------------------------------------


def recorded():
    """{name: why} of this environment's record; {} where there is none (the
    main environment, which the pinned install makes whole)."""
    path = Path(sys.prefix) / RECORD
    return json.loads(path.read_text())["missing"] if path.exists() else {}


def module_of(error):
    """The top-level module an ImportError is about: its name, else the module
    whose code raised it."""
    if error.name:
        return error.name.split(".")[0]
    frame = error.__traceback__
    while frame.tb_next:
        frame = frame.tb_next
    return frame.tb_frame.f_globals.get("__name__", "a module").split(".")[0]


def reason_for(error):
    from concurrency_bench.core.environment import python_name

    module = module_of(error)
    why = recorded().get(canonical(module))
    if why:
        return f"{module} is not installed for {python_name()}: {why}"
    if isinstance(error, ModuleNotFoundError) and error.name == module:
        return f"{module} is not installed for {python_name()}"
    return f"{module} cannot be imported for {python_name()}: {error}"


@contextmanager
def needed():
    """The imports of a package an experiment needs: one that fails is noted
    (missing()), not raised, and the run is then skipped saying why."""
    try:
        yield
    except ImportError as error:
        MISSING.append(reason_for(error))


def why_not(module):
    """Why `module` cannot be imported here (as a skipped run says it), or None."""
    import importlib

    try:
        importlib.import_module(module)
    except ImportError as error:
        return reason_for(error)
    return None


def missing():
    """Why this run cannot be made here (the first package it lacks), or None."""
    return MISSING[0] if MISSING else None


def main(argv=None):
    import argparse
    import subprocess

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    for option in ("--requirements", "--constraints", "--output"):
        parser.add_argument(option, required=True)
    args = parser.parse_args(argv)
    from_sources = sys.version_info.releaselevel != "final"
    record = install_all(args.requirements, args.constraints, from_sources)
    Path(args.output).write_text(json.dumps(record, indent=1) + "\n")
    # What every experiment imports (the harness: PyYAML, psutil) cannot be missing.
    answer = subprocess.run(
        [sys.executable, "-c", "import concurrency_bench.run.harness"],
        capture_output=True,
        text=True,
        check=False,
    )
    if answer.returncode:
        said = "; ".join(f"{name}: {why}" for name, why in record["missing"].items())
        sys.exit(
            f"fatal: the experiments cannot run here ({answer.stderr.strip().splitlines()[-1]}); not installed: {said or 'nothing'}"
        )


if __name__ == "__main__":
    main()
