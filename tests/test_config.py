"""The config is checked before anything runs, and a bad value is named."""

import pytest
import yaml

from project import copy_project, job_counts, snakemake


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("project"))


def dry_run(project, overlay):
    """`snakemake -n all` with `overlay` merged over config.yaml."""
    configfile = project / "overlay.yaml"
    configfile.write_text(yaml.safe_dump(overlay))
    return snakemake(project, "-n", "--cores", "1", "all", "--configfile", configfile)


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
    assert counts["run_experiment"] == 7 * 2
    assert counts["describe_host"] == 1
    assert counts["markdown_report"] == 1


def test_unset_keys_take_the_schema_defaults(tmp_path):
    project = copy_project(tmp_path)
    (project / "config.yaml").write_text("repeats: 1\nmachine: m\n")
    io_run = "results/m/runs/io-bound_sync/1.json"
    cpu_run = "results/m/runs/cpu-bound_parallel_1/1.json"
    result = snakemake(project, "-n", "-p", "--cores", "1", io_run, cpu_run)
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    for default in ["--n-requests 100", "--timeout 30", "--max-errors 0",
                    "--delay 0.1", "--start 1000", "--stop 16000", "--workers auto"]:
        assert default in result.stdout
    assert "--url" not in result.stdout  # embedded target by default
