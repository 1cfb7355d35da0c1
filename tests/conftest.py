"""Make tasks.py, the analysis library (workflow/scripts/analysis) and the
tests' helpers importable (the runtime, bench, is installed in the
environment); and the fixtures many test files share."""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
for folder in (HERE.parent / "scripts", HERE.parent / "workflow/scripts", HERE):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import pytest

from bench.record import make_validator
from bench.target import embedded_target
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
