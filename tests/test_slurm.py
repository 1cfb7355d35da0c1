"""The pipeline on a real SLURM: a single-node cluster of this machine
(profiles/slurm/local-cluster.sh), a small pipeline under profiles/slurm.

The article's sync and one pool of each workload, twice each: every run a SLURM
job of its own, submitted by the slurm executor plugin, watched with squeue,
started on the node by the jobstep plugin's srun. Then a timed run cancelled
(scancel) in its timed region: no record, and nothing of the job left. Skipped,
saying why, where the cluster cannot start (not root, no SLURM and no apt-get).
"""

import os
import shutil
import socket
import subprocess
import sys
import time

import psutil
import pytest
import yaml
from concurrency_bench.record.run_record import load_record, make_validator

from project import REPO, copy_project, snakemake
from script_runner import closed_port, is_gone, kill_all, processes_mentioning, wait_until

pytestmark = pytest.mark.slow

SCRIPT = REPO / "profiles/slurm/local-cluster.sh"
PARTITION = "local"
EXPERIMENTS = ["io-bound_sync", "io-bound_concurrent_2", "cpu-bound_sync", "cpu-bound_parallel_1"]
DAEMONS = ["munged", "slurmctld", "slurmd"]
# The label of the run that is cancelled, and the run: about 30 s of requests.
CANCELLED = "cancelled"
LONG_RUN = {"experiments": ["io-bound_sync"], "io": {"n_requests": 300}, "target": {"delay_s": 0.1}}


def why_it_cannot_start():
    """Why this machine cannot start the local cluster, or None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "the local SLURM needs root (slurmd, munged)"
    if not shutil.which("slurmd") and not shutil.which("apt-get"):
        return "no SLURM installed and no apt-get to install it (slurm-wlm, munge)"
    return None


def cluster(command, env):
    return subprocess.run(
        ["bash", str(SCRIPT), command],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def slurm_env(env):
    """The environment `eval "$(local-cluster.sh env)"` makes."""
    shown = subprocess.run(
        ["bash", "-c", f'eval "$(bash {SCRIPT} env)" && printf "%s\\n%s" "$SLURM_CONF" "$PATH"'],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    conf, path = shown.stdout.split("\n")
    return {**env, "SLURM_CONF": conf, "PATH": path}


def daemons(state):
    """{daemon: psutil.Process} from the pid files of the cluster's folder."""
    files = {name: state / "run" / f"{name}.pid" for name in DAEMONS}
    return {
        name: psutil.Process(int(file.read_text())) for name, file in files.items() if file.exists()
    }


def small_config(project, path):
    """.test's config: the few experiments, 2 repeats each, no sweep."""
    config = yaml.safe_load((project / ".test/config.yaml").read_text())
    config.update(experiments=EXPERIMENTS, repeats=2, sweeps={})
    path.write_text(yaml.safe_dump(config))
    return path


@pytest.fixture(scope="module")
def slurm_run(tmp_path_factory):
    why = why_it_cannot_start()
    if why:
        pytest.skip(why)
    root = tmp_path_factory.mktemp("slurm")
    project = copy_project(root / "project")
    state = root / "cluster"
    # Its own folder and ports: a local cluster someone started stays untouched.
    env = {**os.environ, "LOCAL_SLURM_DIR": str(state), "LOCAL_SLURM_PORT": str(closed_port())}
    started = cluster("start", env)
    started_daemons = daemons(state)
    try:
        if started.returncode != 0 and "apt-get" in started.stderr:
            pytest.skip(f"SLURM could not be installed: {started.stderr.strip()[-500:]}")
        assert started.returncode == 0, started.stderr[-3000:]
        config = small_config(project, root / "config.yaml")
        args = [
            "all",
            "--profile",
            "profiles/slurm",
            "--configfile",
            config,
            "--config",
            f"machine={PARTITION}",
            "--default-resources",
            f"slurm_partition={PARTITION}",
        ]
        begun = time.monotonic()
        result = snakemake(project, *args, timeout=900, env=slurm_env(env))
        elapsed = time.monotonic() - begun
        cancelled = cancel_a_timed_run(project, config, slurm_env(env))
    finally:
        stopped = cluster("stop", env)
        left = [p for p in started_daemons.values() if not is_gone(p)]
        left += processes_mentioning(str(root))
        kill_all(left)  # so that a failed stop leaves nothing either
    print(f"\nSLURM run: {elapsed:.1f} s")
    return {
        "project": project,
        "result": result,
        "cancelled": cancelled,
        "stopped": stopped,
        "left": left,
        "daemons": started_daemons,
    }


