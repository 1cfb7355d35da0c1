"""The interpreters people pick, in the matrix: CPython 3.15 runs every model,
PyPy every one it can, in environments without anything built on Rust (no
wheel matches PyPy's ABI and Rust cannot build here), and records skipped,
with the reason, what it cannot run; both labelled by what they are.

The interpreters come from CONCURRENCY_BENCH_PYTHON315 and CONCURRENCY_BENCH_PYPY
(.ci/run sets them with ../shared/tools/make-python.sh), else from PATH; without
them these tests are skipped, saying why.
"""

import json
import re
import subprocess

import pandas as pd
import pytest
import yaml
from concurrency_bench.interpreters import matrix
from concurrency_bench.record.run_record import load_record

from interpreters import PYPY, PYTHON315, needs_315, needs_pypy
from project import copy_project, snakemake
from script_runner import run_under

# Each builds an environment (and the last runs Snakemake): make test-fast leaves them out.
pytestmark = pytest.mark.slow

# Modules of packages built from Rust (PyO3, maturin): none has a build for
# PyPy 8 here, so no job may import one.
RUST_BUILT = {
    "rpds",
    "cryptography",
    "pydantic_core",
    "orjson",
    "jiter",
    "bcrypt",
    "nh3",
    "watchfiles",
    "tokenizers",
    "safetensors",
}
TINY_IO = ["--n-requests", 3, "--delay", 0.01]
TINY_CPU = ["--start", 1000, "--stop", 1100, "--workers", 2]


@needs_pypy
@pytest.mark.parametrize(
    "experiment, args",
    [
        ("io-bound_sync", TINY_IO),
        ("io-bound_concurrent_3", TINY_IO),
        ("io-bound_concurrent_6", TINY_IO),
        ("cpu-bound_parallel_1", TINY_CPU),
    ],
)
def test_a_pypy_job_imports_nothing_built_on_rust(
    venv_pypy, tmp_path, host, validator, experiment, args
):
    """Neither Rust-built packages nor jsonschema (the workflow checked the
    catalog already) nor trustme (only TLS runs need it) are imported."""
    project, python = venv_pypy
    record, imported = run_under(python, project, experiment, *args, cwd=tmp_path, host=host)
    assert not imported & (RUST_BUILT | {"jsonschema", "trustme"})
    assert record["outcome"]["status"] == "ok"
    checked = load_record(tmp_path / f"{experiment}.json", validator)
    assert checked["environment"]["python_implementation"] == "PyPy"


