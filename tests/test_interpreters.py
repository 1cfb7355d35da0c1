"""Today's Pythons: an experiment only newer Pythons run (InterpreterPoolExecutor,
3.14) skipped where it cannot run and said so, the multiprocessing start method
as an axis with its cost per worker measured, a free-threaded build's bound and
wording, the interpreters set side by side, and one target for them all.

Python 3.14 is found through the environment variable CONCURRENCY_BENCH_PYTHON314
(.ci/run exports it, made with ../shared/tools/make-python.sh 3.14 where that
exists), else as python3.14 on PATH; without it those tests are skipped.
"""

import json
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import yaml
from concurrency_bench.analysis import across_interpreters, start_costs, sweeps, verdicts
from concurrency_bench.analysis.article_figures import orderings
from concurrency_bench.plots import times
from concurrency_bench.record.run_record import load_record, make_validator
from concurrency_bench.report import experiment_rows, sentences

from interpreters import (
    SKIP_REASON,
    needs_314,
    other_interpreter,
    version_of,
)
from project import REPO, copy_project, job_counts, snakemake
from script_runner import CATALOG
from synthetic import RESAMPLES, SEED, cpu_bound, noisy, runs_frame, summary_of

NEW = "cpu-bound_parallel_5"  # InterpreterPoolExecutor: Python >= 3.14
THIS_PYTHON = f"CPython {sys.version.split()[0]}"
GIL_CLAIM = next(c for c in CATALOG.claims if "GIL" in c.claim)


# --- 4. a free-threaded build ----------------------------------------------------

THREADS = next(e.name for e in CATALOG if e.workload == "sieve" and e.kind == "threads")
SYNC = CATALOG[THREADS].baseline


def test_free_threaded_threads_are_bounded_by_the_cpus_and_said_so():
    """gil_enabled False (a 3.13t/3.14t build): threads on the sieve are bounded by
    T / min(W, P), like processes; the sentence, the claim's verdict and its
    reason say the GIL was off, with that bound."""
    runs = runs_frame(
        {SYNC: noisy(8.0, seed=1), THREADS: noisy(4.4, seed=2)}, every_run={"gil_enabled": False}
    )
    summary = summary_of(runs)
    threads = summary.set_index("experiment").loc[THREADS]
    sync_median = np.median(runs.loc[runs["experiment"] == SYNC, "elapsed_s"])
    assert threads["bound_s"] == pytest.approx(sync_median / 2)
    assert cpu_bound("threads", 8.0, 2, 2, gil_enabled=False) == (4.0, 2)

    row = next(r for r in summary.itertuples() if r.experiment == THREADS)
    shown = experiment_rows.table_row(row)  # what the report's table prints
    assert shown["bound"] == f"{sync_median / 2:.3g}"
    assert "the GIL off, a free-threaded build" in shown["sentence"]
    assert "one thread runs Python code at a time" not in shown["sentence"]
    assert f"bound {sync_median / 2:.3g} s" in shown["sentence"]

    table = verdicts.check_claims(runs, summary, {"figures": {}, "sources": {}}, CATALOG, SEED, 500)
    claim = table.set_index("claim").loc[GIL_CLAIM.claim]
    assert claim["verdict"] == "does not hold"  # threads ran about twice as fast
    assert "free-threaded" in claim["why"] and "GIL off" in claim["why"]
    assert "2 at a time on 2 usable CPUs" in claim["why"]
    assert f"bound {sync_median / 2:.3g} s" in claim["why"]


def test_with_the_gil_threads_are_bounded_by_sync():
    """The same runs with the GIL on: bound T, and the GIL named as the reason."""
    runs = runs_frame(
        {SYNC: noisy(8.0, seed=1), THREADS: noisy(8.3, seed=2)}, every_run={"gil_enabled": True}
    )
    summary = summary_of(runs)
    row = next(r for r in summary.itertuples() if r.experiment == THREADS)
    sync_median = np.median(runs.loc[runs["experiment"] == SYNC, "elapsed_s"])
    assert row.bound_s == pytest.approx(sync_median)
    assert "one thread runs Python code at a time" in sentences.sentence(row)
    table = verdicts.check_claims(runs, summary, {"figures": {}, "sources": {}}, CATALOG, SEED, 500)
    why = table.set_index("claim").loc[GIL_CLAIM.claim, "why"]
    assert "the GIL lets one thread at a time run Python code" in why


