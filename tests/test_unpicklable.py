"""Your own workload whose results or items cannot be pickled: profiled all
the same, run and checked by every model that needs no pickling, skipped
(saying what could not be pickled) by those that do; and a task given as an
async def refused before anything runs."""

import json
import pickle
import threading

import pytest
from concurrency_bench import workloads
from concurrency_bench.record.run_record import load_record
from concurrency_bench.run import calibration
from concurrency_bench.workflow import pipeline
from concurrency_bench.workloads.function import read_profile
from concurrency_bench.workloads.function.expected import Kept, kept, to_keep, unpicklable
from concurrency_bench.workloads.references import check_reference, load_task

from project import REPO, copy_project, dry_run, snakemake
from script_runner import run_script

TINY = REPO / "tests/tiny_workload.py"
REFUSED = "results of `{}:square_or_function` cannot be pickled (item 3: a function)"


def profile_of(tmp_path, task="square_or_function", inputs="items", *more):
    output = tmp_path / "profile" / "profile.json"
    args = ["--workload", "tiny", "--task", f"{TINY}:{task}", "--inputs", f"{TINY}:{inputs}"]
    calibration.main([*args, *more, "--output", str(output)])
    return output


def test_results_that_cannot_be_pickled_are_recorded_not_refused(tmp_path, capsys):
    output = profile_of(tmp_path)
    profile = json.loads(output.read_text())
    refused = profile["unpicklable"]
    assert (refused["what"], refused["index"], refused["type"]) == ("results", 3, "function")
    assert refused["said"] == REFUSED.format(TINY)
    assert profile["item_bytes"] is None and profile["transfer_s"] is None
    # The function's repr names its address: it is compared by its type alone.
    assert profile["results_checked"] == "in part"
    facts, expected, said = read_profile(output)
    assert said == REFUSED.format(TINY) and facts["results_checked"] == "in part"
    assert [k.by for k in expected] == ["repr"] * 3 + ["type"] + ["repr"] * 16
    assert "cannot be pickled (item 3: a function): no process can run this" in (
        capsys.readouterr().err
    )


def test_results_whose_repr_every_process_prints_alike_are_checked_by_it(tmp_path, host):
    output = profile_of(tmp_path, "local_point")
    assert json.loads(output.read_text())["results_checked"] == "repr"
    result, _ = run_model("thread_pool_map", tmp_path, host, "local_point")
    assert result.returncode == 0, result.stderr


def test_items_that_cannot_be_pickled_are_named_and_the_results_kept_as_they_are(tmp_path):
    output = profile_of(tmp_path, "type_name", "items_and_a_lock")
    profile = json.loads(output.read_text())
    said = f"items of `{TINY}:items_and_a_lock` cannot be pickled (item 3: a lock)"
    assert profile["unpicklable"]["said"] == said
    assert profile["results_checked"] == "equal"
    expected = pickle.loads((output.parent / "expected.pickle").read_bytes())
    assert expected == ["int", "int", "int", "lock"]


def test_a_task_async_is_compared_with_the_task_as_the_models_are(tmp_path):
    async_task = f"{TINY}:square_or_function_async"
    profile = json.loads(
        profile_of(tmp_path, "square_or_function", "items", "--task-async", async_task).read_text()
    )
    assert profile["task_async"] == async_task


def test_what_everything_pickles_is_none_and_the_results_are_kept_as_they_are():
    assert unpicklable([1, 2], [1, 4], "f.py:inputs", "f.py:task") is None
    assert to_keep([1, 4], None) == ([1, 4], "equal")


@pytest.mark.parametrize(
    "result, by",
    [
        (42, "repr"),
        ({"a": [1, 2.5, "x"], "b": (None, b"y")}, "repr"),
        ({3, 1, 2}, "repr"),  # integers: the same order in every process
        (lambda: 1, "type"),  # an address
        (threading.Lock(), "type"),
        ({"x", "y"}, "type"),  # strings: their order follows the process's hashes
        ([{"k": frozenset(["a"])}], "type"),
    ],
)
def test_a_result_is_kept_by_its_repr_only_where_every_process_prints_it_alike(result, by):
    assert kept(result).by == by


def test_kept_results_compare_by_digest_or_type_and_show_the_result():
    assert kept([1, 2]) == kept([1, 2]) and kept([1, 2]) != kept([2, 1])
    assert kept(lambda: 1) == kept(lambda: 2)  # both functions: all a type can tell
    assert kept(lambda: 1) != kept(1)
    assert repr(kept("x" * 200)).endswith("...") and isinstance(kept(1), Kept)
    assert pickle.loads(pickle.dumps(kept(5))) == kept(5)


def run_model(model, tmp_path, host, task="square_or_function", inputs="items", *more):
    profile = tmp_path / "profile" / "profile.json"
    if not profile.exists():
        profile_of(tmp_path, task, inputs)
    output = tmp_path / f"{model}.json"
    result = run_script(
        model,
        *("--workload", "tiny", "--task", f"{TINY}:{task}", "--inputs", f"{TINY}:{inputs}"),
        *("--profile", profile, "--host-info", host, "--output", output, *more),
        cwd=tmp_path,
    )
    return result, output


