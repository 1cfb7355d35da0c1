"""Your own workload: refused before anything runs when it cannot be loaded
(naming the config key), profiled once, run under every model that can call
it, and every model's results checked against the sync loop's."""

import json
import pickle
import subprocess

import pytest
from concurrency_bench import workloads
from concurrency_bench.core.traced import Traced
from concurrency_bench.record import catalog
from concurrency_bench.record.parameters import schema_at
from concurrency_bench.record.run_record import load_record, make_validator
from concurrency_bench.run import calibration
from concurrency_bench.workloads.references import check_reference, load_items

from interpreters import needs_314
from project import REPO, dry_run, job_counts
from script_runner import run_script

TINY = REPO / "tests/tiny_workload.py"
MODELS = [e.name for e in catalog.load() if e.workload == workloads.ANY]


def spec(**changes):
    return {"task": f"{TINY}:square", "inputs": f"{TINY}:items", **changes}


@pytest.mark.slow
@pytest.mark.parametrize(
    "overlay, said",
    [
        (
            {"workloads": {"tiny": spec(task="missing.py:square")}},
            "workloads.tiny.task: missing.py is not a Python file",
        ),
        (
            {"workloads": {"tiny": spec(task=f"{TINY}:cube")}},
            "workloads.tiny.task: ",
        ),
        (
            {"workloads": {"tiny": spec(task_async=f"{TINY}:square")}},
            "workloads.tiny.task_async: square",
        ),
        (
            {"workloads": {"tiny": spec(inputs=f"{TINY}:nothing")}},
            "workloads.tiny.inputs: ",
        ),
        ({"workloads": {"tiny": spec(task="tiny_workload:square")}}, "task"),
        ({"workloads": {"sieve": spec()}}, "sieve"),
        ({"workloads": {}}, "config: experiments: sync_loop"),
    ],
    ids=[
        "no-file",
        "no-function",
        "not-async",
        "no-inputs",
        "not-a-path",
        "built-in-name",
        "no-workload",
    ],
)
def test_a_workload_that_cannot_load_is_refused_naming_the_key(project, overlay, said):
    overlay.setdefault("experiments", MODELS)
    result = dry_run(project, overlay)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert said in output, output[-2000:]
    assert "run_experiment" not in output


@pytest.mark.slow
def test_workloads_without_a_model_to_run_them_are_refused(project):
    result = dry_run(project, {"workloads": {"tiny": spec()}})
    assert result.returncode != 0
    assert "config: workloads: tiny would run under no model" in result.stdout + result.stderr


@pytest.mark.slow
def test_each_model_runs_each_workload_whose_task_it_can_call(project):
    """An async model runs only the workloads with a task_async; every run of a
    workload waits for its profile."""
    overlay = {
        "experiments": ["sync_loop", "thread_pool_map", "asyncio_gather"],
        "repeats": 2,
        "workloads": {"tiny": spec(), "tiny_async": spec(task_async=f"{TINY}:square_async")},
    }
    result = dry_run(project, overlay)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    counts = job_counts(result.stdout)
    assert counts["run_experiment"] == (2 + 3) * 2
    assert counts["profile_workload"] == 2
    assert "results/" in result.stdout and "/runs/tiny_async/asyncio_gather/1.json" in result.stdout
    assert "/runs/tiny/asyncio_gather/" not in result.stdout


def calibrate(output):
    """The tiny workload's profile (and expected.pickle) at `output`."""
    args = ["--workload", "tiny", "--task", f"{TINY}:square", "--inputs", f"{TINY}:items"]
    calibration.main([*args, "--output", str(output)])


def test_the_calibration_profiles_the_task_and_keeps_its_results(tmp_path):
    output = tmp_path / "profile.json"
    calibrate(output)
    profile = json.loads(output.read_text())
    assert profile["n_items"] == 20
    assert 0 <= profile["cpu_share"] <= 1.5
    assert profile["item_bytes"] > 0 and profile["result_bytes"] > 0
    assert profile["not_shareable"] is None
    expected = pickle.loads((tmp_path / "expected.pickle").read_bytes())
    assert expected == [i * i for i in range(2, 22)]


@pytest.mark.parametrize(
    "task, inputs, said",
    [
        ("fails_on_seven", "items", "workload tiny: the task failed on item 7: ValueError: seven"),
        ("square", "not_a_list", "workloads.tiny.inputs: "),
        ("square", "nothing", "workloads.tiny.inputs: "),
    ],
)
def test_the_calibration_refuses_a_task_that_raises_or_items_that_are_not(
    tmp_path, task, inputs, said
):
    args = ["--workload", "tiny", "--task", f"{TINY}:{task}", "--inputs", f"{TINY}:{inputs}"]
    with pytest.raises(SystemExit) as stopped:
        calibration.main([*args, "--output", str(tmp_path / "profile.json")])
    assert said in str(stopped.value)
    assert not (tmp_path / "profile.json").exists()


def run_model(model, tmp_path, host, task="square", *more):
    profile = tmp_path / "profile" / "profile.json"
    if not profile.exists():
        calibrate(profile)
    output = tmp_path / f"{model}.json"
    result = run_script(
        model,
        "--workload",
        "tiny",
        "--task",
        f"{TINY}:{task}",
        "--inputs",
        f"{TINY}:items",
        "--profile",
        profile,
        "--host-info",
        host,
        "--output",
        output,
        *more,
        cwd=tmp_path,
    )
    return result, output