# --- 2. the start method as an axis ----------------------------------------------

POOL = next(e.name for e in CATALOG if "start_method" in e.params and e.option("chunks") == "pool")


def start_method_runs():
    """Pool with 2 workers: fork 1.0 s, forkserver 1.1 s, spawn 1.4 s."""
    frames = [
        runs_frame({POOL: noisy(center, seed=i)}, every_run={"start_method": method})
        for i, (method, center) in enumerate([("fork", 1.0), ("forkserver", 1.1), ("spawn", 1.4)])
    ]
    return pd.concat(frames, ignore_index=True)


def test_the_start_cost_per_worker_is_measured_against_fork():
    """(median with the method - median with fork) / workers, with a CI."""
    runs = start_method_runs()
    costs = start_costs.start_costs(runs, SEED, RESAMPLES).set_index("value")
    assert set(costs["reference"]) == {"fork"}
    medians = runs.groupby("start_method")["elapsed_s"].median()
    for method in ("forkserver", "spawn"):
        expected = (medians[method] - medians["fork"]) / 2
        assert costs.loc[method, "start_cost_s"] == pytest.approx(expected)
        assert costs.loc[method, "start_cost_ci_low_s"] <= expected
        assert expected <= costs.loc[method, "start_cost_ci_high_s"]
    assert costs.loc["fork", "start_cost_s"] == 0
    # Without fork, the cheapest method measured is the reference.
    no_fork = start_costs.start_costs(runs[runs["start_method"] != "fork"], SEED, RESAMPLES)
    assert set(no_fork["reference"]) == {"forkserver"}


def test_a_sweep_over_start_method_is_summarized_plotted_and_explained(tmp_path):
    """String values all the way: the sweep's table, its plot, the report's rows
    and the Bounds section's sentences."""
    runs = start_method_runs()
    main = summary_of(runs_frame({SYNC: noisy(2.0, seed=9), POOL: noisy(1.0, seed=0)}))
    table = sweeps.summarize_sweep(runs, main, "start_method", CATALOG, SEED, RESAMPLES)
    assert list(table["value"]) == ["fork", "forkserver", "spawn"]
    assert not table["oversubscribed"].any()  # 2 workers on 2 CPUs
    spawn = table.set_index("value").loc["spawn"]
    assert spawn["start_cost_s"] == pytest.approx(0.2, rel=0.15)
    assert spawn["speedup"] == pytest.approx(2.0 / spawn["median_s"], rel=0.05)

    path = tmp_path / "sweeps/start_methods/summary.csv"
    path.parent.mkdir(parents=True)
    table.to_csv(path, index=False)
    plot = tmp_path / "sweep_start_methods.png"
    sweeps.plot_sweep(table, "start_methods", plot)
    assert plot.stat().st_size > 0
    section = experiment_rows.sweep_sections(
        [str(path)], {"sweep_start_methods": str(plot)}, str(tmp_path)
    )[0]
    assert [row["value"] for row in section["rows"]] == ["fork", "forkserver", "spawn"]

    sentences = experiment_rows.start_cost_sentences([str(path)])
    assert len(sentences) == 2  # forkserver and spawn, against fork
    spawn_sentence = next(s for s in sentences if "with spawn" in s)
    cost = f"{spawn['start_cost_s']:.3g} s more per worker to start than fork"
    assert cost in spawn_sentence
    assert "(median with spawn - median with fork) / 2 workers" in spawn_sentence
    assert "spawn starts a fresh interpreter for every worker" in spawn_sentence