@pytest.mark.parametrize("model", ["sync_loop", "thread_pool_map"])
def test_models_that_need_no_pickling_run_and_check_the_results(model, tmp_path, host, validator):
    result, output = run_model(model, tmp_path, host)
    assert result.returncode == 0, result.stderr
    record = load_record(output, validator)
    assert record["outcome"] == {"status": "ok", "reason": None}
    assert record["params"]["results_checked"] == "in part"


@pytest.mark.parametrize(
    "model, who", [("process_pool_map", "processes"), ("dask_distributed", "a cluster's workers")]
)
def test_models_that_pickle_are_skipped_naming_what_could_not_be(
    model, who, tmp_path, host, validator
):
    result, output = run_model(model, tmp_path, host, "square_or_function", "items", "--workers", 2)
    assert result.returncode == 0, result.stderr
    record = load_record(output, validator)
    assert record["outcome"] == {
        "status": "skipped",
        "reason": f"{REFUSED.format(TINY)}: {who} need them pickled",
    }
    assert record["elapsed_s"] is None


def test_items_that_cannot_be_pickled_skip_the_process_pools(tmp_path, host, validator):
    result, output = run_model(
        "process_pool_submit", tmp_path, host, "type_name", "items_and_a_lock", "--workers", 2
    )
    assert result.returncode == 0, result.stderr
    reason = load_record(output, validator)["outcome"]["reason"]
    assert (
        reason
        == f"items of `{TINY}:items_and_a_lock` cannot be pickled (item 3: a lock): processes need them pickled"
    )


def test_a_result_other_than_the_sync_loops_still_fails_by_its_repr(tmp_path, host):
    """The sync loop's results kept by repr: item 0's 4 against another task's 4 ... differs."""
    profile_of(tmp_path)
    result, output = run_model("thread_pool_map", tmp_path, host, "wrong_or_function")
    assert result.returncode != 0
    assert "returned another result than the sync loop for item 0 (2): 5 instead of 4" in (
        result.stderr
    )
    assert not output.exists()


def test_a_coroutine_function_given_as_the_task_is_refused_naming_both_keys(tmp_path):
    source = tmp_path / "w.py"
    source.write_text("async def fetch(x):\n    return x\ndef inputs():\n    return [1]\n")
    with pytest.raises(
        workloads.WorkloadError,
        match=r"workloads\.w\.task: fetch in .* is a coroutine function \(async def\): "
        r"give it as workloads\.w\.task_async",
    ):
        check_reference(f"{source}:fetch", "workloads.w.task", async_key="workloads.w.task_async")
    check_reference(f"{source}:fetch", "workloads.w.task_async", coroutine=True)
    with pytest.raises(
        pipeline.ConfigError, match=r"workloads\.w\.task: .*workloads\.w\.task_async"
    ):
        pipeline.check_workloads({"w": {"task": f"{source}:fetch", "inputs": f"{source}:inputs"}})
    # Imported (by a job given it by hand), it is refused the same.
    with pytest.raises(
        workloads.WorkloadError, match=r"workloads\.w\.task: .*workloads\.w\.task_async"
    ):
        load_task(f"{TINY}:square_async", "workloads.w.task")


@pytest.mark.slow
def test_the_dry_run_refuses_an_async_def_as_the_task(project):
    overlay = {
        "experiments": ["sync_loop", "thread_pool_map"],
        "workloads": {"tiny": {"task": f"{TINY}:square_async", "inputs": f"{TINY}:items"}},
    }
    result = dry_run(project, overlay)
    said = result.stdout + result.stderr
    assert result.returncode != 0
    assert "config: workloads.tiny.task: square_async in " in said, said[-2000:]
    assert "give it as workloads.tiny.task_async" in said
    assert "run_experiment" not in said


@pytest.mark.slow
def test_results_that_cannot_be_pickled_run_to_the_report(tmp_path):
    """The sync loop and the thread pool measured and checked, the process pool
    recorded as skipped, saying why, and the report made."""
    project = copy_project(tmp_path / "project")
    overlay = {
        "machine": "unpicklable",
        "repeats": 1,
        "min_timed_s": 0,
        "experiments": ["sync_loop", "thread_pool_map", "process_pool_map"],
        "workloads": {"tiny": {"task": f"{TINY}:square_or_function", "inputs": f"{TINY}:items"}},
    }
    (project / "config.yaml").write_text(json.dumps(overlay))
    result = snakemake(project, "--cores", "1", "all")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    runs = project / "results/unpicklable/runs/tiny"
    outcomes = {
        model: json.loads((runs / model / "1.json").read_text())["outcome"]
        for model in ("sync_loop", "thread_pool_map", "process_pool_map")
    }
    assert outcomes["sync_loop"]["status"] == outcomes["thread_pool_map"]["status"] == "ok"
    assert outcomes["process_pool_map"] == {
        "status": "skipped",
        "reason": f"{REFUSED.format(TINY)}: processes need them pickled",
    }
    checked = json.loads((runs / "thread_pool_map/1.json").read_text())["params"]
    assert checked["results_checked"] == "in part"
    report = (project / "results/report.md").read_text()
    assert "its items or results cannot be pickled: no process can run them" in report
    assert (
        f"`tiny/process_pool_map`: ProcessPoolExecutor.map(chunksize=Pool's): skipped, "
        f"{REFUSED.format(TINY)}: processes need them pickled" in report
    )
    assert "checked against the sync loop's by their repr (they cannot be pickled)" in report
    # A model never run has no bound in its workload's section.
    assert "- `tiny/process_pool_map`: skipped, no bound." in report
