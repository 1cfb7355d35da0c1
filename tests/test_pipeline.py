"""The whole pipeline on .test/config.yaml, in a fresh copy of the project;
and a new experiment added to a copy as a script and a catalog row alone."""

import csv
import itertools
import json
import os
import shutil

import pytest
import yaml
from concurrency_bench.record.run_record import load_record, make_validator

from project import REPO, copy_project, job_counts, snakemake
from script_runner import CATALOG

TEST_CONFIG = yaml.safe_load((REPO / ".test/config.yaml").read_text())
# What the .test config runs, told apart as the catalog tells them.
EXPERIMENTS = TEST_CONFIG["experiments"]
ARTICLE_EXPERIMENTS = [e for e in EXPERIMENTS if CATALOG[e].origin == "article"]
ADDED_EXPERIMENTS = [e for e in EXPERIMENTS if CATALOG[e].origin != "article"]
SWEEP_POINTS = sum(
    len(sweep["experiments"]) * len(sweep["values"])
    for sweep in (TEST_CONFIG.get("sweeps") or {}).values()
) * TEST_CONFIG.get("sweep_repeats", 1)
# The memory sampler's twin runs (config.yaml's memory.ablation), one per repeat.
ABLATION = yaml.safe_load((REPO / "config.yaml").read_text())["memory"]["ablation"]
PAIRS = min(ABLATION["repeats"], TEST_CONFIG["repeats"])
TWIN_RUNS = len(set(ABLATION["experiments"]) & set(EXPERIMENTS)) * PAIRS
MACHINE = "test-machine"


def test_the_test_config_runs_the_articles_experiments_and_additions():
    """The pipeline tests below cover the article's seven and some additions
    (every script alone: test_scripts.py)."""
    assert sorted(ARTICLE_EXPERIMENTS) == sorted(e.name for e in CATALOG if e.origin == "article")
    assert ADDED_EXPERIMENTS


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("pipeline"))
    result = snakemake(project, "--cores", "2", "all", "--configfile", ".test/config.yaml")
    assert result.returncode == 0, result.stderr[-4000:]
    return project, result


@pytest.mark.slow
def test_the_terminal_ends_with_the_verdict_card(finished_run):
    """The card the report opens with, in Snakemake's output at the end of the
    run, then where the reports are."""
    project, result = finished_run
    card = (project / "results/card.txt").read_text()
    assert card.startswith(f"concurrency-bench on {MACHINE}: which model to use")
    assert len(card.splitlines()) <= 15
    printed = result.stdout + result.stderr
    assert card.strip() in printed
    assert printed.index(card.strip()) < printed.index("The report: results/report.md")
    report = (project / "results/report.md").read_text()
    assert report.index("## The answer") < report.index("## The article's claims, checked")
    for workload in ("I/O-bound", "CPU-bound"):
        assert f"| [{workload}](#" in report
        assert any(line.startswith(workload) for line in card.splitlines())


@pytest.mark.slow
def test_every_experiment_leaves_a_record_and_a_log(finished_run):
    project, _ = finished_run
    validator = make_validator()
    for experiment in EXPERIMENTS:
        path = project / f"results/{MACHINE}/runs/{experiment}/1.json"
        record = load_record(path, validator)
        assert record["experiment"] == experiment
        assert (record["workload"], record["method"]) == (
            CATALOG[experiment].workload,
            CATALOG[experiment].method,
        )
        assert record["machine"] == MACHINE
        assert record["cpuinfo"]["brand_raw"]
        assert record["errors"]["count"] == 0
        log = (project / f"logs/{MACHINE}/runs/{experiment}/1.log").read_text()
        assert "Elapsed run time:" in log


@pytest.mark.slow
def test_parameters_come_from_the_config(finished_run):
    project, _ = finished_run
    runs = project / f"results/{MACHINE}/runs"
    io = json.loads((runs / "io-bound_concurrent_2/1.json").read_text())
    cpu = json.loads((runs / "cpu-bound_parallel_1/1.json").read_text())
    assert io["params"]["n_requests"] == 10 and io["observed"]["tasks"] == 10
    assert io["params"]["delay_s"] == 0.02 and io["params"]["target_embedded"]
    assert (cpu["params"]["start"], cpu["params"]["stop"]) == (1000, 2000)
    assert cpu["params"]["workers"] == 2 and cpu["observed"]["tasks"] == 1000