def test_a_start_cost_within_the_noise_is_not_claimed():
    runs = pd.concat(
        [
            runs_frame({POOL: noisy(1.0, seed=1)}, every_run={"start_method": "fork"}),
            runs_frame({POOL: noisy(1.0, seed=2)}, every_run={"start_method": "spawn"}),
        ],
        ignore_index=True,
    )
    main = summary_of(runs_frame({SYNC: noisy(2.0, seed=9), POOL: noisy(1.0, seed=0)}))
    table = sweeps.summarize_sweep(runs, main, "start_method", CATALOG, SEED, RESAMPLES)
    row = next(r for r in table.itertuples() if r.value == "spawn")
    assert "no measurable start cost beside fork" in sentences.start_cost_sentence(row)


def test_the_process_experiments_take_the_start_method():
    """Every process pool on the sieve and on your workload takes start_method;
    the interpreter pool and the I/O paths (no --start-method) do not."""
    pools = {
        e.name for e in CATALOG if e.workload not in ("http", "scrape") and e.family == "processes"
    }
    assert pools and set(CATALOG.taking("start_method")) == pools
    assert NEW not in CATALOG.taking("start_method")


# --- 6. the interpreters side by side ---------------------------------------------


def test_interpreters_fastest_by_how_much_and_not_available(tmp_path):
    """Per experiment the fastest interpreter, the runner-up's ratio with its CI,
    and "not available" where the catalog's python is newer than the label's."""
    labels = {"vm-cpython3.11.7": "CPython 3.11.7", "vm-cpython3.14.0": "CPython 3.14.0"}
    old, new = labels
    runs = {
        old: runs_frame({SYNC: noisy(8.0, seed=1), POOL: noisy(6.0, seed=2)}),
        new: runs_frame({SYNC: noisy(8.0, seed=3), POOL: noisy(4.0, seed=4), NEW: noisy(3.0)}),
    }
    machines = pd.DataFrame(
        [
            {"machine": label, "experiment": e, "python": labels[label], "mixed": None}
            for label, table in runs.items()
            for e in pd.unique(table["experiment"])
        ]
    )
    table = across_interpreters.compare_interpreters(
        machines, runs, list(labels), [SYNC, POOL, NEW], CATALOG, SEED, RESAMPLES
    )
    rows = table.set_index(["experiment", "machine"])
    assert rows.loc[(POOL, new), "rank"] == 1 and rows.loc[(POOL, old), "rank"] == 2
    ratio = np.median(runs[old]["elapsed_s"][runs[old]["experiment"] == POOL]) / np.median(
        runs[new]["elapsed_s"][runs[new]["experiment"] == POOL]
    )
    assert rows.loc[(POOL, old), "ratio_to_fastest"] == pytest.approx(ratio)
    low, high = rows.loc[(POOL, old), ["ci_low", "ci_high"]]
    assert 1 < low <= ratio <= high
    assert rows.loc[(POOL, old), "reading"] == (
        f"CPython 3.14.0 is fastest, {ratio:.1f}× faster than CPython 3.11.7"
    )
    assert "no measurable difference" in rows.loc[(SYNC, old), "reading"]
    assert not rows.loc[(NEW, old), "available"] and rows.loc[(NEW, new), "available"]

    path = tmp_path / "interpreters.csv"
    table.to_csv(path, index=False)
    shown = {row["experiment"]: row for row in across_interpreters.section(path)["rows"]}
    assert shown[POOL]["fastest"] == f"`{new}`"
    assert shown[POOL]["by"] == f"{ratio:.1f}×"
    assert shown[NEW]["cells"] == [
        "not available on CPython 3.11.7: needs Python >= 3.14",
        "3 s (fastest)",
    ]


PYPY = "PyPy 8.0.1 (Python 3.11.17)"
UVLOOP = "io-bound_concurrent_8"
IO_SYNC = CATALOG[UVLOOP].baseline


