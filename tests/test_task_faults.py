"""A task of yours that hangs, exits, crashes, loses a worker or leaves a
process running: stopped at a deadline, the item and the cause named, what it
started ended (checked by walking /proc), the other models still measured and
what was measured kept. What a task starts can be stopped with SIGTERM."""

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from concurrency_bench.record.run_record import load_record

from script_runner import run_script, running_with, script, wait_until

FAULTY = Path(__file__).resolve().parent / "faulty_workload.py"


@pytest.fixture(autouse=True)
def nothing_left_running(tmp_path):
    """After every test: no process of its folder or of this workload, nor a
    `sleep 577` a task started."""
    yield
    marks = (str(tmp_path), str(FAULTY), "sleep 577")
    assert wait_until(lambda: not running_with(*marks), timeout=5), running_with(*marks)


def profile_command(task, output, timeout=30):
    return [
        sys.executable,
        "-m",
        "concurrency_bench.run.calibration",
        *("--workload", "faulty", "--task", f"{FAULTY}:{task}", "--inputs", f"{FAULTY}:items"),
        *("--output", str(output), "--timeout", str(timeout)),
    ]


def profile(task, tmp_path, timeout=30):
    """The profile job of a task, as the workflow runs it: (its result, profile.json)."""
    output = tmp_path / task / "profile.json"
    result = subprocess.run(
        profile_command(task, output, timeout),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return result, output


def model_run(model, task, tmp_path, host, *more):
    """A model's run of the task after its profile: (its result, its record's path)."""
    _, profiled = profile(task, tmp_path)
    assert profiled.exists()
    output = tmp_path / task / f"{model}.json"
    result = run_script(
        model,
        *("--workload", "faulty", "--task", f"{FAULTY}:{task}", "--inputs", f"{FAULTY}:items"),
        *("--profile", profiled, "--host-info", host, "--output", output),
        *more,
        cwd=tmp_path,
    )
    return result, output


def test_a_profile_that_hangs_stops_at_its_deadline_naming_the_item(tmp_path):
    started = time.monotonic()
    result, output = profile("hangs_on_3", tmp_path, timeout=3)
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    assert (
        "fatal: workload faulty: item 3 (3) did not finish in 3 s: the profile reached its "
        "deadline of 3 s (workloads.faulty.timeout_s)"
    ) in result.stderr
    assert not output.exists()


@pytest.mark.parametrize(
    "task, said",
    [
        ("exits_on_2", "the task exited with status 3 on item 2 (2)"),
        ("os_exits_on_2", "the task exited with status 3 on item 2 (2)"),
        ("segfaults_on_4", "the task's process was killed by SIGSEGV on item 4 (4)"),
    ],
    ids=["sys.exit", "os._exit", "segfault"],
)
def test_a_profile_whose_task_exits_or_crashes_names_the_item_and_the_cause(tmp_path, task, said):
    result, output = profile(task, tmp_path)
    assert result.returncode == 1
    assert f"fatal: workload faulty: {said}\n" in result.stderr
    assert not output.exists()


def test_a_crash_leaves_its_traceback_in_the_log(tmp_path):
    result, _ = profile("segfaults_on_4", tmp_path)
    assert "Fatal Python error: Segmentation fault" in result.stderr
    assert f'File "{FAULTY}", line' in result.stderr  # faulthandler's traceback, in the task


def test_a_profile_ends_what_its_task_left_running(tmp_path):
    result, output = profile("leaves_a_sleep", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "the task left 1 process running (sleep); it was ended" in result.stderr
    assert output.exists()


@pytest.mark.parametrize("model", ["sync_loop", "thread_pool_map", "process_pool_submit"])
def test_a_model_run_whose_task_calls_sys_exit_fails_saying_so(model, tmp_path, host):
    """By hand, without the profile that would have stopped first."""
    result = run_script(
        model,
        *("--workload", "faulty", "--task", f"{FAULTY}:exits_on_2", "--inputs", f"{FAULTY}:items"),
        *("--host-info", host, "--output", tmp_path / "run.json"),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert f"fatal: workload faulty: faulty/{model}: the task exited with status 3" in result.stderr
    assert not (tmp_path / "run.json").exists()


def test_a_model_run_that_hangs_is_recorded_timed_out_with_the_items_done(
    tmp_path, host, validator
):
    # Its threads run in the profile's process: they do not hang ...
    ok, kept = model_run("thread_pool_map", "hangs_in_workers", tmp_path, host)
    assert ok.returncode == 0, ok.stderr
    measured = kept.read_bytes()
    # ... but its worker processes do, on item 3.
    started = time.monotonic()
    quick = ("--min-deadline", 3, "--deadline-factor", 1)
    result, output = model_run(
        "process_pool_submit", "hangs_in_workers", tmp_path, host, "--workers", 2, *quick
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 0, result.stderr  # the other models still run
    record = load_record(output, validator)
    reason = "workload faulty: faulty/process_pool_submit: did not finish in 3 s, 7 of 8 items done"
    assert record["outcome"] == {"status": "timed out", "reason": reason}
    assert f"timed out: {reason}" in result.stderr
    assert kept.read_bytes() == measured  # what was measured is kept


@pytest.mark.parametrize("start_method", ["fork", "spawn", "forkserver"])
def test_a_worker_killed_by_sigkill_fails_its_model_and_the_others_run(
    start_method, tmp_path, host, validator
):
    result, output = model_run(
        "process_pool_map",
        "killed_in_workers",
        tmp_path,
        host,
        *("--workers", 2, "--start-method", start_method),
    )
    assert result.returncode == 0, result.stderr
    record = load_record(output, validator)
    assert record["outcome"]["status"] == "failed"
    assert record["outcome"]["reason"].startswith(
        "workload faulty: faulty/process_pool_map: a worker process died (killed by SIGKILL) "
        "(BrokenProcessPool: "
    )
    other, kept = model_run("thread_pool_map", "killed_in_workers", tmp_path, host)
    assert other.returncode == 0, other.stderr
    assert load_record(kept, validator)["outcome"]["status"] == "ok"


def test_a_joblib_worker_killed_fails_its_model_naming_the_signal(tmp_path, host, validator):
    result, output = model_run("joblib_parallel", "killed_in_workers", tmp_path, host)
    assert result.returncode == 0, result.stderr
    reason = load_record(output, validator)["outcome"]["reason"]
    assert reason.startswith(
        "workload faulty: faulty/joblib_parallel: a worker process died (killed by SIGKILL) "
        "(TerminatedWorkerError: "
    )
    assert "\n" not in reason


@pytest.mark.parametrize("model", ["sync_loop", "process_pool_submit"])
def test_a_model_run_ends_and_records_what_its_task_left_running(model, tmp_path, host, validator):
    result, output = model_run(model, "leaves_a_sleep", tmp_path, host)
    assert result.returncode == 0, result.stderr
    record = load_record(output, validator)
    assert record["outcome"]["status"] == "ok"
    assert record["left_running"] == {"n": 1, "names": ["sleep"]}
    assert "note: the task left 1 process running (sleep); it was ended" in result.stderr


@pytest.mark.parametrize(
    "model, more",
    [
        ("joblib_parallel", ()),
        ("process_pool_submit", ("--start-method", "forkserver")),
        ("dask_distributed", ()),
    ],
)
def test_a_pools_own_helpers_are_not_the_tasks_leftovers(model, more, tmp_path, host, validator):
    """loky's workers, multiprocessing's resource tracker and forkserver
    outlive the run by design and end with the job: nothing the task left."""
    result, output = model_run(model, "same", tmp_path, host, *more)
    assert result.returncode == 0, result.stderr
    record = load_record(output, validator)
    assert record["outcome"]["status"] == "ok"
    assert record["left_running"] == {"n": 0, "names": []}
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("model", ["sync_loop", "thread_pool_map", "process_pool_submit"])
def test_a_program_the_task_starts_has_sigterm_and_sigint_unblocked(
    model, tmp_path, host, validator
):
    """The task reads the SigBlk of the program it starts; every model must
    return the profile's, which is that neither signal is blocked."""
    result, output = model_run(model, "blocked_signals_of_a_child", tmp_path, host)
    expected = pickle.loads((tmp_path / "blocked_signals_of_a_child/expected.pickle").read_bytes())
    assert expected == [False] * 8
    assert result.returncode == 0, result.stderr
    assert load_record(output, validator)["outcome"]["status"] == "ok"


@pytest.mark.parametrize("model", ["sync_loop", "process_pool_submit"])
def test_a_program_the_task_starts_ends_on_sigterm(model, tmp_path, host, validator):
    result, output = model_run(model, "sigterm_ends_a_child", tmp_path, host)
    expected = pickle.loads((tmp_path / "sigterm_ends_a_child/expected.pickle").read_bytes())
    assert expected == [-signal.SIGTERM] * 8
    assert result.returncode == 0, result.stderr
    assert load_record(output, validator)["outcome"]["status"] == "ok"


def started_until_hanging(command, tmp_path, marker):
    job = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert wait_until(lambda: len(running_with(marker)) >= 2, timeout=30)
    time.sleep(1)  # well inside the hang
    return job


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_a_hanging_profile_and_all_it_started_within_seconds(tmp_path, signum):
    output = tmp_path / "profile.json"
    job = started_until_hanging(profile_command("hangs_on_3", output), tmp_path, str(output))
    job.send_signal(signum)
    assert job.wait(timeout=10) == 128 + signum
    assert f"stopped by {signal.Signals(signum).name}" in job.stderr.read()
    assert not output.exists()


def test_sigterm_ends_a_hanging_model_run_and_its_workers_within_seconds(tmp_path, host):
    _, profiled = profile("hangs_in_workers", tmp_path)
    output = tmp_path / "run.json"
    command = [
        sys.executable,
        script("process_pool_submit"),
        *("--workload", "faulty", "--task", f"{FAULTY}:hangs_in_workers"),
        *("--inputs", f"{FAULTY}:items", "--profile", str(profiled), "--workers", "2"),
        *("--host-info", str(host), "--output", str(output)),
    ]
    job = started_until_hanging(command, tmp_path, str(output))
    os.kill(job.pid, signal.SIGTERM)
    assert job.wait(timeout=10) == 128 + signal.SIGTERM
    assert not output.exists()


COUNTED = """
import sys, zlib
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrency_bench.core import traced

def task(item):
    return len(zlib.compress(bytes(range(256)) * item))

counted = []
for run in range(50):
    traced.count_done_in(traced_folder := f"{sys.argv[1]}/{run}")
    __import__("os").mkdir(traced_folder)
    pool = ThreadPoolExecutor(8) if run % 10 else ProcessPoolExecutor(2)
    with pool:
        list(pool.map(traced.Traced(task), range(1, 41)))
    counted.append(traced.items_done())
print(set(counted))
"""


def test_the_items_done_are_counted_across_threads_and_processes(tmp_path):
    """What a timed-out run says it did: every item counted once, however
    many threads start at once (under the GIL an increment is not split; in a
    child process, so that a crash fails the test, not pytest)."""
    result = subprocess.run(
        [sys.executable, "-c", COUNTED, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "{40}"