@pytest.mark.slow
def test_tables_cover_every_experiment(finished_run):
    project, _ = finished_run
    with open(project / f"results/{MACHINE}/runs.csv") as runs:
        assert sorted(row["experiment"] for row in csv.DictReader(runs)) == sorted(EXPERIMENTS)
    with open(project / f"results/{MACHINE}/summary.csv") as summary:
        rows = {row["experiment"]: row for row in csv.DictReader(summary)}
    assert set(rows) == set(EXPERIMENTS)
    assert float(rows["io-bound_sync"]["speedup"]) == 1.0
    assert float(rows["io-bound_concurrent_3"]["speedup"]) > 0


@pytest.mark.slow
def test_report_shows_runs_article_and_plots(finished_run):
    project, _ = finished_run
    report = (project / "results/report.md").read_text()
    for experiment in EXPERIMENTS:
        assert experiment in report
    assert "15.711" in report  # the article's io-bound_sync figure
    assert "Deviations from the article" in report
    plots = ["times_http.png", "times_sieve.png", "parallelism.png", "speedup.png"]
    for plot in [*plots, "sweep_pool_workers.png"]:
        assert f"{MACHINE}/plots/{plot}" in report
        assert (project / f"results/{MACHINE}/plots/{plot}").stat().st_size > 0


@pytest.mark.slow
def test_report_keeps_the_additions_apart(finished_run):
    project, _ = finished_run
    report = (project / "results/report.md").read_text()
    article, beyond = report.split("## Beyond the article", 1)
    beyond = beyond.split("\n## ", 1)[0]
    for experiment in ADDED_EXPERIMENTS:
        assert f"`{experiment}`" in beyond and f"`{experiment}`" not in article
    for question in [
        "Why is ProcessPoolExecutor slower than Pool?",
        "What is connection reuse worth?",
        "Sweep `pool_workers`",
    ]:
        assert question in beyond
    assert "not measured in the article" in article  # the claims table


@pytest.mark.slow
def test_every_model_has_its_memory_beside_its_time_and_the_sampler_its_cost(finished_run):
    project, _ = finished_run
    with open(project / f"results/{MACHINE}/summary.csv") as table:
        rows = list(csv.DictReader(table))
    # Every experiment that ran: its tree's peak, above the sum before its timed region.
    for row in rows:
        assert int(row["memory_peak_kib"]) >= int(row["memory_base_kib"]) > 0, row["experiment"]
    report = (project / "results/report.md").read_text()
    assert "| peak memory [MiB] |" in report
    memory = report.split("\n## Memory\n", 1)[1].split("\n## ", 1)[0]
    assert "plots/memory.png" in memory
    assert (project / f"results/{MACHINE}/plots/memory.png").stat().st_size > 0
    assert "### What the sampler costs" in memory
    for experiment in set(ABLATION["experiments"]) & set(EXPERIMENTS):
        assert f"| `{experiment}` | {PAIRS} |" in memory


@pytest.mark.slow
def test_sweep_points_are_kept_apart_from_the_main_runs(finished_run):
    project, _ = finished_run
    sweep = project / f"results/{MACHINE}/sweeps/pool_workers/cpu-bound_parallel_1"
    for value in (1, 3):
        record = json.loads((sweep / f"workers={value}/1.json").read_text())
        assert record["params"]["workers"] == value
    with open(project / f"results/{MACHINE}/sweeps/pool_workers/summary.csv") as table:
        rows = list(csv.DictReader(table))
    cpus = len(os.sched_getaffinity(0))
    assert [(row["value"], row["oversubscribed"]) for row in rows] == [
        ("1.0", "False"),
        ("3.0", str(3 > cpus)),  # more workers than usable CPUs
    ]
    main = json.loads((project / f"results/{MACHINE}/runs/cpu-bound_parallel_1/1.json").read_text())
    assert main["params"]["workers"] == 2  # the config's, untouched by the sweep