def cpython_and_pypy(cpython_pool=6.0):
    """A CPython and a PyPy label: PyPy's sieve 9x faster in its sync loop, its
    first tenth of the tasks 3x slower than the rest (CPython's alike), its
    uvloop arm skipped; the table compare_interpreters makes of them."""
    labels = {"vm-cpython3.11.7": "CPython 3.11.7", "vm-pypy3.11-8.0.1": PYPY}
    cpython, pypy = labels
    warm = {"latency_first_decile_mean_s": 3e-4, "latency_rest_median_s": 1e-4}
    even = {"latency_first_decile_mean_s": 1e-3, "latency_rest_median_s": 1e-3}
    runs = {
        cpython: runs_frame(
            {SYNC: noisy(7.0, seed=1), POOL: noisy(cpython_pool, seed=2)}
            | {IO_SYNC: noisy(1.6, seed=5)}
            | {UVLOOP: noisy(0.2, seed=6)},
            every_run=even,
        ),
        pypy: runs_frame(
            {SYNC: noisy(0.75, seed=3), POOL: noisy(1.5, seed=4), IO_SYNC: noisy(1.7, seed=7)}
            | {UVLOOP: [1.0]},
            every_run=warm,
        ),
    }
    skipped = runs[pypy]["experiment"] == UVLOOP
    runs[pypy].loc[skipped, ["elapsed_s", "outcome", "outcome_reason"]] = [
        math.nan,
        "skipped",
        "uvloop is not installed for PyPy 8.0.1 (Python 3.11.17)",
    ]
    machines = pd.DataFrame(
        [
            {"machine": label, "experiment": e, "python": labels[label], "mixed": None}
            for label, table in runs.items()
            for e in pd.unique(table["experiment"])
        ]
    )
    experiments = [SYNC, POOL, IO_SYNC, UVLOOP]
    table = across_interpreters.compare_interpreters(
        machines, runs, list(labels), experiments, CATALOG, SEED, RESAMPLES
    )
    return table, runs


def median_of(runs, experiment):
    return np.median(runs["elapsed_s"][runs["experiment"] == experiment])


def test_each_workload_ranks_every_interpreter_and_model_and_names_the_fastest_pair(tmp_path):
    table, runs = cpython_and_pypy()
    cpython, pypy = runs
    sieve = table[table["workload"] == "sieve"].sort_values("workload_rank")
    assert list(zip(sieve["interpreter"], sieve["experiment"], strict=True)) == [
        ("PyPy 8.0.1", SYNC),
        ("PyPy 8.0.1", POOL),
        ("CPython 3.11.7", POOL),
        ("CPython 3.11.7", SYNC),
    ]
    assert set(table["implementation"]) == {"CPython", "PyPy"}
    assert (sieve["median_ci_low_s"] <= sieve["median_s"]).all()
    assert (sieve["median_s"] <= sieve["median_ci_high_s"]).all()
    pypy_sync = median_of(runs[pypy], SYNC)
    against_sync = median_of(runs[cpython], SYNC) / pypy_sync
    against_pool = median_of(runs[cpython], POOL) / pypy_sync
    reading = sieve["workload_reading"].iloc[0]
    assert reading.startswith(f"fastest here: PyPy 8.0.1, sync, {pypy_sync:.3g} s; ")
    assert f"{against_sync:.1f}× (95% CI " in reading
    assert "faster than CPython 3.11.7's sync (" in reading
    assert f"; {against_pool:.1f}× (95% CI " in reading
    assert "faster than the best of CPython 3.11.7 (multiprocessing.Pool, " in reading

    path = tmp_path / "interpreters.csv"
    table.to_csv(path, index=False)
    shown = {w["label"]: w for w in across_interpreters.section(path)["workloads"]}
    assert [p["rank"] for p in shown["CPU-bound"]["pairs"]] == [1, 2, 3, 4]
    assert shown["CPU-bound"]["pairs"][0]["interpreter"] == "PyPy 8.0.1"
    skipped = "skipped: uvloop is not installed for PyPy 8.0.1 (Python 3.11.17)"
    assert shown["I/O-bound"]["not_run"] == [
        f"PyPy 8.0.1, asyncio.gather + aiohttp on uvloop: {skipped}"
    ]


