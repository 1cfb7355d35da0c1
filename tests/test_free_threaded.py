"""A free-threaded CPython in the matrix: the GIL's state as each record
measures it, the two labels of one interpreter (GIL off, and on as the
control), the bound that follows the measured state, and an environment that
installs what it can, the models needing what it could not skipped with pip's
reason.

The free-threaded build comes from CONCURRENCY_BENCH_PYTHON_FT (.ci/run sets it
with ../shared/tools/build-python-ft.sh), else python3.13t or python3.14t on
PATH; without it the run on it is skipped, saying why.
"""

import json
import re
import subprocess
import sys
import sysconfig
import types

import pytest
from concurrency_bench import models
from concurrency_bench.analysis import free_threading
from concurrency_bench.core import environment
from concurrency_bench.interpreters import matrix, packages
from concurrency_bench.record.run_record import load_record
from concurrency_bench.report import workload_pages

from interpreters import FT_CONSTRAINTS, PYTHON_FT, needs_ft
from script_runner import CATALOG
from synthetic import RESAMPLES, SEED, noisy, runs_frame, summary_of
from test_libraries import run

# --- the GIL's state, measured ------------------------------------------------------------


def build(monkeypatch, free_threaded, probe=None, setting=None, x_option=None):
    """This interpreter made to look like another build: Py_GIL_DISABLED,
    sys._is_gil_enabled (absent with None), PYTHON_GIL and -X gil."""
    real = sysconfig.get_config_var
    monkeypatch.setattr(
        sysconfig,
        "get_config_var",
        lambda name: int(free_threaded) if name == "Py_GIL_DISABLED" else real(name),
    )
    if probe is None:
        monkeypatch.delattr(sys, "_is_gil_enabled", raising=False)
    else:
        monkeypatch.setattr(sys, "_is_gil_enabled", lambda: probe, raising=False)
    if setting is None:
        monkeypatch.delenv("PYTHON_GIL", raising=False)
    else:
        monkeypatch.setenv("PYTHON_GIL", setting)
    options = {k: v for k, v in sys._xoptions.items() if k != "gil"}
    monkeypatch.setattr(sys, "_xoptions", {**options, **({"gil": x_option} if x_option else {})})


@pytest.mark.parametrize(
    "free_threaded, probe, setting, x_option, enabled",
    [
        (False, None, None, None, True),  # a GIL build before 3.13: always on, never null
        (False, None, "0", None, True),  # ... whatever PYTHON_GIL says
        (True, None, None, None, True),  # 3.13.0a5+t: on by default
        (True, None, "0", None, False),
        (True, None, "1", None, True),
        (True, None, "0", "1", True),  # -X gil wins over PYTHON_GIL
        (True, None, None, "0", False),
        (True, False, "1", None, False),  # sys._is_gil_enabled(), where it exists, decides
        (True, True, "0", None, True),  # ... an import turned it back on
    ],
)
def test_the_gil_state_is_measured_never_null(
    monkeypatch, free_threaded, probe, setting, x_option, enabled
):
    build(monkeypatch, free_threaded, probe, setting, x_option)
    assert environment.gil_enabled() is enabled
    said = environment.environment()
    assert said["gil_enabled"] is enabled and said["free_threaded"] is free_threaded


def test_the_module_that_turned_the_gil_back_on_is_named(monkeypatch):
    """3.13.0b1 and later warn when an extension without the Py_mod_gil slot
    turns the GIL on at its import; the warning's registry names it."""
    text = (
        "The global interpreter lock (GIL) has been enabled to load module 'fastthing._speedups', "
        "which has not declared that it can run safely without the GIL."
    )
    importer = types.ModuleType("importer")
    importer.__warningregistry__ = {"version": 3, (text, RuntimeWarning, 12): True}
    monkeypatch.setitem(sys.modules, "importer", importer)
    assert environment.gil_enabled_by() == ["fastthing._speedups"]
    monkeypatch.delitem(sys.modules, "importer")
    assert environment.gil_enabled_by() == []


# --- the labels: the GIL off, and on as the control -----------------------------------------