def cancel_a_timed_run(project, config, env):
    """Start a long timed run under the profile, scancel its job once its target
    serves (inside the timed region), and wait for Snakemake to give up."""
    overlay = project.parent / "long.yaml"
    overlay.write_text(yaml.safe_dump(LONG_RUN))
    (project / f"results/{CANCELLED}").mkdir(parents=True)
    shutil.copy(project / f"results/{PARTITION}/host.json", project / f"results/{CANCELLED}")
    record = project / f"results/{CANCELLED}/runs/io-bound_sync/1.json"
    command = [sys.executable, "-m", "snakemake", record.relative_to(project), "--profile"]
    command += ["profiles/slurm", "--configfile", config, overlay, "--config"]
    command += [f"machine={CANCELLED}", "--default-resources", f"slurm_partition={PARTITION}"]
    env = {
        **env,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(project / "src"), env.get("PYTHONPATH")])),
    }
    with open(project.parent / "cancelled.log", "w") as log:
        run = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log)
        target = str(project / "src/concurrency_bench/target/server.py")
        assert wait_until(lambda: processes_mentioning(target), timeout=180)
        jobs = subprocess.run(
            ["squeue", "-h", "-o", "%i %k"], env=env, capture_output=True, text=True, check=True
        ).stdout
        job_id = next(line.split()[0] for line in jobs.splitlines() if "run_experiment" in line)
        time.sleep(1)  # well inside the timed region
        subprocess.run(["scancel", job_id], env=env, check=True)
        returncode = run.wait(timeout=180)
    return {
        "returncode": returncode,
        "record": record,
        "log": (project / f"logs/{CANCELLED}/runs/io-bound_sync/1.log").read_text(),
        "left": processes_mentioning(str(project)),
    }


def test_the_pipeline_runs_to_the_end_on_slurm(slurm_run):
    result = slurm_run["result"]
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert "submitted with SLURM jobid" in result.stderr


def test_every_record_names_its_own_slurm_job(slurm_run):
    validator = make_validator()
    paths = sorted(slurm_run["project"].glob(f"results/{PARTITION}/runs/*/*.json"))
    assert len(paths) == 2 * len(EXPERIMENTS)
    jobs = [load_record(path, validator)["job"] for path in paths]
    ids = [job["slurm_job_id"] for job in jobs]
    assert all(ids) and len(set(ids)) == len(ids), ids  # one SLURM job per run
    assert {job["slurm_partition"] for job in jobs} == {PARTITION}
    assert {job["slurm_node"] for job in jobs} == {socket.gethostname().split(".")[0]}


def test_the_report_names_the_partition(slurm_run):
    report = (slurm_run["project"] / "results/report.md").read_text()
    assert f"| SLURM | partition {PARTITION}," in report


def test_stop_leaves_no_daemon_running(slurm_run):
    assert slurm_run["stopped"].returncode == 0, slurm_run["stopped"].stderr
    assert set(slurm_run["daemons"]) == set(DAEMONS)
    assert slurm_run["left"] == [], [p.cmdline() for p in slurm_run["left"]]


def test_a_cancelled_run_leaves_no_record_and_no_process(slurm_run):
    cancelled = slurm_run["cancelled"]
    assert cancelled["returncode"] != 0
    assert "no record written" in cancelled["log"], cancelled["log"]
    assert not cancelled["record"].exists()
    assert cancelled["left"] == [], [p.cmdline() for p in cancelled["left"]]
