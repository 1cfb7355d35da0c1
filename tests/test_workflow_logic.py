"""The workflow's own logic (concurrency_bench.workflow.pipeline): what it refuses before anything
runs, naming the key; what a run costs at least; the options of a run; and
the settings files through which the analysis follows its config while a
measured run is never rerun."""

import json
import os
import platform
import sys
import time

import pytest
import yaml
from concurrency_bench.interpreters import matrix
from concurrency_bench.record import catalog
from concurrency_bench.workflow import pipeline

from project import REPO, copy_project, dry_run, job_counts, snakemake

CATALOG = catalog.load()


@pytest.mark.parametrize("label", [".", "..", "a/b", "", "my laptop", "../x"])
def test_a_label_that_would_leave_results_is_refused_naming_the_key(label):
    with pytest.raises(pipeline.ConfigError, match="config: machine: "):
        pipeline.check_label(label, "machine")


@pytest.mark.parametrize("label", ["vm", "m1.large", "node-3_a", "x..y"])
def test_a_folder_name_is_a_label(label):
    assert pipeline.check_label(label, "machine") == label


@pytest.mark.parametrize(
    "url, said",
    [
        ("http://[::1", "is not a URL (Invalid IPv6 URL)"),
        ("http://", "names no http(s) host"),
        ("http://host:port/", "is not a URL"),
        ("ftp://example.org/", "names no http(s) host"),
    ],
)
def test_a_url_that_cannot_be_split_or_has_no_host_is_refused(url, said):
    with pytest.raises(pipeline.ConfigError, match="config: target.url: ") as refused:
        pipeline.check_url(url)
    assert said in str(refused.value)


def test_a_real_url_and_none_pass():
    assert pipeline.check_url("https://httpbin.org/ip") == "https://httpbin.org/ip"
    assert pipeline.check_url(None) is None


def options(experiment, n_requests=100, delay_s=0.1):
    return {"--n-requests": n_requests, "--delay": delay_s}


def test_the_least_duration_adds_the_io_bounds_and_each_jobs_cost():
    """The sync loop's 100 requests of 0.1 s: 10 s a run; the sieve's time is
    unknown before it runs, so it counts its job's cost only."""
    runs = [
        (CATALOG["io-bound_sync"], options("io-bound_sync"), 5),
        (CATALOG["io-bound_concurrent_1"], options("io-bound_concurrent_1"), 5),
        (CATALOG["cpu-bound_sync"], {"--start": 1000, "--stop": 16000}, 5),
    ]
    estimate = pipeline.least_duration(runs)
    per_job = pipeline.JOB_OVERHEAD_S
    assert estimate["seconds"] == pytest.approx(5 * 10 + 5 * 0.1 + 15 * per_job)
    assert (estimate["runs"], estimate["unknown"]) == (15, 5)


def test_a_run_above_the_budget_is_refused_unless_forced():
    runs = [(CATALOG["io-bound_sync"], options("io-bound_sync", n_requests=100_000), 5)]
    estimate = pipeline.least_duration(runs)  # 5 x 10,000 s
    with pytest.raises(
        pipeline.ConfigError, match="config: max_estimated_s: .*833.* min"
    ) as refused:
        pipeline.cost_said(estimate, 3600, False)
    assert "--config force=true" in str(refused.value)
    assert "estimated least duration" in pipeline.cost_said(estimate, 3600, "true")


def test_workers_beyond_the_usable_cpus_are_said():
    config = {"cpu": {"workers": 999}, "workloads": {"w": {"workers": 2}}}
    notes = pipeline.oversubscribed(config, usable_cpus=2)
    said = "note: cpu.workers is 999, 2 CPUs are usable here: the processes will take turns"
    assert notes == [f"{said} (oversubscribed)"]


def test_settings_are_rewritten_only_when_they_change(tmp_path):
    path = tmp_path / "settings/analysis.json"
    pipeline.write_settings(path, {"max_cv": 0.1})
    first = path.stat().st_mtime_ns
    time.sleep(0.01)
    pipeline.write_settings(path, {"max_cv": 0.1})
    assert path.stat().st_mtime_ns == first
    pipeline.write_settings(path, {"max_cv": 0.01})
    assert path.stat().st_mtime_ns != first and '"max_cv": 0.01' in path.read_text()


def test_a_runs_options_come_from_its_workloads_declarations():
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    row = CATALOG["io-bound_concurrent_2"]
    said = pipeline.experiment_options(row, config, {"target_python": "py"})
    assert said["--n-requests"] == 100 and said["--delay"] == 0.1 and said["--timeout"] == 30
    assert said["--target-python"] == "py"
    assert "--max-workers" not in said  # null: the executor's own default
    assert "--workers" not in pipeline.experiment_options(CATALOG["cpu-bound_sync"], config, {})
    points = pipeline.sweep_points({"param": "delay_s", "values": [0.05, 1]})
    assert points == {"delay_s=0.05": ("delay_s", 0.05), "delay_s=1": ("delay_s", 1)}


# --- refused before any job, in the workflow ----------------------------------------

PASSES_SWEEP = {"experiments": ["scrape_sync"], "param": "passes", "values": [1, 2]}