def test_a_model_that_returns_other_results_is_refused_naming_it_and_the_item(tmp_path, host):
    result, output = run_model(
        "process_pool_map", tmp_path, host, "wrong_in_workers", "--workers", 2
    )
    assert result.returncode != 0
    assert (
        "workload tiny: tiny/process_pool_map returned another result than the sync loop "
        "for item 0 (2): 8 instead of 4"
    ) in result.stderr
    assert not output.exists()


def test_in_a_sweep_a_wrong_result_is_a_failed_outcome(tmp_path, host, validator):
    result, output = run_model(
        "process_pool_submit",
        tmp_path,
        host,
        "wrong_in_workers",
        "--workers",
        2,
        "--record-failure",
    )
    assert result.returncode == 0, result.stderr
    record = load_record(output, validator)
    assert record["outcome"]["status"] == "failed"
    assert "returned another result than the sync loop for item 0" in record["outcome"]["reason"]


def test_a_model_that_returns_the_same_results_records_its_profile(tmp_path, host, validator):
    result, output = run_model("thread_pool_map", tmp_path, host, "square", "--in-flight", 4)
    assert result.returncode == 0, result.stderr
    record = load_record(output, validator)
    assert (record["experiment"], record["workload"]) == ("tiny/thread_pool_map", "tiny")
    params = record["params"]
    assert (params["n_tasks"], params["n_items"], params["workers"], params["in_flight"]) == (
        20,
        20,
        4,
        4,
    )
    assert params["cpu_share"] is not None and params["item_bytes"] > 0


def test_a_task_that_raises_fails_the_run_naming_the_workload_and_the_item(tmp_path, host):
    result, output = run_model(
        "process_pool_submit", tmp_path, host, "fails_on_seven", "--workers", 2
    )
    assert result.returncode != 0
    assert (
        "workload tiny: tiny/process_pool_submit: the task failed on item 7: ValueError: seven"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not output.exists()


def test_a_task_travels_by_its_module_and_folder():
    """Pickled as module, name and folder: a sub-interpreter, which does not
    share this interpreter's sys.path, finds it too."""
    from tiny_workload import square

    traced = Traced(square, str(TINY.parent))
    restored = pickle.loads(pickle.dumps(traced))
    assert restored.folder == str(TINY.parent) and restored(3) == 9


def test_the_static_check_reads_the_file_without_running_it(tmp_path):
    source = tmp_path / "w.py"
    source.write_text(
        "raise SystemExit('imported!')\ndef task(x):\n    return x\nasync def fetch(x):\n    return x\n"
    )
    check_reference(f"{source}:task", "workloads.w.task")
    check_reference(f"{source}:fetch", "workloads.w.task_async", coroutine=True)
    with pytest.raises(
        workloads.WorkloadError, match="workloads.w.task_async: task .* not a coroutine"
    ):
        check_reference(f"{source}:task", "workloads.w.task_async", coroutine=True)
    with pytest.raises(
        workloads.WorkloadError, match="workloads.w.inputs: .* defines no function 'inputs'"
    ):
        check_reference(f"{source}:inputs", "workloads.w.inputs")
    with pytest.raises(workloads.WorkloadError, match="workloads.w.inputs: .*returned no items"):
        empty = tmp_path / "empty.py"
        empty.write_text("def inputs():\n    return []\n")
        load_items(f"{empty}:inputs", "workloads.w.inputs")


def test_every_option_takes_its_default_and_limits_from_the_config_schema():
    """A parameter is declared once: its command-line default is the schema's."""
    for name in ("http", "sieve", "tiny"):
        for parameter in workloads.parameters_of(name):
            if parameter.config:
                assert parameter.default == schema_at(parameter.config).get("default"), parameter
    in_flight = next(p for p in workloads.parameters_of("tiny") if p.name == "in_flight")
    assert in_flight.default == 32


# --- sub-interpreters (Python 3.14) ----------------------------------------------------


def run_314(venv314, tmp_path, task_file, task):
    project, python = venv314
    reference = f"{task_file}:{task}"
    inputs = f"{TINY}:items"
    profile = tmp_path / "profile/profile.json"
    args = ["--workload", "tiny", "--task", reference, "--inputs", inputs]
    for command in (
        [python, "-m", "concurrency_bench.run.calibration", *args, "--output", profile],
        [python, project / "scripts/interpreter_pool_map.py", *args, "--profile", profile]
        + ["--workers", "2", "-o", tmp_path / "run.json"],
    ):
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path
        )
        assert result.returncode == 0, result.stderr[-3000:]
    return load_record(tmp_path / "run.json", make_validator())


@pytest.mark.slow
@needs_314
def test_sub_interpreters_run_your_task_with_the_sync_loops_results(venv314, tmp_path):
    record = run_314(venv314, tmp_path, TINY, "square")
    assert record["outcome"] == {"status": "ok", "reason": None}
    assert record["experiment"] == "tiny/interpreter_pool_map"


@pytest.mark.slow
@needs_314
def test_a_task_sub_interpreters_cannot_import_is_skipped_with_the_reason(venv314, tmp_path):
    """A module built for one interpreter only refuses sub-interpreters: the
    run is recorded as skipped, saying why, and the job goes on."""
    task_file = tmp_path / "single_phase.py"
    task_file.write_text("import _testsinglephase\n\ndef task(item):\n    return item\n")
    record = run_314(venv314, tmp_path, task_file, "task")
    assert record["outcome"]["status"] == "skipped"
    assert record["elapsed_s"] is None
    assert "does not support loading in subinterpreters" in record["outcome"]["reason"]
