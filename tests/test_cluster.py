"""The whole .test pipeline under a cluster executor, with a local stand-in for sbatch.

Snakemake's cluster-generic executor hands every job to a submit command, as it
would to sbatch, and asks a status command how the job is doing, as it would ask
sacct. Here the submit command starts the job script detached (its own session,
output to a file) on this machine and prints a job id; the status command answers
from the exit-code file the job leaves behind, or from `kill -0` while it runs.
Each job is then a separate Snakemake process that parses the workflow again,
starts its own embedded target and records its own host, as on a real node.

The SLURM profile (profiles/slurm) is checked here too: its settings are dry-run
under cluster-generic, on any machine (test_slurm.py runs it on a real SLURM).
"""

import itertools
import json
import re
import shlex
import socket
import stat
import time
from datetime import datetime

import psutil
import pytest
import yaml
from concurrency_bench.record.run_record import load_record, make_validator

from project import REPO, copy_project, snakemake

# Every test here runs Snakemake: make test-fast leaves them out.
pytestmark = pytest.mark.slow

MACHINE = "cluster-node"
# Each cluster job is a Snakemake process of its own that parses the workflow
# again: a few experiments of each kind (and the .test config's sweep) show the
# executor at work; every experiment runs in test_pipeline.py.
EXPERIMENTS = ["io-bound_sync", "io-bound_concurrent_1", "cpu-bound_sync", "cpu-bound_parallel_1"]
# Seconds the processes of a finished job get to disappear after Snakemake exits.
GRACE_S = 5.0

SUBMIT = """\
#!/bin/sh
# A local sbatch: start the job script detached, in its own session (so that
# its process group id is its pid), output to a file; print the job id at once.
set -eu
job=$(mktemp {spool}/job.XXXXXX)
setsid sh -c '"$1" > "$2.out" 2>&1; echo $? > "$2.rc.tmp"; mv "$2.rc.tmp" "$2.rc"' \\
    job "$1" "$job" < /dev/null > /dev/null 2>&1 &
echo $! > "$job.pid"
basename "$job"
"""

STATUS = """\
#!/bin/sh
# A local sacct: running, success or failed, for one job id.
job={spool}/$1
answer() {{
    if [ -f "$job.rc" ]; then
        if [ "$(cat "$job.rc")" = 0 ]; then echo success; else echo failed; fi
        exit 0
    fi
}}
answer
if kill -0 "$(cat "$job.pid")" 2> /dev/null; then echo running; exit 0; fi
answer  # it may have finished between the two looks
echo failed
"""

CANCEL = """\
#!/bin/sh
# A local scancel: stop each job's whole process group (Ctrl-C on Snakemake).
for id in "$@"; do
    kill -TERM -- "-$(cat {spool}/"$id".pid)" 2> /dev/null || true
done
"""


def write_script(path, text):
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


def cluster_command(spool, overlay):
    """The command-line arguments of the cluster run, after `python -m snakemake`."""
    quoted = shlex.quote(str(spool))
    submit, status, cancel = (
        write_script(spool / name, text.format(spool=quoted))
        for name, text in [("submit.sh", SUBMIT), ("status.sh", STATUS), ("cancel.sh", CANCEL)]
    )
    return [
        "all",
        "--configfile",
        ".test/config.yaml",
        str(overlay),
        "--config",
        f"machine={MACHINE}",
        "--executor",
        "cluster-generic",
        "--cluster-generic-submit-cmd",
        submit,
        "--cluster-generic-status-cmd",
        status,
        "--cluster-generic-cancel-cmd",
        cancel,
        "--jobs",
        "2",
        "--seconds-between-status-checks",
        "1",
        "--latency-wait",
        "2",
    ]


def processes_under(root):
    """{pid: command line} of the live processes that mention `root` in their
    command line or run in a folder under it."""
    found = {}
    for process in psutil.process_iter(["pid", "cmdline", "cwd", "status"]):
        info = process.info
        if info["status"] == psutil.STATUS_ZOMBIE:
            continue
        cmdline = " ".join(info["cmdline"] or [])
        if str(root) in cmdline or str(info["cwd"] or "").startswith(str(root)):
            found[info["pid"]] = cmdline
    return found