@pytest.mark.slow
@pytest.mark.parametrize(
    "overlay, said",
    [
        ({"machine": ".."}, "config: machine: '..' cannot label results/<label>/"),
        ({"machine": "."}, "config: machine: '.' cannot label results/<label>/"),
        ({"target": {"url": "http://[::1"}}, "config: target.url: 'http://[::1' is not a URL"),
        ({"io": {"n_requests": 100000}}, "config: max_estimated_s: estimated least duration"),
        (
            {
                "sweeps": {name: PASSES_SWEEP for name in ("a", "b")},
                "studies": {"crossover": {"sweeps": ["a", "b"]}},
            },
            (
                "config: studies.crossover.sweeps: a, b each sweep passes; the crossover "
                "study reads one sweep over passes"
            ),
        ),
        (
            {"sweeps": {"a": PASSES_SWEEP}, "studies": {"scale": {"sweeps": ["a"]}}},
            (
                "config: studies.scale.sweeps: a sweeps passes; the scale study reads "
                "sweeps over n_requests"
            ),
        ),
        (
            {"studies": {"nonesuch": {"sweeps": ["a"]}}},
            (
                "config: studies.nonesuch: no workload has this study; the studies "
                "are: scale, crossover"
            ),
        ),
    ],
)
def test_the_workflow_refuses_before_any_job_naming_the_key(project, overlay, said):
    result = dry_run(project, overlay)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert said in output, output[-2000:]
    assert "run_experiment" not in output
    assert not (project / "results/../host.json").exists()


@pytest.mark.slow
def test_forced_past_the_budget_it_plans_the_runs(project):
    result = dry_run(project, {"io": {"n_requests": 100000}, "force": True})
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    assert "estimated least duration" in result.stderr


# --- the analysis follows its config and code; measured runs never rerun ----------

TINY = {
    "machine": "m",
    "repeats": 2,
    "min_timed_s": 0,
    "experiments": ["io-bound_sync", "io-bound_concurrent_1", "cpu-bound_sync"],
    "io": {"n_requests": 3},
    "target": {"delay_s": 0.01},
    "cpu": {"start": 1000, "stop": 1200},
}
ANALYSIS_RULES = {"runs_table", "summary_table", "markdown_report"}


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("measured"))
    (project / "tiny.yaml").write_text(yaml.safe_dump(TINY))
    result = snakemake(project, "--cores", "2", "all", "--configfile", "tiny.yaml")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return project


def planned(project, *overlays):
    files = ["tiny.yaml"]
    for i, overlay in enumerate(overlays):
        (project / f"overlay{i}.yaml").write_text(yaml.safe_dump(overlay))
        files.append(f"overlay{i}.yaml")
    result = snakemake(project, "-n", "--cores", "1", "all", "--configfile", *files)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return job_counts(result.stdout)


@pytest.mark.slow
def test_a_finished_run_has_nothing_left_to_do(measured):
    assert planned(measured) == {}


@pytest.mark.slow
def test_a_changed_analysis_setting_reruns_the_analysis_and_no_run(measured):
    jobs = planned(measured, {"analysis": {"max_cv": 0.01}})
    assert ANALYSIS_RULES - {"runs_table"} <= set(jobs), jobs
    assert "runs_table" not in jobs  # runs.csv reads the disturbance keys only
    assert not {"run_experiment", "describe_host", "plan_repeats"} & set(jobs)
    jobs = planned(measured, {"analysis": {"max_disturbance": 0.5}})
    assert ANALYSIS_RULES <= set(jobs) and "run_experiment" not in jobs


@pytest.mark.slow
def test_an_edited_analysis_module_reruns_the_analysis_and_no_run(measured):
    module = measured / "src/concurrency_bench/words.py"
    module.write_text(module.read_text() + "\n# an edit\n")
    jobs = planned(measured, {"analysis": {"max_cv": 0.1}})
    assert ANALYSIS_RULES <= set(jobs), jobs
    assert not {"run_experiment", "describe_host", "plan_repeats"} & set(jobs)


@pytest.mark.slow
def test_the_labels_compared_follow_the_config_and_no_run(measured):
    """Another set of experiments (another preset's label beside this one)
    compares the labels again, as its interpreters would: machines.csv and
    interpreters.csv never stay those of an earlier config."""
    jobs = planned(measured, {"experiments": ["io-bound_sync", "cpu-bound_sync"]})
    assert "compare_machines" in jobs, jobs
    assert not {"run_experiment", "describe_host"} & set(jobs)


# --- the interpreters of `pythons` (concurrency_bench.interpreters.matrix) ---------------------------------


def test_an_interpreter_is_labelled_by_what_it_says_of_itself():
    found = matrix.labels([sys.executable])
    (label,) = found
    assert found[label] == sys.executable
    assert label.startswith(platform.python_implementation().lower())
    assert matrix.version_of_label(label) == tuple(sys.version_info[:2])


def test_an_interpreter_that_does_not_run_or_runs_twice_is_refused_naming_it(tmp_path):
    with pytest.raises(
        matrix.InterpreterError, match="config: pythons: 'no-such-python' does not run here"
    ):
        matrix.labels(["no-such-python"])
    with pytest.raises(matrix.InterpreterError, match="are the same Python"):
        matrix.labels([sys.executable, os.path.realpath(sys.executable)])


def test_a_built_environment_says_what_it_is(tmp_path):
    ready = tmp_path / "ready.json"
    matrix.main(["--output", str(ready)])
    said = json.loads(ready.read_text())
    assert said["executable"] == sys.executable and said["label"] == matrix.label()


@pytest.mark.slow
def test_a_label_of_unknown_experiments_only_is_left_out_and_said(measured):
    """Records copied from a project with other experiments: nothing of them
    can be analysed, so the label is named and left out, not failed on."""
    folder = measured / "results/elsewhere/runs/io-bound_gone"
    folder.mkdir(parents=True)
    (folder / "1.json").write_text("{}")
    result = snakemake(measured, "-n", "--cores", "1", "all", "--configfile", "tiny.yaml")
    assert result.returncode == 0, (result.stdout + result.stderr)[-2000:]
    assert "note: results/elsewhere/ has no run of an experiment of the catalog" in result.stderr
    assert "results/elsewhere/pyperf.json" not in result.stdout
