"""A job dies with the shell that started it: SIGKILL of Snakemake's shell
leaves no process of the job (nor its target) and no record."""

import signal
import subprocess
import sys
import time

import psutil

from script_runner import is_gone, process_tree, script, wait_until


def test_sigkill_of_the_jobs_shell_ends_the_job_without_a_record(tmp_path):
    output = tmp_path / "run.json"
    command = f"{sys.executable} {script('io-bound_sync')} --n-requests 30 --delay 0.1 -o {output}"
    shell = subprocess.Popen(["bash", "-c", f"{command}; true"], cwd=tmp_path)
    # Wait until the experiment and its target run under the shell.
    assert wait_until(lambda: len(process_tree(shell.pid)) >= 3, timeout=20)
    job = process_tree(shell.pid)[1:]
    time.sleep(0.5)  # inside the timed region
    shell.send_signal(signal.SIGKILL)
    shell.wait()
    assert wait_until(lambda: all(is_gone(p) for p in job), timeout=10), [
        p.cmdline() for p in job if not is_gone(p)
    ]
    time.sleep(4)  # the run would have finished by now
    assert not output.exists()
    assert not [
        p
        for p in psutil.process_iter(["cmdline"])
        if str(output) in " ".join(p.info["cmdline"] or [])
    ]


def test_a_slurm_job_names_its_job_node_and_partition(monkeypatch):
    from concurrency_bench.run import lifecycle

    monkeypatch.setenv("SLURM_JOB_ID", "42")
    monkeypatch.setenv("SLURMD_NODENAME", "node7")
    monkeypatch.setenv("SLURM_JOB_PARTITION", "fast")
    assert lifecycle.cluster_job() == {
        "slurm_job_id": "42",
        "slurm_node": "node7",
        "slurm_partition": "fast",
    }
    # A SLURM variable left in the environment is no SLURM job without a job id.
    monkeypatch.delenv("SLURM_JOB_ID")
    assert lifecycle.cluster_job() == dict.fromkeys(lifecycle.SLURM)