def test_a_free_threaded_interpreter_is_measured_gil_off_and_on():
    found = {
        "cpython3.11.7": matrix.Interpreter("python3.11", None, "cpython3.11.7"),
        "cpython3.13.0a5t": matrix.Interpreter("ft", "c.txt", "cpython3.13.0a5t", True, True),
        "cpython3.14.0t": matrix.Interpreter("ft14", None, "cpython3.14.0t", True, False),
    }
    assert matrix.measured("vm", found) == {
        "vm-cpython3.11.7": ("cpython3.11.7", None),
        # Its GIL starts on (before 3.13.0b1): PYTHON_GIL=0 turns it off.
        "vm-cpython3.13.0a5t": ("cpython3.13.0a5t", "0"),
        "vm-cpython3.13.0a5t-gil": ("cpython3.13.0a5t", "1"),
        # Off by default: left so, an extension may turn it back on (and is named).
        "vm-cpython3.14.0t": ("cpython3.14.0t", None),
        "vm-cpython3.14.0t-gil": ("cpython3.14.0t", "1"),
    }


def test_an_entry_names_its_constraints():
    assert matrix.entry("python3.11") == ("python3.11", None)
    assert matrix.entry({"python": "ft", "constraints": "c.txt"}) == ("ft", "c.txt")


def test_a_development_build_is_labelled_without_its_plus(monkeypatch):
    import platform

    build(monkeypatch, True)
    monkeypatch.setattr(platform, "python_version", lambda: "3.13.0a5+")
    monkeypatch.setattr(platform, "python_implementation", lambda: "CPython")
    assert matrix.label() == "cpython3.13.0a5t"
    assert matrix.version_of_label(matrix.label()) == (3, 13)


# --- the bound follows the measured state ---------------------------------------------------


def test_threads_bound_follows_the_measured_gil_not_the_build():
    assert models.THREADS.cpus_at_work(2, 2, gil_enabled=False) == 2
    assert models.THREADS.cpus_at_work(2, 2, gil_enabled=True) == 1
    assert models.THREADS.cpus_at_work(4, 2, gil_enabled="False") == 2  # from a CSV
    assert models.PROCESSES.cpus_at_work(2, 2, gil_enabled=True) == 2


# --- a package that cannot be installed -----------------------------------------------------

# A package whose build always fails, with a message of its own (an in-tree
# build backend: pip needs nothing from an index).
BACKEND = """
def _fail(*args, **kwargs):
    raise RuntimeError("joblib cannot be built for this interpreter")

get_requires_for_build_wheel = lambda config_settings=None: []
prepare_metadata_for_build_wheel = build_wheel = _fail
"""


def broken_package(folder):
    folder.mkdir()
    (folder / "pyproject.toml").write_text(
        '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["."]\n'
        '[project]\nname = "joblib"\nversion = "0"\n'
    )
    (folder / "backend.py").write_text(BACKEND)
    return folder


def test_a_package_pip_cannot_install_is_recorded_with_pips_reason(tmp_path):
    requirements = tmp_path / "benchmark.txt"
    requirements.write_text(
        f"# a comment\njoblib @ {broken_package(tmp_path / 'joblib').as_uri()}\n"
    )
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("")
    record = packages.install_all(requirements, constraints, from_sources=False)
    assert record["installed"] == {}
    (reason,) = record["missing"].values()
    assert list(record["missing"]) == ["joblib"]
    assert reason.startswith("pip: ")
    assert "RuntimeError: joblib cannot be built for this interpreter" in reason


def test_pips_reason_names_the_build_error_or_the_marker():
    built = (
        "  Building wheel for aiohttp (pyproject.toml): finished with status 'error'\n"
        "      aiohttp/_websocket/mask.c:3536:4: error: 'Py_mod_gil' undeclared here\n"
        "      error: Command '['gcc', '-c']' returned non-zero exit status 1.\n"
        "ERROR: Could not build wheels for aiohttp, which is required to install it\n"
    )
    assert packages.pip_reason(built) == (
        "ERROR: Could not build wheels for aiohttp, which is required to install it; "
        "the build's first error: 'Py_mod_gil' undeclared here"
    )
    marker = "Ignoring uvloop: markers 'platform_python_implementation == \"CPython\"' don't match your environment\n"
    assert packages.pip_reason(marker).startswith("Ignoring uvloop: markers")


