"""The library models (catalog origin `library`): each runs the workloads
whose task it can call, the article's two included, with the sync loop's
results; a library this interpreter lacks, or a task the model cannot run,
is a skipped run that says why; dask's cluster is gone after the run however
it ends; and the report sets each against the standard library's model it
stands in for, from the measured numbers."""

import math
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from concurrency_bench import workloads
from concurrency_bench.analysis import libraries
from concurrency_bench.record import catalog
from concurrency_bench.record.run_record import load_record
from concurrency_bench.report import workload_pages
from concurrency_bench.workflow import pipeline
from concurrency_bench.workloads.http import status_check
from concurrency_bench.workloads.sieve import primes_check

from project import REPO, dry_run, job_counts
from script_runner import CATALOG, is_gone, kill_all, start_script, wait_until
from synthetic import noisy, runs_frame, summary_of
from tiny_workload import __file__ as TINY

LIBRARY = [e.name for e in CATALOG if e.origin == libraries.ORIGIN]
BUILT_IN = {
    "http": ["--n-requests", 6, "--delay", 0.01],
    "sieve": ["--start", 1000, "--stop", 1040],
}
PER_MODEL = {"workers": ["--workers", 2], "in_flight": ["--in-flight", 4]}


def tiny(workload, model, task="square", task_async="square_async"):
    """The command line of a tiny run of `model` on `workload` (a built-in one, or tiny)."""
    args = list(BUILT_IN.get(workload, [])) or [
        *("--task", f"{TINY}:{task}", "--task-async", f"{TINY}:{task_async}"),
        *("--inputs", f"{TINY}:items"),
    ]
    for param, option in PER_MODEL.items():
        if param in CATALOG[model].params:
            args += option
    return ["--workload", workload, *args]


