"""Your workload's task going wrong in the pipeline: a worker killed, a
worker hanging and a process left running, each model's outcome saying so and
the report made; a profile that exits failing the pipeline with its reason on
the terminal; Ctrl-C or SIGTERM ending a hanging pipeline within seconds."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from project import copy_project, snakemake
from script_runner import running_with, wait_until

FAULTY = Path(__file__).resolve().parent / "faulty_workload.py"


@pytest.fixture(autouse=True)
def nothing_left_running(tmp_path):
    yield
    marks = (str(tmp_path), str(FAULTY), "sleep 577")
    assert wait_until(lambda: not running_with(*marks), timeout=5), running_with(*marks)


def faulty_project(tmp_path, workloads):
    project = copy_project(tmp_path / "project")
    overlay = {
        "machine": "faulty",
        "repeats": 1,
        "min_timed_s": 0,
        "experiments": ["sync_loop", "thread_pool_map", "process_pool_submit"],
        "workloads": {
            name: {"task": f"{FAULTY}:{task}", "inputs": f"{FAULTY}:items", **more}
            for name, (task, more) in workloads.items()
        },
    }
    (project / "config.yaml").write_text(json.dumps(overlay))
    return project


@pytest.mark.slow
def test_a_pipeline_with_faulty_tasks_measures_the_rest_and_says_what_happened(tmp_path):
    """A worker killed, a worker hanging, a process left running: each
    model's outcome says so, the other models are measured, the report is
    made and names them, and nothing is left running."""
    quick = {"min_deadline_s": 3, "deadline_factor": 1}
    project = faulty_project(
        tmp_path,
        {
            "leaky": ("leaves_a_sleep", {}),
            "dying": ("killed_in_workers", {}),
            "hanging": ("hangs_in_workers", quick),
        },
    )
    result = snakemake(project, "--cores", "1", "all")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    runs = project / "results/faulty/runs"

    def outcome(workload, model):
        return json.loads((runs / workload / model / "1.json").read_text())["outcome"]

    for workload in ("leaky", "dying", "hanging"):
        for model in ("sync_loop", "thread_pool_map"):
            assert outcome(workload, model)["status"] == "ok"
    assert outcome("leaky", "process_pool_submit")["status"] == "ok"
    assert outcome("dying", "process_pool_submit")["status"] == "failed"
    assert outcome("hanging", "process_pool_submit") == {
        "status": "timed out",
        "reason": "workload hanging: hanging/process_pool_submit: did not finish in 3 s, "
        "7 of 8 items done",
    }
    report = (project / "results/report.md").read_text()
    assert "After a run, the task left 1 process running (sleep); it was ended." in report
    assert (
        "not measured, workload dying: dying/process_pool_submit: a worker process died "
        "(killed by SIGKILL)" in report
    )
    assert "not measured, workload hanging: hanging/process_pool_submit: did not finish" in report


@pytest.mark.slow
def test_a_profile_that_exits_fails_the_pipeline_naming_item_and_cause(tmp_path):
    project = faulty_project(tmp_path, {"exiting": ("exits_on_2", {})})
    result = snakemake(project, "--cores", "1", "all")
    assert result.returncode != 0
    said = "fatal: workload exiting: the task exited with status 3 on item 2 (2)"
    assert said in (project / "logs/faulty/workloads/exiting/profile.log").read_text()
    assert said in result.stdout + result.stderr  # on the terminal too


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_ends_a_hanging_pipeline_within_seconds(tmp_path, signum):
    """The profile of one workload hangs, and a model run of another leaves
    a process running: the pipeline, sent Ctrl-C or SIGTERM (to its process
    group, as a terminal, systemd or SLURM's scancel do), ends within seconds,
    and nothing is left. (Snakemake alone, sent SIGTERM, waits for its running
    jobs: their deadlines bound that wait.)"""
    project = faulty_project(
        tmp_path, {"leaky": ("leaves_a_sleep", {}), "hanging": ("hangs_on_3", {})}
    )
    run = subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "1", "all"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    hanging = "workloads/hanging/profile.json"
    try:
        assert wait_until(lambda: len(running_with(hanging)) >= 2, timeout=120)
        time.sleep(1)  # inside the hang
        os.killpg(run.pid, signum)
        started = time.monotonic()
        assert run.wait(timeout=30) != 0
        assert time.monotonic() - started < 15
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert not (project / "results/faulty/workloads/hanging/profile.json").exists()