def test_a_model_needing_a_package_not_installed_is_skipped_with_pips_reason(
    tmp_path, host, validator
):
    """An environment (sys.prefix) whose packages.json says joblib failed: the
    joblib models' runs are recorded as skipped with pip's reason, the jobs
    succeed."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    # This environment's packages, but joblib's import fails as where it is not installed.
    site = next(venv.glob("lib/python*/site-packages"))
    (site / "main.pth").write_text("\n".join(sys.path[1:]) + "\n")
    shim = tmp_path / "shim" / "joblib"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'joblib'\", name='joblib')\n"
    )
    why = "pip: ERROR: Could not build wheels for joblib; the build's first error: no compiler"
    (venv / packages.RECORD).write_text(json.dumps({"installed": {}, "missing": {"joblib": why}}))
    for model in ("joblib_parallel", "joblib_threads"):
        env = {"PYTHONPATH": str(shim.parent)}
        result, output = run(model, "tiny", tmp_path, host, env=env, python=venv / "bin/python")
        assert result.returncode == 0, result.stderr[-3000:]
        record = load_record(output, validator)
        assert record["outcome"]["status"] == "skipped" and record["elapsed_s"] is None
        assert record["outcome"]["reason"] == (
            f"joblib is not installed for {environment.python_name()}: {why}"
        )


# --- a tiny matrix on the real build --------------------------------------------------------


@pytest.mark.slow
@needs_ft
def test_a_tiny_matrix_runs_threads_on_the_free_threaded_build_gil_off_and_on(tmp_path):
    from project import copy_project, snakemake

    project = copy_project(tmp_path / "project")
    # What these runs need, and aiohttp, which this build cannot compile.
    (project / "workflow/envs/benchmark.txt").write_text(
        "requests\naiohttp\npy-cpuinfo\npsutil\nPyYAML\n"
    )
    entry = {"python": PYTHON_FT, **({"constraints": FT_CONSTRAINTS} if FT_CONSTRAINTS else {})}
    config = {
        "machine": "ft",
        "repeats": 2,
        "min_timed_s": 0,
        "pythons": [sys.executable, entry],
        "experiments": ["cpu-bound_sync", "cpu-bound_concurrent_1", "io-bound_concurrent_6"],
        "io": {"n_requests": 3},
        "target": {"delay_s": 0.01},
        "cpu": {"start": 1000, "stop": 3000, "workers": 2},
    }
    (project / "config.yaml").write_text(json.dumps(config))
    result = snakemake(project, "--cores", "2", "all", timeout=1200)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    labels = [p.name for p in (project / "results").iterdir() if p.name.startswith("ft-")]
    free = sorted(label for label in labels if "t" in label.split("cpython")[-1])
    assert len(free) == 2 and free[1] == free[0] + matrix.GIL_ON_SUFFIX
    off, on = free
    for label, gil in ((off, False), (on, True)):
        record = json.loads(
            (project / f"results/{label}/runs/cpu-bound_concurrent_1/1.json").read_text()
        )
        assert record["environment"]["free_threaded"] is True
        assert record["environment"]["gil_enabled"] is gil
        skipped = json.loads(
            (project / f"results/{label}/runs/io-bound_concurrent_6/1.json").read_text()
        )
        assert skipped["outcome"]["status"] == "skipped"
        assert skipped["outcome"]["reason"].startswith("aiohttp is not installed for CPython")
        assert "pip: " in skipped["outcome"]["reason"]
    report = (project / "results/report.md").read_text()
    assert "## Without the GIL" in report


# --- the report's section "Without the GIL" -------------------------------------------------

THREADS = "cpu-bound_concurrent_1"
SYNC = CATALOG[THREADS].baseline
PROCESSES = "cpu-bound_parallel_1"
BUILDS = {
    # The table: the sieve over range(1000, 6000) on a 2-core VM.
    "vm-cpython3.11.7": ({SYNC: 0.85, THREADS: 1.26, PROCESSES: 0.48}, "3.11.7", False, True, 1.0),
    "vm-cpython3.13.0a5t": (
        {SYNC: 1.27, THREADS: 0.77, PROCESSES: 0.71},
        "3.13.0a5+",
        True,
        False,
        1.9,
    ),
    "vm-cpython3.13.0a5t-gil": (
        {SYNC: 1.27, THREADS: 1.42, PROCESSES: 0.69},
        "3.13.0a5+",
        True,
        True,
        1.0,
    ),
}


def matrix_runs():
    runs = {}
    for i, (label, (times, version, free, gil, threads_parallelism)) in enumerate(BUILDS.items()):
        runs[label] = runs_frame(
            {name: noisy(t, seed=i + j) for j, (name, t) in enumerate(times.items())},
            every_run={
                "python_version": version,
                "python_implementation": "CPython",
                "free_threaded": free,
                "gil_enabled": gil,
            },
            cpu_bound_concurrent_1={"parallelism": threads_parallelism},
            # Each build's tree: threads in one process, Pool's two workers beside it.
            cpu_bound_sync={"memory_peak_kib": 30 * 1024},
            cpu_bound_parallel_1={"memory_peak_kib": 80 * 1024},
        )
        threads = runs[label]["experiment"] == "cpu-bound_concurrent_1"
        runs[label].loc[threads, "memory_peak_kib"] = 35 * 1024
    return runs


def test_without_the_gil_compares_the_builds_with_cis():
    compared = free_threading.compare(matrix_runs(), CATALOG, SEED, RESAMPLES)
    builds = {b["label"]: b for b in compared["builds"]}
    assert builds["vm-cpython3.13.0a5t"]["build"] == "CPython 3.13.0a5+ free-threaded, GIL off"
    assert builds["vm-cpython3.13.0a5t-gil"]["gil_enabled"] is True
    (sieve,) = compared["workloads"]
    assert len(sieve["pairs"]) == 9 and sieve["pairs"][0]["label"] == "vm-cpython3.11.7"
    # 1.27 / 0.85: the free-threaded build's sync loop against 3.11's.
    assert re.fullmatch(
        r"the sync loop on CPython 3\.13\.0a5\+ free-threaded, GIL off against CPython "
        r"3\.11\.7: 1\.(49|50)× \(95% CI 1\.\d\d×–1\.\d\d×\) the time",
        sieve["single_thread"],
    )
    assert "parallelism 1.90 with the GIL off against 1.00 with it on" in sieve["gil"]
    assert "processes on CPython 3.11.7" in sieve["threads_vs_processes"]
    assert sieve["threads_vs_processes"].endswith(
        "peak memory (the process tree's PSS) 35.0 MiB against 80.0 MiB: processes hold "
        "45.0 MiB more"
    )
    # Processes on 3.11 win: the single-thread cost says why.
    assert (
        "still lose to multiprocessing.Pool on CPython 3.11.7 (`cpu-bound_parallel_1`"
        in sieve["loses"]
    )
    assert (
        re.search(r"1\.(49|50)× \(95% CI", sieve["loses"])
        and "single-thread cost" in sieve["loses"]
    )


def test_without_a_free_threaded_build_there_is_no_section():
    runs = matrix_runs()
    assert free_threading.compare({"vm-cpython3.11.7": runs["vm-cpython3.11.7"]}, CATALOG) is None


def test_threads_without_the_gil_are_recommended_on_the_free_threaded_build():
    rows = summary_of(
        runs_frame(
            {SYNC: noisy(8.0, seed=1), THREADS: noisy(4.1, seed=2)},
            every_run={"gil_enabled": False},
            cpu_bound_sync={"parallelism": 1.0},
            cpu_bound_concurrent_1={"parallelism": 1.95},
        )
    )
    said = workload_pages.recommendation(rows)
    assert "(ThreadPoolExecutor, on the free-threaded build) here" in said
    threads = rows[rows["experiment"] == THREADS].iloc[0]
    assert "of parallelism: the GIL was off" in workload_pages.why(threads, rows)


@pytest.mark.slow
@needs_ft
def test_the_preset_plans_every_model_under_three_labels(project):
    """presets/free-threaded.yaml with this Python and the free-threaded build:
    each experiment planned under both GIL states and the default build."""
    from project import job_counts, snakemake

    entry = {"python": PYTHON_FT, **({"constraints": FT_CONSTRAINTS} if FT_CONSTRAINTS else {})}
    pythons = json.dumps([sys.executable, entry])
    result = snakemake(
        project,
        "-n",
        "--cores",
        "1",
        "all",
        "--configfile",
        "presets/free-threaded.yaml",
        "--config",
        "machine=vm",
        f"pythons={pythons}",
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    jobs = job_counts(result.stdout)
    assert jobs["python_env"] == 2 and jobs["describe_host"] == 3
    assert jobs["run_experiment"] == 3 * 3 * 17  # three labels, three repeats, 17 experiments
