"""Faults during a run and bad input: a clear message naming what failed, no
silent number, no process left behind, nothing measured lost."""

import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
import yaml
from concurrency_bench.target.embedded import SERVER

from project import REPO, copy_project, snakemake

SCRIPTS = REPO / "scripts"
MACHINE = "faulty"


def said(result):
    return result.stdout + result.stderr


def project_with(tmp_path, **overlay):
    """A fresh project whose config.yaml runs io-bound_sync (and a tiny
    cpu-bound_sync) once, plus `overlay`."""
    project = copy_project(tmp_path / "project")
    config = {
        "machine": MACHINE,
        "repeats": 1,
        "min_timed_s": 0,  # exactly `repeats` runs, however short
        "experiments": ["io-bound_sync", "cpu-bound_sync"],
        "io": {"n_requests": 10},
        "target": {"delay_s": 0.01},
        "cpu": {"stop": 1100},
    }
    for key, value in overlay.items():
        config[key] = {**config.get(key, {}), **value} if isinstance(value, dict) else value
    (project / "config.yaml").write_text(yaml.safe_dump(config))
    return project


def record_path(project, experiment="io-bound_sync", repeat=1):
    return project / f"results/{MACHINE}/runs/{experiment}/{repeat}.json"


@pytest.fixture(autouse=True)
def nothing_left_running(tmp_path):
    """After every test: no process of the test's project is still running."""
    yield
    time.sleep(0.5)
    assert processes_of(tmp_path) == []


def measured_before(project):
    """Measure the project's cpu-bound_sync run first; its bytes, to compare
    after the fault: nothing measured before a fault is lost."""
    earlier = record_path(project, "cpu-bound_sync")
    result = snakemake(project, "--cores", "1", str(earlier.relative_to(project)))
    assert result.returncode == 0, said(result)[-2000:]
    return earlier, earlier.read_bytes()


