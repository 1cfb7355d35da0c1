"""Make the article's scripts and the tests' helpers importable (the package, concurrency_bench, is
installed in the environment); and the fixtures many test files share."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE.parent / "scripts", HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import pytest
from concurrency_bench.record.run_record import make_validator
from concurrency_bench.target.embedded import embedded_target

from interpreters import PYPY, PYTHON314, PYTHON315
from project import copy_project
from script_runner import host_info


@pytest.fixture(scope="session")
def host(tmp_path_factory):
    """host.json for the scripts' --host-info: py-cpuinfo's second paid once."""
    return host_info(tmp_path_factory)


@pytest.fixture(scope="session")
def validator():
    return make_validator()


@pytest.fixture(scope="module")
def target():
    """An embedded target of the tests' own, for runs given --url."""
    with embedded_target(None, 0.0) as target:
        yield target


@pytest.fixture(scope="module")
def base(target):
    """The embedded server's root URL (target.url ends in /ip)."""
    return target.url.removesuffix("/ip")


def benchmark_venv(interpreter, root):
    """A copy of the project and an environment of `interpreter` with its
    runtime installed, as the workflow's python_env rule makes one."""
    project = copy_project(root / "project")
    venv = root / "venv"
    python = venv / "bin/python"
    for command in (
        [interpreter, "-m", "venv", venv],
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        + ["--no-deps", "-e", project],
        [
            python,
            "-m",
            "concurrency_bench.interpreters.packages",
            "--requirements",
            project / "workflow/envs/benchmark.txt",
        ]
        + ["--constraints", project / "requirements.txt", "--output", venv / "packages.json"],
    ):
        subprocess.run(command, check=True, timeout=900, capture_output=True)
    return project, venv / "bin/python"


@pytest.fixture(scope="session")
def venv314(tmp_path_factory):
    return benchmark_venv(PYTHON314, tmp_path_factory.mktemp("py314"))


@pytest.fixture(scope="session")
def venv315(tmp_path_factory):
    return benchmark_venv(PYTHON315, tmp_path_factory.mktemp("py315"))


@pytest.fixture(scope="session")
def venv_pypy(tmp_path_factory):
    return benchmark_venv(PYPY, tmp_path_factory.mktemp("pypy"))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project for dry runs (project.dry_run), one per test module."""
    return copy_project(tmp_path_factory.mktemp("project"))
