"""A fresh copy of the project to run Snakemake in, away from the work tree."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = [
    "Snakefile",
    "config.yaml",
    "requirements.txt",
    "workflow",
    "scripts",
    "report",
    ".test",
    "presets",
    "profiles",
]


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


def snakemake(cwd, *args, timeout=600):
    return subprocess.run(
        [sys.executable, "-m", "snakemake", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def job_counts(dry_run_stdout):
    """{rule: jobs} from the 'Job stats' table of a dry run."""
    counts = {}
    for line in dry_run_stdout.splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[1].isdigit():
            counts[fields[0]] = int(fields[1])
    return counts