def processes_of(folder, named=""):
    """The pids of the live processes that mention `folder` in their command
    line or run in a folder under it (an embedded target runs from the
    installed bench/, in the project's folder), and whose command line
    mentions `named`."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline", "cwd", "status"]):
        info = process.info
        if info["status"] == psutil.STATUS_ZOMBIE:
            continue
        cmdline = " ".join(info["cmdline"] or [])
        inside = str(folder) in cmdline or (info["cwd"] or "").startswith(str(folder))
        if inside and named in cmdline:
            found.append(info["pid"])
    return found


def embedded_targets_of(pid):
    return [
        child
        for child in psutil.Process(pid).children()
        if "target/server.py" in " ".join(child.cmdline())
    ]


@pytest.fixture(scope="module")
def faulty_target():
    """A target on its own port: /status/<code> answers errors, /delay/<s> stalls."""
    server = subprocess.Popen(
        [sys.executable, str(SERVER), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    base = server.stdout.readline().split("serving on ", 1)[1].strip().rsplit("/ip", 1)[0]
    yield base
    server.terminate()
    server.wait(5)


@pytest.mark.slow
def test_unreachable_target_fails_before_timing(tmp_path):
    project = project_with(tmp_path, target={"url": "http://127.0.0.1:9/ip"})
    earlier, content = measured_before(project)
    result = snakemake(project, "--cores", "1", "all")
    assert earlier.read_bytes() == content
    assert result.returncode != 0
    log = (project / f"logs/{MACHINE}/runs/io-bound_sync/1.log").read_text()
    assert "target http://127.0.0.1:9/ip is unreachable" in log
    assert "Elapsed run time" not in log  # nothing was timed
    assert not record_path(project).exists()


@pytest.mark.slow
def test_http_errors_fail_the_run_naming_count_and_status(tmp_path, faulty_target):
    project = project_with(tmp_path, target={"url": f"{faulty_target}/status/500"})
    earlier, content = measured_before(project)
    result = snakemake(project, "--cores", "1", "all")
    assert earlier.read_bytes() == content
    assert result.returncode != 0
    log = (project / f"logs/{MACHINE}/runs/io-bound_sync/1.log").read_text()
    assert "10 of 10 requests" in log and "10x HTTP 500" in log and "io.max_errors" in log
    assert not record_path(project).exists()


@pytest.mark.slow
def test_errors_within_max_errors_are_recorded_not_hidden(tmp_path, faulty_target):
    project = project_with(
        tmp_path,
        io={"n_requests": 4, "max_errors": 4},
        target={"url": f"{faulty_target}/status/503"},
    )
    result = snakemake(project, "--cores", "1", str(record_path(project).relative_to(project)))
    assert result.returncode == 0, said(result)[-2000:]
    errors = json.loads(record_path(project).read_text())["errors"]
    assert errors == {"count": 4, "by_problem": {"HTTP 503": 4}}


@pytest.mark.slow
def test_a_stalling_target_times_out_within_the_timeout(tmp_path, faulty_target):
    project = project_with(
        tmp_path,
        io={"n_requests": 3, "timeout_s": 0.3},
        target={"url": f"{faulty_target}/delay/30"},
    )
    earlier, content = measured_before(project)
    result = snakemake(project, "--cores", "1", "all")
    assert earlier.read_bytes() == content
    assert result.returncode != 0
    # Each request gave up at its own timeout, not the target's 30 s.
    log = (project / f"logs/{MACHINE}/runs/io-bound_sync/1.log").read_text()
    assert "3x ReadTimeout" in log
    assert not record_path(project).exists()


def test_embedded_server_dying_mid_run_fails_the_run(tmp_path):
    script = subprocess.Popen(
        [
            sys.executable,
            str(SCRIPTS / "io-bound_sync.py"),
            "--n-requests",
            "100",
            "--delay",
            "0.2",
            "--output",
            str(tmp_path / "run.json"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 15
    while not (servers := embedded_targets_of(script.pid)):
        assert time.monotonic() < deadline, "the embedded target never started"
        time.sleep(0.05)
    time.sleep(1.0)  # well inside the 20 s timed region
    servers[0].kill()
    _, stderr = script.communicate(timeout=30)
    assert script.returncode == 1
    assert "the embedded target died during the run" in stderr
    assert not (tmp_path / "run.json").exists()


@pytest.mark.slow
def test_ctrl_c_leaves_nothing_running_and_the_next_run_resumes(tmp_path):
    project = project_with(
        tmp_path,
        experiments=["io-bound_sync", "io-bound_concurrent_1"],
        repeats=2,
        target={"delay_s": 0.3},
    )
    run = subprocess.Popen(
        [sys.executable, "-m", "snakemake", "--cores", "1", "all"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    # Wait until the first run is done and another one is being timed.
    deadline = time.monotonic() + 60
    while not (
        list((project / "results").glob("*/runs/*/*.json"))
        and processes_of(project, named="target/server.py")
    ):
        assert time.monotonic() < deadline and run.poll() is None, "no run was started"
        time.sleep(0.1)
    measured = {path: path.read_bytes() for path in (project / "results").glob("*/runs/*/*.json")}
    os.killpg(run.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's group
    assert run.wait(60) != 0
    time.sleep(1)
    assert processes_of(project) == []
    for path, content in measured.items():
        assert path.read_bytes() == content  # nothing measured was lost
    dry = snakemake(project, "-n", "--cores", "1", "all")
    assert dry.returncode == 0
    assert "Missing output files" in dry.stdout  # what is left to do, named
    resumed = snakemake(project, "--cores", "1", "all")
    assert resumed.returncode == 0, said(resumed)[-2000:]
    assert len(list((project / "results").glob("*/runs/*/*.json"))) == 4


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """A project with one measured run of each built-in workload."""
    project = project_with(
        tmp_path_factory.mktemp("measured"),
        experiments=["io-bound_sync", "cpu-bound_sync"],
        cpu={"stop": 1100},
    )
    # The runs alone: the tests below need measured records, not the report.
    runs = [
        record_path(project, e).relative_to(project) for e in ("io-bound_sync", "cpu-bound_sync")
    ]
    result = snakemake(project, "--cores", "1", *map(str, runs))
    assert result.returncode == 0, said(result)[-2000:]
    return project


@pytest.mark.slow
def test_other_parameters_are_refused_and_nothing_is_overwritten(measured):
    before = record_path(measured).read_bytes()
    overlay = measured / "more.yaml"
    overlay.write_text("io:\n  n_requests: 20\n")
    result = snakemake(measured, "--cores", "1", "all", "--configfile", "config.yaml", overlay)
    assert result.returncode != 0
    message = said(result)
    assert "n_requests 10 (config: 20)" in message
    assert "io-bound_sync/1.json" in message and "machine" in message
    assert record_path(measured).read_bytes() == before


@pytest.mark.slow
def test_a_measured_run_is_kept_when_its_inputs_change(measured):
    """A newer script or host description does not rerun (and delete) a run."""
    record = record_path(measured)
    before = record.read_bytes()
    assert not record.stat().st_mode & 0o222  # read-only: protected() by Snakemake
    later = time.time() + 5
    for newer in ["scripts/io-bound_sync.py", f"results/{MACHINE}/host.json"]:
        os.utime(measured / newer, (later, later))
    dry = snakemake(measured, "-n", "--cores", "1", "all")
    assert dry.returncode == 0
    assert "run_experiment" not in dry.stdout
    assert record.read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize(
    "content, named",
    [
        ('{"schema_version": 2, "broken', "not valid JSON"),
        ('{"schema_version": 99}', "schema_version 99"),
    ],
)
def test_a_bad_record_stops_the_aggregation_naming_the_file(tmp_path, measured, content, named):
    project = tmp_path / "copy"
    subprocess.run(["cp", "-a", str(measured), str(project)], check=True)
    bad = record_path(project)
    bad.chmod(0o644)
    bad.write_text(content)
    result = snakemake(project, "--cores", "1", "all")
    assert result.returncode != 0
    assert f"fatal: results/{MACHINE}/runs/io-bound_sync/1.json: {named}" in said(result)
    skip = project / "skip.yaml"
    skip.write_text("analysis:\n  skip_bad_records: true\n")
    runs_csv = f"results/{MACHINE}/runs.csv"  # the aggregation; the report needs no check here
    result = snakemake(project, "--cores", "1", runs_csv, "--configfile", "config.yaml", skip)
    assert result.returncode == 0, said(result)[-2000:]
    log = (project / f"logs/{MACHINE}/runs_table.log").read_text()
    assert f"warning: skipped results/{MACHINE}/runs/io-bound_sync/1.json" in log


@pytest.mark.slow
def test_config_values_never_reach_a_shell_unquoted(tmp_path):
    marker = tmp_path / "pwned"
    url = f"http://127.0.0.1:9/ip?x=$(touch${{IFS}}{marker})"
    project = project_with(tmp_path, target={"url": url})
    result = snakemake(project, "--cores", "1", "all")
    assert result.returncode != 0  # nobody serves port 9
    assert not marker.exists()
    log = (project / f"logs/{MACHINE}/runs/io-bound_sync/1.log").read_text()
    assert url in log  # the URL arrived whole, as one argument