def test_a_reference_sync_loop_that_is_its_interpreters_best_is_named_once():
    table, _ = cpython_and_pypy(cpython_pool=8.0)
    reading = table.loc[table["workload"] == "sieve", "workload_reading"].iloc[0]
    assert "faster than CPython 3.11.7's sync (" in reading and reading.endswith(", its best")
    assert "the best of" not in reading


def test_the_warm_up_says_how_much_of_the_sync_loop_the_first_tasks_cost():
    """PyPy's first tenth 3x the rest per task: its excess is 0.1 x 2 / (0.1 x 3
    + 0.9 x 1) = 17% of its tasks' time; CPython's is even, 0%."""
    table, _ = cpython_and_pypy()
    sieve = table[table["workload"] == "sieve"]
    assert sieve["workload_warmup"].iloc[0] == (
        f"Warm-up, in `{SYNC}`: the first tenth of the tasks against the rest's median, time per task "
        "(sizes aside): PyPy 8.0.1 3.0× (the excess: 17% of its tasks' time), "
        "CPython 3.11.7 1.0× (the excess: 0% of its tasks' time)"
    )


def test_a_skipped_pair_is_named_with_its_reason_never_ranked():
    table, _ = cpython_and_pypy()
    row = table.set_index(["experiment", "interpreter"]).loc[(UVLOOP, "PyPy 8.0.1")]
    assert row["skipped_reason"].startswith("uvloop is not installed for PyPy 8.0.1")
    assert pd.isna(row["workload_rank"]) and row["n"] == 0
    assert across_interpreters.cell(row) == f"skipped: {row['skipped_reason']}"
    assert across_interpreters.version_of(PYPY) == (3, 11)


def test_a_workload_whose_runs_were_all_skipped_says_why_everywhere(tmp_path):
    """TLS on PyPy: every I/O run skipped. The summary keeps the reason, the
    sentence gives it, the figure says so, and no order of methods is claimed."""
    runs = runs_frame({IO_SYNC: [1.0, 1.0], UVLOOP: [1.0, 1.0], SYNC: noisy(0.8)})
    reason = "TLS needs trustme for the run's certificate, not installed for PyPy 8.0.1"
    io = runs["workload"] == "http"
    runs.loc[io, ["elapsed_s", "outcome", "outcome_reason"]] = [math.nan, "skipped", reason]
    summary = summary_of(runs)
    row = summary.set_index("experiment").loc[IO_SYNC]
    assert row["skipped_reason"] == reason and row["n"] == 0
    said = sentences.sentence(next(summary[summary["experiment"] == IO_SYNC].itertuples()))
    assert said == f"sync: skipped, {reason}."
    assert [row["workload"] for row in orderings(summary, {"figures": {}}, [])] == ["sieve"]
    times.plot_times(runs, summary, "http", tmp_path / "times_http.png")
    assert (tmp_path / "times_http.png").stat().st_size > 0


def test_too_few_runs_give_no_reading():
    """As for the claims: fewer than 3 runs of one side, no CI worth reading."""
    labels = {"a": "CPython 3.12.1", "b": "CPython 3.13.0"}
    runs = {"a": runs_frame({SYNC: [1.0, 1.01]}), "b": runs_frame({SYNC: [2.0, 2.02]})}
    machines = pd.DataFrame(
        [{"machine": m, "experiment": SYNC, "python": p, "mixed": None} for m, p in labels.items()]
    )
    table = across_interpreters.compare_interpreters(machines, runs, list(labels), [SYNC], CATALOG)
    expected = (
        "CPython 3.12.1 has the lowest median, 2.0× below CPython 3.13.0's; "
        "only 2 run(s) of one of them: too few for a CI"
    )
    assert set(table["reading"]) == {expected}


def test_fewer_than_two_interpreters_give_no_comparison():
    runs = {"vm": runs_frame({SYNC: noisy(8.0)})}
    machines = pd.DataFrame([{"machine": "vm", "experiment": SYNC, "python": "CPython 3.11.7"}])
    assert across_interpreters.compare_interpreters(machines, runs, ["vm"], [SYNC], CATALOG).empty