@needs_pypy
def test_the_pypy_environment_installs_nothing_built_on_rust(venv_pypy):
    _, python = venv_pypy
    listed = subprocess.run(
        [python, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    )
    installed = {package["name"].lower().replace("-", "_") for package in json.loads(listed.stdout)}
    assert not installed & {"rpds_py", "cryptography", "trustme", "jsonschema"}
    assert {"requests", "httpx", "aiohttp", "psutil"} <= installed


@needs_pypy
def test_pypy_is_labelled_by_its_language_and_its_own_version(venv_pypy, tmp_path, host):
    (label,) = matrix.labels([PYPY])
    language, own = re.fullmatch(r"pypy(\d+\.\d+)-(\d+\.\d+\.\d+)", label).groups()
    project, python = venv_pypy
    record, _ = run_under(
        python, project, "cpu-bound_parallel_1", *TINY_CPU, cwd=tmp_path, host=host
    )
    environment = record["environment"]
    assert environment["implementation_version"] == own
    assert environment["python_version"].startswith(f"{language}.")
    assert matrix.version_of_label(label) == tuple(map(int, language.split(".")))


@needs_pypy
@pytest.mark.parametrize(
    "experiment, args, reason",
    [
        ("io-bound_concurrent_8", TINY_IO, "uvloop is not installed for PyPy"),
        ("io-bound_sync", [*TINY_IO, "--tls"], "TLS needs trustme for the run's certificate"),
    ],
)
def test_what_pypy_cannot_run_is_recorded_as_skipped_with_the_reason(
    venv_pypy, tmp_path, host, experiment, args, reason
):
    project, python = venv_pypy
    record, _ = run_under(python, project, experiment, *args, cwd=tmp_path, host=host)
    assert record["outcome"]["status"] == "skipped"
    assert reason in record["outcome"]["reason"]
    assert "PyPy" in record["outcome"]["reason"]
    assert record["elapsed_s"] is None


@needs_315
def test_python_315_runs_tls_and_the_interpreter_pool(venv315, tmp_path, host):
    """Every package installs on 3.15 (trustme included): TLS runs, and so do
    the sub-interpreters."""
    project, python = venv315
    for experiment, args in [
        ("io-bound_sync", [*TINY_IO, "--tls"]),
        ("cpu-bound_parallel_5", TINY_CPU),
    ]:
        record, _ = run_under(python, project, experiment, *args, cwd=tmp_path, host=host)
        assert record["outcome"]["status"] == "ok", record["outcome"]
        assert record["environment"]["python_version"].startswith("3.15")
    assert re.fullmatch(r"cpython3\.15\.\d+", *matrix.labels([PYTHON315]))


@needs_315
@needs_pypy
def test_the_report_ranks_both_interpreters_models_and_says_what_pypy_skipped(tmp_path):
    """A tiny matrix of 3.15 and PyPy: per workload the pairs ranked with their
    CIs, the fastest pair's sentence, the warm-up, and PyPy's skips with reasons."""
    project = copy_project(tmp_path / "project")
    config = {
        "machine": "today",
        "repeats": 2,
        "min_timed_s": 0,
        "pythons": [PYTHON315, PYPY],
        "experiments": ["io-bound_sync", "io-bound_concurrent_8", "cpu-bound_sync"]
        + ["cpu-bound_parallel_1", "cpu-bound_parallel_5"],
        "io": {"n_requests": 5},
        "target": {"delay_s": 0.01},
        "cpu": {"start": 1000, "stop": 1500, "workers": 2},
    }
    (project / "config.yaml").write_text(yaml.safe_dump(config))
    result = snakemake(project, "--cores", "2", "all", timeout=1200)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]

    table = pd.read_csv(project / "results/interpreters.csv")
    assert set(table["implementation"]) == {"CPython", "PyPy"}
    pypy = table[table["implementation"] == "PyPy"].set_index("experiment")
    assert "uvloop is not installed for PyPy" in pypy.loc["io-bound_concurrent_8", "skipped_reason"]
    assert not pypy.loc["cpu-bound_parallel_5", "available"]
    report = (project / "results/report.md").read_text()
    assert "| rank | interpreter | method | median [s] | 95% CI [s] |" in report
    assert "**CPU-bound**: fastest here: " in report
    assert (
        "Warm-up, in `cpu-bound_sync`: the first tenth of the tasks against the rest's median"
        in report
    )
    assert "skipped: uvloop is not installed for PyPy" in report
    assert "not available on PyPy" in report


@needs_pypy
def test_a_tls_run_under_pypy_alone_still_makes_its_report(tmp_path):
    """Over TLS every I/O run under PyPy is skipped (no trustme): the pipeline
    still ends, and the report says why instead of a time."""
    project = copy_project(tmp_path / "project")
    config = {
        "machine": "tls",
        "repeats": 1,
        "min_timed_s": 0,
        "pythons": [PYPY],
        "experiments": ["io-bound_sync", "io-bound_concurrent_1", "cpu-bound_sync"],
        "io": {"n_requests": 3},
        "target": {"delay_s": 0.01, "tls": True},
        "cpu": {"start": 1000, "stop": 1100},
    }
    (project / "config.yaml").write_text(yaml.safe_dump(config))
    result = snakemake(project, "--cores", "2", "all", timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    report = (project / "results/report.md").read_text()
    assert "- `io-bound_sync`: sync: skipped, TLS needs trustme for the run's certificate" in report