def left_behind(root, before):
    """The processes under `root` that were not there before and are still
    there after GRACE_S; they are then stopped (by pid), so the test leaves
    nothing either."""
    deadline = time.monotonic() + GRACE_S
    while True:
        left = {p: c for p, c in processes_under(root).items() if p not in before}
        if not left or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    processes = []
    for pid in left:
        try:
            process = psutil.Process(pid)
            process.terminate()
            processes.append(process)
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(processes, timeout=5)
    for process in alive:
        process.kill()
    return left


@pytest.fixture(scope="module")
def cluster_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("cluster")
    project = copy_project(root / "project")
    spool = root / "spool"
    spool.mkdir()
    overlay = root / "cluster.yaml"  # outside the project
    overlay.write_text(yaml.safe_dump({"experiments": EXPERIMENTS}))
    args = cluster_command(spool, overlay)
    before = set(processes_under(root))
    started = time.monotonic()
    try:
        result = snakemake(project, *args, timeout=180)
    finally:
        elapsed = time.monotonic() - started
        left = left_behind(root, before)
    print(f"\ncluster run: {elapsed:.1f} s: python -m snakemake {shlex.join(args)}")
    return {"project": project, "spool": spool, "result": result, "left": left}


def pipeline_config(project):
    """The config of the cluster run: .test's, with the experiments above."""
    with open(project / ".test/config.yaml") as config:
        return {**yaml.safe_load(config), "experiments": EXPERIMENTS}


def sweep_records(project):
    return sorted(project.glob(f"results/{MACHINE}/sweeps/*/*/*/*.json"))


def records(project):
    """Every run record of the machine: the experiments' and the sweeps'."""
    runs = sorted(project.glob(f"results/{MACHINE}/runs/*/*.json"))
    return runs + sweep_records(project)


def test_pipeline_succeeds_under_the_cluster_executor(cluster_run):
    result = cluster_run["result"]
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    assert (cluster_run["project"] / "results/report.md").stat().st_size > 0


def test_every_job_went_through_the_submit_command(cluster_run):
    # describe_host, every timed run and the aggregation rules; rule all has
    # no command and is done by the main process.
    jobs = sorted(cluster_run["spool"].glob("job.*.rc"))
    timed = records(cluster_run["project"])
    assert len(jobs) > 1 + len(timed), cluster_run["result"].stderr[-3000:]
    assert [job.read_text().strip() for job in jobs] == ["0"] * len(jobs)
    logs = "\n".join(
        job.with_name(job.name.removesuffix(".rc") + ".out").read_text() for job in jobs
    )
    for rule in ["describe_host", "run_experiment", "markdown_report"]:
        assert f"rule {rule}:" in logs


def test_every_experiment_and_sweep_point_has_its_records(cluster_run):
    project = cluster_run["project"]
    config = pipeline_config(project)
    for experiment in config["experiments"]:
        for repeat in range(1, config["repeats"] + 1):
            path = project / f"results/{MACHINE}/runs/{experiment}/{repeat}.json"
            assert path.exists(), path
    points = sum(
        len(sweep["experiments"]) * len(sweep["values"])
        for sweep in (config.get("sweeps") or {}).values()
    )
    assert len(sweep_records(project)) == points * config.get("sweep_repeats", 1)


def test_every_record_is_valid_and_names_its_own_host(cluster_run):
    validator = make_validator()
    paths = records(cluster_run["project"])
    assert paths
    for path in paths:
        record = load_record(path, validator)
        assert record["machine"] == MACHINE
        assert record["errors"]["count"] == 0
        assert record["environment"]["hostname"] == socket.gethostname()
        if record["workload"] == "http":  # the job started its own target
            assert record["params"]["target_embedded"]


def span(start, end):
    return datetime.fromisoformat(start), datetime.fromisoformat(end)


def assert_disjoint(spans):
    ordered = sorted(spans.items(), key=lambda item: item[1])
    for (name, (_, end)), (next_name, (start, _)) in itertools.pairwise(ordered):
        assert end <= start, f"{name} (until {end}) overlaps {next_name} (from {start})"