# --- 1. the interpreter pool: skipped before 3.14, run on 3.14 ----------------------


def test_the_interpreter_pool_is_in_the_catalog_for_314_only():
    row = CATALOG[NEW]
    assert (row.family, row.kind, row.origin, row.python) == (
        "interpreters",
        "interpreters",
        "modern",
        "3.14",
    )
    assert row.params == ("workers",)
    assert not row.runs_on((3, 13)) and row.runs_on((3, 14))


@pytest.mark.skipif(sys.version_info >= (3, 14), reason="this Python runs it")
def test_an_older_python_refuses_the_script_by_name(tmp_path):
    result = subprocess.run(
        [sys.executable, REPO / f"scripts/{NEW}.py", "--stop", "1010", "-o", tmp_path / "r.json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert f"fatal: {NEW} needs Python >= 3.14" in result.stderr
    assert not (tmp_path / "r.json").exists()


TINY = {
    "machine": "old",
    "repeats": 1,
    "min_timed_s": 0,  # one run each, however short
    "experiments": ["io-bound_sync", SYNC, NEW],
    "io": {"n_requests": 3},
    "target": {"delay_s": 0.01},
    "cpu": {"stop": 1050, "workers": 2},
}


@pytest.mark.slow
@pytest.mark.skipif(sys.version_info >= (3, 14), reason="this Python runs it")
def test_an_older_python_skips_it_in_the_dry_run(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "config.yaml").write_text(yaml.safe_dump({**TINY, "repeats": 2}))
    result = snakemake(project, "-n", "--cores", "1", "all")
    assert result.returncode == 0, result.stderr[-3000:]
    assert job_counts(result.stdout)["run_experiment"] == 2 * 2  # io and sync, 2 repeats
    assert f"{NEW} needs Python >= 3.14: not available on old" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(sys.version_info >= (3, 14), reason="this Python runs it")
def test_the_interpreters_preset_plans_runs_and_start_method_sweeps(tmp_path):
    """presets/interpreters.yaml on this Python alone: every experiment but the
    interpreter pool, and the sweep over the start method (dry run)."""
    preset = yaml.safe_load((REPO / "presets/interpreters.yaml").read_text())
    assert NEW in preset["experiments"]
    assert {s["param"] for s in preset["sweeps"].values()} == {"start_method"}
    project = copy_project(tmp_path / "project")
    result = snakemake(
        project, "-n", "--cores", "1", "all", "--configfile", "presets/interpreters.yaml"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    counts = job_counts(result.stdout)
    runs = (len(preset["experiments"]) - 1) * preset["repeats"]
    assert counts["run_experiment"] == runs
    sweep = preset["sweeps"]["start_method"]
    points = len(sweep["experiments"]) * len(sweep["values"]) * preset["sweep_repeats"]
    assert counts["run_sweep_point"] == points


@pytest.mark.slow
@pytest.mark.skipif(sys.version_info >= (3, 14), reason="this Python runs it")
def test_an_older_python_skips_it_and_the_report_says_not_available(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "config.yaml").write_text(yaml.safe_dump(TINY))
    result = snakemake(project, "--cores", "2", "all", timeout=600)
    assert result.returncode == 0, result.stderr[-4000:]
    assert not (project / f"results/old/runs/{NEW}").exists()
    assert (project / f"results/old/runs/{SYNC}/1.json").exists()
    report = (project / "results/report.md").read_text()
    assert "## Machines and interpreters" in report
    assert f"`{NEW}` ({CATALOG[NEW].method}): not available on {THIS_PYTHON}" in report


@pytest.mark.slow
@needs_314
def test_a_sub_interpreter_imports_tasks_and_runs_the_sieve(venv314):
    """tasks.py (with concurrency_bench.run.task_output) imports in a sub-interpreter of 3.14,
    whose get_prime_numbers gives the sieve's answer there."""
    project, python = venv314
    code = (
        "import sys\n"
        "from concurrent import interpreters\n"
        f"scripts = {str(project / 'scripts')!r}\n"
        "interp = interpreters.create()\n"
        "interp.exec(f'import sys; sys.path.insert(0, {scripts!r})')\n"
        "interp.exec('import tasks; primes = tasks.get_prime_numbers(30)\\n"
        "assert primes == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29], primes')\n"
        "interp.close()\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
    assert " - MainProcess - interpreter-" in result.stdout  # the article's line, named


@pytest.mark.slow
@needs_314
def test_the_interpreter_pool_runs_on_314(venv314, tmp_path):
    """A tiny run: a valid record, every number done by 2 sub-interpreters in
    the script's own process."""
    project, python = venv314
    output = tmp_path / "run.json"
    result = subprocess.run(
        [python, project / f"scripts/{NEW}.py", "--start", "1000", "--stop", "1100"]
        + ["--workers", "2", "-o", output],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    record = load_record(output, make_validator())
    assert record["experiment"] == NEW and record["family"] == "interpreters"
    assert record["environment"]["python_version"].startswith("3.14")
    assert record["params"]["workers"] == 2 and record["params"]["work_items"] == 100
    observed = record["observed"]
    assert observed["tasks"] == 100 and observed["n_pids"] == 1
    assert 1 <= observed["n_threads"] <= 2
    assert all("/interpreter-" in thread for thread in observed["threads"])


# --- 3. one target for every interpreter ----------------------------------------------

OTHER = other_interpreter()


@pytest.mark.slow
@pytest.mark.skipif(
    OTHER is None,
    reason=SKIP_REASON,
)
def test_two_interpreters_share_one_target_and_are_set_side_by_side(tmp_path):
    """Each label's client runs its own Python; the embedded target runs the
    main environment's, the same for both: the records name the same target
    interpreter while their own Pythons differ. The report sets the two side by
    side, the interpreter pool "not available" on both."""
    project = copy_project(tmp_path / "project")
    config = {**TINY, "machine": "pair", "pythons": [sys.executable, OTHER]}
    (project / "config.yaml").write_text(yaml.safe_dump(config))
    result = snakemake(project, "--cores", "2", "all", timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]

    labels = sorted(p.name for p in (project / "results").iterdir() if p.name.startswith("pair-"))
    assert len(labels) == 2
    records = [
        json.loads((project / f"results/{label}/runs/io-bound_sync/1.json").read_text())
        for label in labels
    ]
    targets = {(r["target"]["python_executable"], r["target"]["python_version"]) for r in records}
    assert len(targets) == 1
    assert {r["environment"]["python_version"] for r in records} == {
        version_of(sys.executable),
        version_of(OTHER),
    }
    assert targets == {(sys.executable, version_of(sys.executable))}

    table = pd.read_csv(project / "results/interpreters.csv")
    assert set(table["machine"]) == set(labels)
    assert not table.loc[table["experiment"] == NEW, "available"].any()
    report = (project / "results/report.md").read_text()
    assert "### The interpreters side by side" in report
    assert "not available on CPython 3.1" in report
    assert not math.isnan(table.loc[table["experiment"] == SYNC, "median_s"].max())


def test_another_labels_experiments_are_not_the_matrixs():
    """A label of another preset (an experiment only it ran) beside the matrix:
    its experiment is not listed as "not run" by the interpreters."""
    labels = {"a": "CPython 3.12.1", "b": "CPython 3.13.0"}
    runs = {label: runs_frame({SYNC: noisy(1.0 + i)}) for i, label in enumerate(labels)}
    rows = [
        {"machine": m, "experiment": SYNC, "python": p, "mixed": None} for m, p in labels.items()
    ]
    rows.append(
        {"machine": "other", "experiment": IO_SYNC, "python": "CPython 3.11.7", "mixed": None}
    )
    table = across_interpreters.compare_interpreters(
        pd.DataFrame(rows), runs, list(labels), [SYNC], CATALOG
    )
    assert set(table["experiment"]) == {SYNC}
