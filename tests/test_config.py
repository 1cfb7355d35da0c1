"""The config is checked before anything runs, and a bad value is named."""

import pytest
import yaml

from project import copy_project, dry_run, job_counts, snakemake

# Every test here runs Snakemake: make test-fast leaves them out.
pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "overlay, names",
    [
        ({"repeats": "five"}, ["repeats", "not of type 'integer'"]),
        ({"repeats": 0}, ["repeats", "minimum"]),
        ({"repeats": -3}, ["repeats", "minimum"]),
        ({"experiments": []}, ["experiments", "non-empty"]),
        ({"experiments": ["io-bound_turbo"]}, ["experiments", "io-bound_turbo"]),
        ({"io": {"n_requests": 0}}, ["n_requests", "minimum"]),
        ({"io": {"n_reqests": 10}}, ["n_reqests", "io"]),
        ({"colour": "blue"}, ["colour", "Additional properties"]),
        ({"target": {"url": "ftp://example.org/ip"}}, ["url", "ftp://example.org/ip"]),
        ({"target": {"url": "not a url"}}, ["url", "not a url"]),
        ({"target": {"delay_s": -1}}, ["delay_s", "minimum"]),
        ({"cpu": {"workers": 0}}, ["workers"]),
        ({"cpu": {"workers": "many"}}, ["workers"]),
        ({"cpu": {"start": 5000, "stop": 1000}}, ["cpu.start", "cpu.stop"]),
        ({"machine": "my laptop/1"}, ["machine"]),
    ],
)
def test_bad_config_is_refused_naming_the_key(project, overlay, names):
    result = dry_run(project, overlay)
    assert result.returncode != 0
    # Snakemake writes its errors to stdout or stderr depending on the version.
    said = result.stdout + result.stderr
    for name in names:
        assert name in said, said[-2000:]
    assert "run_experiment" not in said


def test_every_experiment_runs_once_per_repeat(project):
    result = dry_run(project, {"repeats": 2})
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    counts = job_counts(result.stdout)
    experiments = yaml.safe_load((project / "config.yaml").read_text())["experiments"]
    assert experiments
    assert counts["run_experiment"] == len(experiments) * 2
    assert counts["describe_host"] == 1
    assert counts["markdown_report"] == 1


def test_unset_keys_take_the_schema_defaults(tmp_path):
    project = copy_project(tmp_path)
    (project / "config.yaml").write_text("repeats: 1\nmachine: m\n")
    io_run = "results/m/runs/io-bound_sync/1.json"
    cpu_run = "results/m/runs/cpu-bound_parallel_1/1.json"
    result = snakemake(project, "-n", "-p", "--cores", "1", io_run, cpu_run)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    for default in [
        "--n-requests 100",
        "--timeout 30",
        "--max-errors 0",
        "--delay 0.1",
        "--start 1000",
        "--stop 16000",
        "--workers auto",
    ]:
        assert default in result.stdout
    assert "--url" not in result.stdout  # embedded target by default


SWEEP = {
    "experiments": ["cpu-bound_parallel_1", "cpu-bound_parallel_2"],
    "param": "workers",
    "values": [1, 2, 4],
}


def test_sweeps_expand_to_their_own_place(tmp_path):
    project = copy_project(tmp_path)
    delay = {"experiments": ["io-bound_concurrent_3"], "param": "delay_s", "values": [0, 0.05]}
    config = {
        "machine": "m",
        "repeats": 1,
        "experiments": ["cpu-bound_sync"],
        "sweeps": {"pool": SWEEP, "delay": delay},
        "sweep_repeats": 2,
    }
    (project / "config.yaml").write_text(yaml.safe_dump(config))
    result = snakemake(project, "-n", "-p", "--cores", "1", "all")
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    counts = job_counts(result.stdout)
    assert counts["run_sweep_point"] == (2 * 3 + 1 * 2) * 2
    assert counts["run_experiment"] == 1
    assert counts["summarize_sweep"] == 2
    for path, option in [
        ("results/m/sweeps/pool/cpu-bound_parallel_2/workers=4/2.json", "--workers 4"),
        ("results/m/sweeps/delay/io-bound_concurrent_3/delay_s=0.05/1.json", "--delay 0.05"),
        ("results/m/sweeps/delay/io-bound_concurrent_3/delay_s=0/2.json", "--delay 0"),
    ]:
        assert path in result.stdout
        command = next(
            line for line in result.stdout.splitlines() if path in line and "--output" in line
        )
        assert option in command


@pytest.mark.parametrize(
    "sweep, names",
    [
        (
            {**SWEEP, "experiments": ["io-bound_sync"]},
            ["sweeps.s", "workers does not apply to io-bound_sync"],
        ),
        ({**SWEEP, "values": [1.5]}, ["sweeps", "1.5", "not of type 'integer'"]),
        ({**SWEEP, "param": "colour"}, ["param", "colour"]),
        ({**SWEEP, "values": []}, ["values"]),
    ],
)
def test_bad_sweeps_are_refused_naming_the_sweep(project, sweep, names):
    result = dry_run(project, {"sweeps": {"s": sweep}})
    assert result.returncode != 0
    said = result.stdout + result.stderr
    for name in names:
        assert name in said, said[-2000:]


def test_a_missing_interpreter_is_named_before_anything_runs(project):
    result = dry_run(project, {"pythons": ["python9.9"]})
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert "config: pythons: 'python9.9' does not run here" in said
    assert "run_experiment" not in said