@pytest.mark.slow
def test_second_run_has_nothing_to_do(finished_run):
    project, _ = finished_run
    result = snakemake(project, "-n", "--cores", "1", "all", "--configfile", ".test/config.yaml")
    assert result.returncode == 0
    assert job_counts(result.stdout) == {}, result.stdout


@pytest.mark.slow
def test_benchmark_jobs_never_overlap(finished_run):
    # Even with --cores 2, the benchmark_slot resource serialises the timed runs.
    project, _ = finished_run
    spans = []
    for path in (project / f"results/{MACHINE}").glob("**/*.json"):
        if path.name not in ("host.json", "pyperf.json", "plan.json"):
            record = json.loads(path.read_text())
            spans.append((record["started_at"], record["finished_at"]))
    assert TWIN_RUNS > 0  # the twins with the sampler off take the slot too
    assert len(spans) == len(EXPERIMENTS) + SWEEP_POINTS + TWIN_RUNS
    spans.sort()
    for (_, end), (next_start, _) in itertools.pairwise(spans):
        assert end <= next_start


@pytest.mark.slow
def test_html_report_builds_offline(finished_run):
    project, _ = finished_run
    result = snakemake(
        project,
        "--cores",
        "1",
        "--configfile",
        ".test/config.yaml",
        "--report",
        "results/report.html",
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    html = (project / "results/report.html").read_text()
    for shown in ["speedup.png", "summary.csv", "claims.csv", "machines.png"]:
        assert shown in html
    # Offline: nothing is loaded from the network when the page is opened.
    assert 'src="http' not in html


@pytest.fixture(scope="module")
def two_machines(finished_run, tmp_path_factory):
    """The finished project plus a second machine label measured with 1 worker."""
    project, _ = finished_run
    copy = tmp_path_factory.mktemp("two") / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".snakemake"))
    # A few experiments are enough to set two machines side by side.
    second = {
        "machine": "second",
        "cpu": {"workers": 1},
        "experiments": ["io-bound_sync", "cpu-bound_sync", "cpu-bound_parallel_1"],
    }
    (copy / "second.yaml").write_text(yaml.safe_dump(second))
    result = snakemake(
        copy, "--cores", "2", "all", "--configfile", ".test/config.yaml", "second.yaml"
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return copy


@pytest.mark.slow
def test_other_machines_show_up_in_the_report(two_machines):
    report = (two_machines / "results/report.md").read_text()
    assert "on `second`" in report
    machines = report.split("## Machines and interpreters", 1)[1].split("\n## ", 1)[0]
    assert f"`{MACHINE}`" in machines and "`second`" in machines
    with open(two_machines / "results/machines.csv") as table:
        rows = list(csv.DictReader(table))
    workers = {row["machine"]: row["pool_workers"] for row in rows}
    assert workers == {"second": "1", MACHINE: "2"}
    # The other machine's records were read, not measured again.
    first = two_machines / f"results/{MACHINE}/runs/cpu-bound_sync/1.json"
    assert json.loads(first.read_text())["machine"] == MACHINE


# --- adding an experiment: one script plus one catalog row ------------------------

NEW = "io-bound_concurrent_99"
NEW_METHOD = "threading.Thread, added by a test"
NEW_ROW = f"""\
  {NEW}:
    workload: http
    method: {NEW_METHOD}
    family: threads
    origin: scale
    baseline: io-bound_sync
    params: [n_requests, delay_s]
    kind: threads
    options: {{at_once: per_request}}
"""
NEW_DOC = f'''"""{NEW}: io-bound_concurrent_1's threads under another name.

Added by tests/test_pipeline.py to a copy of the project, as a script and a
catalog row and nothing else.
"""'''


def add_experiment(project):
    """The new script (io-bound_concurrent_1's main, another docstring) and its
    catalog row, at the end of the catalog's experiments; nothing else."""
    source = (project / "scripts/io-bound_concurrent_1.py").read_text()
    _, _, body = source.split('"""', 2)
    (project / f"scripts/{NEW}.py").write_text(NEW_DOC + body)
    catalog_file = project / "src/concurrency_bench/record/experiments.yaml"
    text = catalog_file.read_text()
    assert text.count("\nclaims:") == 1
    catalog_file.write_text(text.replace("\nclaims:", f"\n{NEW_ROW}\nclaims:", 1))


def contents(project):
    """{path in the copy: its bytes}."""
    return {
        str(path.relative_to(project)): path.read_bytes()
        for path in sorted(project.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.mark.slow
def test_adding_an_experiment_is_a_script_and_a_catalog_row(tmp_path):
    project = copy_project(tmp_path / "project")
    before = contents(project)
    add_experiment(project)
    after = contents(project)
    edited = sorted(path for path in after if before.get(path) != after[path])
    assert edited == [f"scripts/{NEW}.py", "src/concurrency_bench/record/experiments.yaml"]
    config = tmp_path / "tiny.yaml"  # outside the copy
    config.write_text(
        yaml.safe_dump(
            {
                "machine": "added",
                "repeats": 1,
                "min_timed_s": 0,  # `repeats` runs, however short
                "experiments": ["io-bound_sync", NEW],
                "io": {"n_requests": 5},
                "target": {"delay_s": 0.01},
            }
        )
    )
    result = snakemake(project, "--cores", "2", "all", "--configfile", str(config))
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]

    record = load_record(project / f"results/added/runs/{NEW}/1.json", make_validator())
    assert (record["experiment"], record["workload"], record["method"]) == (NEW, "http", NEW_METHOD)
    assert record["params"]["n_requests"] == 5 and record["observed"]["tasks"] == 5
    assert record["params"]["max_workers"] == 5  # at_once per_request: a thread each
    with open(project / "results/added/summary.csv") as summary:
        rows = {row["experiment"]: row for row in csv.DictReader(summary)}
    assert rows[NEW]["method"] == NEW_METHOD
    assert float(rows[NEW]["speedup"]) > 0  # against its catalog baseline, io-bound_sync
    report = (project / "results/report.md").read_text()
    assert f"| `{NEW}` | {NEW_METHOD} |" in report


# --- your own workload: one config entry, no change to the project -----------------

THROWAWAY = """\
import zlib


def task(item):
    return len(zlib.compress(bytes(range(256)) * item))


async def task_async(item):
    return task(item)


def inputs():
    return range(1, 41)
"""


@pytest.mark.slow
def test_a_workload_of_your_own_runs_under_every_model_and_has_its_section(tmp_path):
    """A module outside the project and one config entry: every model runs it,
    checked against the sync loop, and the report gives it a section of its own
    with its profile, its table, its parallelism and a recommendation."""
    project = copy_project(tmp_path / "project")
    before = contents(project)
    module = tmp_path / "mine.py"
    module.write_text(THROWAWAY)
    models = [
        "sync_loop",
        "thread_pool_map",
        "process_pool_map",
        "process_pool_submit",
        "asyncio_gather",
    ]
    config = tmp_path / "mine.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "machine": "mine",
                "repeats": 2,
                "min_timed_s": 0,
                "experiments": models,
                "workloads": {
                    "throwaway": {
                        "task": f"{module}:task",
                        "task_async": f"{module}:task_async",
                        "inputs": f"{module}:inputs",
                        "in_flight": 4,
                    }
                },
            }
        )
    )
    result = snakemake(project, "--cores", "2", "all", "--configfile", str(config))
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    changed = {path for path, data in contents(project).items() if before.get(path, data) != data}
    assert not changed, changed  # results/ and logs/ only are new

    profile = json.loads((project / "results/mine/workloads/throwaway/profile.json").read_text())
    assert profile["n_items"] == 40
    with open(project / "results/mine/summary.csv") as summary:
        rows = {row["experiment"]: row for row in csv.DictReader(summary)}
    assert set(rows) == {f"throwaway/{model}" for model in models}
    for row in rows.values():
        assert row["workload"] == "throwaway"
        assert float(row["parallelism"]) > 0
    report = (project / "results/report.md").read_text()
    section = report.split("Your workload `throwaway`", 1)[1]
    for model in models:
        assert f"throwaway/{model}" in section
    assert "40 items" in section
    assert "mine/plots/times_throwaway.png" in section