def test_benchmark_slot_holds_under_the_cluster_executor(cluster_run):
    # --jobs 2 would let two experiments run at once; the one benchmark_slot must not.
    project = cluster_run["project"]
    loaded = {
        str(path.relative_to(project)): json.loads(path.read_text()) for path in records(project)
    }
    assert_disjoint({n: span(r["started_at"], r["finished_at"]) for n, r in loaded.items()})
    # Not only the timed regions: the whole experiment processes never overlap.
    assert_disjoint(
        {
            name: span(r["job"]["process_started_at"], r["job"]["finished_at"])
            for name, r in loaded.items()
        }
    )


def test_no_process_of_the_run_is_left(cluster_run):
    assert cluster_run["left"] == {}, "left running:\n" + "\n".join(
        f"{pid}: {command}" for pid, command in cluster_run["left"].items()
    )


# The SLURM profile ---------------------------------------------------------


@pytest.fixture(scope="module")
def profile():
    with open(REPO / "profiles/slurm/config.yaml") as config:
        return yaml.safe_load(config)


def test_slurm_profile_keys_are_snakemake_options(profile, tmp_path):
    assert profile["executor"] == "slurm"
    result = snakemake(tmp_path, "--help")
    options = set(re.findall(r"--[a-z][a-z0-9-]*", result.stdout))
    assert {f"--{key}" for key in profile} <= options


def resources_per_rule(dry_run_stdout):
    """{rule: [the 'resources:' line of each of its jobs]} from a dry run."""
    found, rule = {}, None
    for line in dry_run_stdout.splitlines():
        if match := re.match(r"(?:local)?(?:rule|checkpoint) (\w+):", line):
            rule = match.group(1)
            found.setdefault(rule, [])
        elif rule and line.strip().startswith("resources:"):
            found[rule].append(line.strip())
    return found


def test_slurm_profile_gives_benchmark_jobs_whole_nodes(profile, tmp_path):
    # The same profile under cluster-generic: core Snakemake parses every key,
    # and the dry run shows each job's resources as the slurm plugin gets them.
    # The .test config has every kind of job, sweeps included; the two studies
    # switched on add a study job each.
    project = copy_project(tmp_path / "project")
    scale = tmp_path / "scale.yaml"
    scale_sweep = {"experiments": ["io-bound_sync"], "param": "n_requests", "values": [5, 10]}
    share_sweep = {"experiments": ["scrape_sync"], "param": "passes", "values": [1, 2]}
    studies = {"scale": {"sweeps": ["scale"]}, "crossover": {"sweeps": ["cpu_share"]}}
    sweeps = {"scale": scale_sweep, "cpu_share": share_sweep}
    scale.write_text(yaml.safe_dump({"sweeps": sweeps, "studies": studies}))
    swapped = {
        **profile,
        "executor": "cluster-generic",
        "cluster-generic-submit-cmd": "false",
    }
    (project / "profiles/swapped").mkdir(parents=True)
    (project / "profiles/swapped/config.yaml").write_text(yaml.safe_dump(swapped))
    listed = snakemake(project, "--list-rules", "--cores", "1")
    assert listed.returncode == 0, listed.stderr[-3000:]
    result = snakemake(
        project,
        "--profile",
        "profiles/swapped",
        "-n",
        "--configfile",
        ".test/config.yaml",
        str(scale),
        "--config",
        f"machine={MACHINE}",
        "--default-resources",
        "slurm_partition=p1",
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    jobs = resources_per_rule(result.stdout)
    # Every rule of the workflow (but all, which runs nothing) has its resources
    # set, and there is no other name.
    rules = set(listed.stdout.split()) - {"all"}
    assert set(profile["set-resources"]) == rules
    # python_env runs only for the interpreters of `pythons:`, profile_workload
    # only for the workloads of `workloads:`, both empty here.
    unused = {"python_env", "profile_workload"}
    assert set(jobs) - {"all"} == rules - unused, "the dry run leaves out some rule"
    alone_rules = set()
    for rule, lines in jobs.items():
        if rule == "all":
            continue
        assert lines, rule
        benchmark = "benchmark_slot=1" in lines[0]
        if benchmark:
            alone_rules.add(rule)
        for line in lines:
            assert "slurm_partition=p1" in line  # from the command line
            # A whole node for exactly the jobs that claim the benchmark slot.
            alone = "slurm_extra=--exclusive" in line and "nodes=1" in line
            assert alone == benchmark, f"{rule}: {line}"
    assert {"run_experiment", "describe_host"} <= alone_rules