def script(model, args, cwd, env=None, python=sys.executable):
    """scripts/<model>.py with `args` under `python`, its environment `env`
    over this one's (a PYTHONPATH of `env` before this one's)."""
    env = dict(env or {})
    if "PYTHONPATH" in env:
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [env["PYTHONPATH"], os.environ.get("PYTHONPATH")])
        )
    return subprocess.run(
        [python, str(REPO / f"scripts/{model}.py"), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def run(model, workload, tmp_path, host, env=None, python=sys.executable, **tasks):
    output = tmp_path / f"{workload}-{model}.json"
    args = [*tiny(workload, model, **tasks), "--host-info", host, "-o", output]
    return script(model, args, tmp_path, env, python), output


# --- the catalog and the config ---------------------------------------------------------


def test_every_library_model_stands_in_for_a_standard_one_and_says_how():
    for name in LIBRARY:
        row = CATALOG[name]
        assert CATALOG[row.instead_of].origin == "model", name
        assert row.family in libraries.LIBRARIES, name


def test_a_library_model_standing_in_for_another_interface_is_refused(tmp_path):
    text = catalog.CATALOG_PATH.read_text()
    broken = tmp_path / "experiments.yaml"
    broken.write_text(text.replace("instead_of: asyncio_gather", "instead_of: sync_loop", 1))
    with pytest.raises(catalog.CatalogError, match="instead_of: sync_loop does not run"):
        catalog.load(broken)


def test_the_built_in_workloads_run_under_the_models_whose_task_they_give():
    """http gives a sync and an async task, the sieve a sync one only."""
    added = CATALOG.with_workloads({"http": {}, "sieve": None})
    for model in (e for e in CATALOG if e.workload == workloads.ANY):
        assert f"http/{model.name}" in added.experiments
        assert (f"sieve/{model.name}" in added.experiments) == (model.task == "sync")
    found = CATALOG.find("http/anyio_trio")
    assert (found.workload, found.baseline, found.model) == ("http", "http/sync_loop", "anyio_trio")
    assert CATALOG.find("sieve/asyncio_gather") is None


def test_a_built_in_workload_with_settings_is_refused_naming_the_key():
    pipeline.check_workloads({"http": {}, "sieve": None})
    with pytest.raises(pipeline.ConfigError, match=r"workloads\.sieve: .*takes no settings here"):
        pipeline.check_workloads({"sieve": {"task": "x.py:f", "inputs": "x.py:g"}})


def test_a_model_on_http_is_bounded_by_waves_of_its_in_flight():
    """The least duration before the run, and the report's bound: ceil(n / W) waves."""
    row = CATALOG.with_workloads({"http": {}})["http/gevent_pool"]
    options = {"--n-requests": 100, "--delay": 0.1, "--in-flight": 32}
    assert pipeline.least_s(row, options) == pytest.approx(0.4)
    recorded = {"n_requests": 100, "max_workers": 32, "delay_s": 0.1, "rtt_s": 0.0}
    bound = workloads.BUILT_IN["http"].bound(
        {**recorded, "tls": False, "reuses_connections": False}, None
    )
    assert bound == (pytest.approx(0.4), 4)


def test_the_built_in_results_are_checked_as_computed():
    sieve = CATALOG.with_workloads({"sieve": {}})["sieve/process_pool_map"]
    check = primes_check(sieve, [10, 11, 12])
    assert check([[2, 3, 5, 7], [2, 3, 5, 7, 11], [2, 3, 5, 7, 11]]) is None
    assert "other primes than the sieve's for 11" in check([[2, 3, 5, 7]] * 3)
    assert "2 results for 3 numbers" in check([[], []])
    statuses = status_check(3, allowed_errors=1)
    assert statuses([200, 200, 200]) is None and statuses([200, None, 200]) is None
    assert "2 requests did not answer 200, the first request 1: 404" in statuses([404, 200, 500])


# --- the scripts ------------------------------------------------------------------------


@pytest.mark.slow  # a matrix of runs: test-fast runs each script on the tiny workload
@pytest.mark.parametrize("workload", BUILT_IN)
@pytest.mark.parametrize("model", LIBRARY)
def test_each_library_model_runs_the_articles_workloads(model, workload, tmp_path, host, validator):
    """Every task of the run, the results checked as computed (status codes, primes)."""
    if not workloads.takes(workload, CATALOG[model].task):
        pytest.skip(f"{workload} gives no {CATALOG[model].task} task")
    result, output = run(model, workload, tmp_path, host)
    assert result.returncode == 0, result.stderr[-3000:]
    record = load_record(output, validator)
    assert record["experiment"] == f"{workload}/{model}"
    assert record["outcome"] == {"status": "ok", "reason": None}
    if model != "dask_distributed":  # its workers print to the log they were started with
        assert record["observed"]["tasks"] == record["params"]["n_tasks"]


def skipped(result, output, validator):
    assert result.returncode == 0, result.stderr[-3000:]
    record = load_record(output, validator)
    assert record["outcome"]["status"] == "skipped" and record["elapsed_s"] is None
    return record["outcome"]["reason"]


@pytest.mark.parametrize(
    "model, package, said",
    [
        ("dask_distributed", "distributed", "distributed cannot be imported for CPython"),
        ("gevent_pool", "gevent", "gevent cannot be imported for CPython"),
        ("anyio_trio", "trio", "trio cannot be imported for CPython"),
    ],
)
def test_a_library_this_interpreter_lacks_is_a_skipped_run(
    model, package, said, tmp_path, host, validator
):
    """As on an interpreter without its build (PyPy): a package that fails to import."""
    shim = tmp_path / "shim" / package
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(f"raise ImportError('no {package} for this interpreter')\n")
    result, output = run(model, "tiny", tmp_path, host, env={"PYTHONPATH": str(shim.parent)})
    reason = skipped(result, output, validator)
    assert reason.startswith(said) and f"no {package} for this interpreter" in reason


def test_gevent_skips_a_task_that_took_a_blocking_call_before_the_patch(tmp_path, host, validator):
    """Patching replaces what the modules hold at the time: a task module
    imported before it (here by a sitecustomize) keeps the blocking time.sleep,
    which would stop every greenlet. The run is skipped, naming it."""
    task_file = tmp_path / "early_task.py"
    task_file.write_text(
        "from time import sleep\n\n\ndef task(item):\n    sleep(0.001)\n    return item\n\n\n"
        "def items():\n    return [1, 2, 3]\n"
    )
    (tmp_path / "sitecustomize.py").write_text("import early_task  # noqa: F401\n")
    output = tmp_path / "run.json"
    env = {"PYTHONPATH": str(tmp_path)}
    args = ["--task", f"{task_file}:task", "--inputs", f"{task_file}:items", "--in-flight", 2]
    result, _ = run("gevent_pool", "tiny", tmp_path, host, env=env)  # another task: it runs
    assert result.returncode == 0, result.stderr[-3000:]
    more = ["--workload", "early", *args, "--host-info", host, "-o", output]
    reason = skipped(script("gevent_pool", more, tmp_path, env), output, validator)
    assert "early_task.sleep is the blocking time.sleep, taken before monkey.patch_all()" in reason


def test_a_task_written_for_asyncio_alone_is_skipped_on_trio(tmp_path, host, validator):
    result, output = run("anyio_trio", "tiny", tmp_path, host)
    assert "the task cannot run on trio" in skipped(result, output, validator)
    result, output = run("anyio_trio", "tiny", tmp_path, host, task_async="square_anyio")
    assert result.returncode == 0, result.stderr[-3000:]
    assert load_record(output, validator)["outcome"]["status"] == "ok"


def test_a_task_that_fails_in_a_task_group_names_its_item(tmp_path, host):
    """The group's ExceptionGroup is unwrapped: the item, not a traceback."""
    result, output = run(
        "taskgroup_semaphore", "tiny", tmp_path, host, task_async="fails_on_seven_async"
    )
    assert result.returncode != 0
    assert "the task failed on item 7: ValueError: seven" in result.stderr
    assert "Traceback" not in result.stderr and not output.exists()


def descendants_seen(process, until):
    """Every descendant of `process` seen while `until()` is false."""
    seen = {}
    while not until():
        try:
            for child in psutil.Process(process.pid).children(recursive=True):
                seen.setdefault(child.pid, child)
        except psutil.NoSuchProcess:
            break
        time.sleep(0.05)
    return list(seen.values())


@pytest.mark.parametrize("ending", ["success", "failure", "ctrl-c"])
def test_dask_leaves_no_process_behind(ending, tmp_path, host):
    task = {"success": "square", "failure": "fails_on_seven", "ctrl-c": "slow_square"}[ending]
    output = tmp_path / "run.json"
    args = [*tiny("tiny", "dask_distributed", task=task), "--host-info", host, "-o", output]
    process = start_script("dask_distributed", *args, cwd=tmp_path)
    psutil_process = psutil.Process(process.pid)
    try:
        if ending == "ctrl-c":
            # the cluster's processes, then the run under way, then Ctrl-C
            assert wait_until(lambda: len(psutil_process.children(recursive=True)) >= 2, 60)
            seen = psutil_process.children(recursive=True)
            time.sleep(2)
            process.send_signal(signal.SIGINT)
            process.wait(30)
            assert process.returncode == 128 + signal.SIGINT
        else:
            seen = descendants_seen(process, lambda: process.poll() is not None)
            assert process.wait(60) == (0 if ending == "success" else 1)
        assert len(seen) >= 2  # the workers (and their nannies) did start
        assert wait_until(lambda: all(is_gone(child) for child in seen), 20), [
            child.pid for child in seen if not is_gone(child)
        ]
        assert output.exists() == (ending == "success")
    finally:
        process.kill()
        kill_all(seen if "seen" in locals() else [])


# --- the report -------------------------------------------------------------------------


def library_summary():
    """hashing (a workload of one's own, 64 items) under the standard models and the libraries'."""
    times = {
        "hashing/sync_loop": noisy(1.0),
        "hashing/thread_pool_map": noisy(0.52, seed=1),
        "hashing/process_pool_map": noisy(0.55, seed=2),
        "hashing/joblib_parallel": noisy(0.70, seed=3),
        "hashing/gevent_pool": noisy(1.01, seed=4),
        "hashing/dask_distributed": noisy(0.87, seed=5),
    }
    params = {"hashing_dask_distributed": {"prepare_s": 1.5}}
    return summary_of(runs_frame(times, **params))


def test_each_library_model_is_set_against_the_standard_model_it_stands_in_for():
    summary = library_summary()
    said = " ".join(libraries.sentences(summary))
    medians = summary.set_index("experiment")["median_s"]
    dask, pool = medians["hashing/dask_distributed"], medians["hashing/process_pool_map"]
    # (dask − process pool) / n, measured: about 5 ms per task over 64 tasks
    per_task = f"{1000 * (dask - pool) / 64:.3g} ms more per task over its 64 tasks"
    assert f"{dask / pool:.2f}× the time of `hashing/process_pool_map`" in said
    assert per_task in said
    dask_row = summary.set_index("experiment").loc["hashing/dask_distributed"]
    beyond = 1000 * (dask - dask_row["bound_s"]) / 64
    assert (
        f"its cluster started in 1.5 s before the clock, so it spent (median − bound) / n = "
        f"{beyond:.3g} ms per task beyond its bound"
    ) in said
    assert "Every task goes through the scheduler" in said
    assert "`hashing/gevent_pool` (gevent.pool.Pool.map, monkey-patched)" in said
    assert "of `hashing/thread_pool_map`" in said
    # fastest first
    assert said.index("joblib_parallel") < said.index("dask_distributed") < said.index("gevent")


def test_the_libraries_are_ranked_among_the_standard_models_in_their_workloads_section():
    (section,) = workload_pages.sections(library_summary())
    ranked = " ".join(section["ranking"])
    for model in ("thread_pool_map", "joblib_parallel", "gevent_pool", "dask_distributed"):
        assert f"`hashing/{model}`" in ranked
    assert ranked.index("thread_pool_map") < ranked.index("joblib_parallel")
    assert len(section["libraries"]) == 3


def test_a_library_whose_standard_model_did_not_run_says_so():
    summary = library_summary()
    summary = summary[summary["experiment"] != "hashing/process_pool_map"]
    said = " ".join(libraries.sentences(summary))
    assert "`process_pool_map`, which it stands in for, did not run here" in said


def test_a_built_in_workloads_cpu_share_is_its_sync_loops_parallelism():
    """http is not profiled: its sync loop's parallelism says how much of a
    task is CPU, and so why the waits' overlap wins."""
    from test_report_workloads import summary as hashing_summary
    from test_report_workloads import threads

    rows = hashing_summary(threads(0.1, (0.09, 0.11), 0.3), cpu_share=math.nan)
    rows["experiment"] = rows["experiment"].str.replace("hashing/", "http/")
    rows["baseline"] = "http/sync_loop"
    rows["workload"] = "http"
    rows.loc[rows["experiment"] == "http/sync_loop", "parallelism"] = 0.03
    said = workload_pages.profile_sentence(rows)
    assert "HTTP GET requests: a built-in workload, not profiled (its CPU share, 3%" in said
    assert "Why: the task waits 97% of its time" in workload_pages.recommendation(rows)


def test_a_skipped_model_is_ranked_with_its_reason_never_timed():
    runs = runs_frame({"hashing/sync_loop": noisy(1.0), "hashing/anyio_trio": [1.0, 1.0]})
    skipped_runs = runs["experiment"] == "hashing/anyio_trio"
    runs.loc[skipped_runs, "outcome"] = "skipped"
    runs.loc[skipped_runs, "outcome_reason"] = "the task cannot run on trio: RuntimeError"
    runs.loc[skipped_runs, "elapsed_s"] = math.nan
    (section,) = workload_pages.sections(summary_of(runs))
    assert (
        "`hashing/anyio_trio` (anyio task group + CapacityLimiter, trio): not measured, "
        "the task cannot run on trio: RuntimeError." in section["ranking"]
    )
    assert section["libraries"] == []
    assert section["recommendation"] == "Only one model ran: nothing to compare."


@pytest.mark.slow
def test_the_articles_workloads_run_under_the_models_without_a_profile(project):
    """Listed with an empty spec, http and the sieve get a run per model whose
    task they give, and no profile (their results are checked as computed)."""
    overlay = {
        "experiments": ["sync_loop", "asyncio_gather", "gevent_pool", "dask_distributed"],
        "repeats": 1,
        "workloads": {"http": {}, "sieve": None},
    }
    result = dry_run(project, overlay)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    assert job_counts(result.stdout)["run_experiment"] == 4 + 3
    assert "profile_workload" not in job_counts(result.stdout)
    assert "/runs/http/asyncio_gather/1.json" in result.stdout
    assert "/runs/sieve/asyncio_gather/" not in result.stdout
    refused = dry_run(project, {**overlay, "workloads": {"http": {"in_flight": 4}}})
    assert refused.returncode != 0
    assert "workloads.http: the built-in workload http takes no settings here (in_flight)" in (
        refused.stdout + refused.stderr
    )


@pytest.mark.parametrize("model", ["process_pool_map", "dask_distributed"])
def test_a_task_worker_processes_cannot_get_is_a_skipped_run(model, tmp_path, host, validator):
    """Checked by the harness for every model of processes, on any workload."""
    result, output = run(model, "tiny", tmp_path, host, task="lambda_cube")
    assert "cannot run this task: PicklingError" in skipped(result, output, validator)
