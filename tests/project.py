"""A fresh copy of the project to run Snakemake in, away from the work tree."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = [
    "Snakefile",
    "pyproject.toml",
    "src",
    "config.yaml",
    "requirements.txt",
    "workflow",
    "scripts",
    "report",
    ".test",
    "presets",
    "profiles",
    "examples",
]


# A line of requirements.txt: name==version, one exact version.
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)$")


def normalise(name):
    """PEP 503: case and runs of -, _ and . do not count (PyYAML = pyyaml)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements():
    """{normalised name: version} of requirements.txt, the project's pins; a
    line that is not name==version is refused, naming it."""
    pins = {}
    for line in (REPO / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = PIN.match(line)
            if not match:
                raise ValueError(f"requirements.txt: {line!r} is not name==version")
            pins[normalise(match.group(1))] = match.group(2)
    return pins


def copy_project(dest):
    """Copy what `git clone` would bring that the workflow needs; no results."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=ignore)
        else:
            shutil.copy2(source, dest / name)
    return dest


def run_in(project, *command, timeout=600, env=None):
    """`python *command` in a project copy, importing the copy's package (not the
    installed one: a test may add a workload to the copy, or change one), in
    `env` (default: this process's environment)."""
    env = os.environ if env is None else env
    path = os.pathsep.join(filter(None, [str(project / "src"), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, *map(str, command)],
        cwd=project,
        env={**env, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def snakemake(cwd, *args, timeout=600, env=None):
    return run_in(cwd, "-m", "snakemake", *args, timeout=timeout, env=env)


def dry_run(project, overlay):
    """`snakemake -n all` in a project copy with `overlay` merged over config.yaml."""
    import yaml

    configfile = project / "overlay.yaml"
    configfile.write_text(yaml.safe_dump(overlay))
    return snakemake(project, "-n", "--cores", "1", "all", "--configfile", configfile)


def job_counts(dry_run_stdout):
    """{rule: jobs} from the 'Job stats' table of a dry run."""
    counts = {}
    for line in dry_run_stdout.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[1].isdigit():
            counts[fields[0]] = int(fields[1])
    return counts
