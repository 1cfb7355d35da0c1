"""Repeats sized to the run and interleaved runs: the order itself
(src/concurrency_bench/workflow/run_order.py), then a tiny pipeline run of three experiments, where the
plan (the checkpoint plan_repeats) gives the short ones more runs."""

import functools
import itertools
import json
import random
import re

import pytest
import yaml
from concurrency_bench.workflow import run_order

from project import copy_project, job_counts, snakemake

MACHINE = "order-test"
# io-bound_sync takes at least 10 x 0.04 s, so 0.8 s of timed regions need at
# most 2 runs of it: its `repeats`. The threads and the tiny sieve take a
# fraction of that: max_repeats each.
CONFIG = {
    "machine": MACHINE,
    "repeats": 2,
    "min_timed_s": 0.8,
    "max_repeats": 4,
    "experiments": ["io-bound_sync", "io-bound_concurrent_1", "cpu-bound_sync"],
    "io": {"n_requests": 10},
    "target": {"delay_s": 0.04},
    "cpu": {"stop": 1100},
}
PLANNED = {"io-bound_sync": 2, "io-bound_concurrent_1": 4, "cpu-bound_sync": 4}


def back_to_back(names):
    return sum(a == b for a, b in itertools.pairwise(names))


def fewest_back_to_back(counts):
    """The fewest pairs of one experiment's runs in a row any order can have."""
    top = max(counts.values())
    return max(0, top - (sum(counts.values()) - top) - 1)


# The order ------------------------------------------------------------------


@pytest.mark.parametrize(
    "times_s, repeats, min_timed_s, max_repeats, runs",
    [
        ([0.2] * 5, 5, 10, 40, 40),  # threads: 50 wanted, 40 at most
        ([0.25] * 5, 5, 10, 40, 40),  # asyncio
        ([1.8] * 5, 5, 10, 40, 6),  # the thread pool: ceil(5.6)
        ([10.0] * 5, 5, 10, 40, 5),  # the sync loop: its repeats
        ([0.2, 9.0, 0.2, 0.2, 0.2], 5, 10, 40, 40),  # the median, not the mean
        ([0.2] * 5, 5, 0, 40, 5),  # min_timed_s 0: repeats only
        ([0.2] * 5, 5, 10, 3, 5),  # repeats above max_repeats: repeats wins
        ([], 5, 10, 40, 5),  # no time to go by
    ],
)
def test_the_plan_sizes_repeats_to_the_run(times_s, repeats, min_timed_s, max_repeats, runs):
    assert run_order.planned_repeats(times_s, repeats, min_timed_s, max_repeats) == runs


def test_the_order_numbers_every_run_once():
    experiments = ["a", "b", "c"]
    order = run_order.run_order(experiments, 3, seed=1, planned={"a": 3, "b": 7, "c": 5})
    assert [run["run_index"] for run in order] == list(range(1, 16))
    for name, runs in {"a": 3, "b": 7, "c": 5}.items():
        mine = [run for run in order if run["experiment"] == name]
        assert [run["repeat"] for run in mine] == list(range(1, runs + 1))
        assert [run["phase"] for run in mine] == [1] * 3 + [2] * (runs - 3)
    assert [run["phase"] for run in order] == sorted(run["phase"] for run in order)


def test_the_same_seed_gives_the_same_order_and_another_seed_another():
    experiments = [f"e{i}" for i in range(7)]
    first = run_order.run_order(experiments, 5, seed=1)
    assert run_order.run_order(experiments, 5, seed=1) == first
    assert run_order.run_order(experiments, 5, seed=2) != first
    assert run_order.run_order(experiments, 5, seed=1, key="cpython3.13.1") != first


@pytest.mark.parametrize("seed", range(20))
def test_equal_repeats_form_randomized_blocks(seed):
    """Phase 1: the k-th run of every experiment lies in the k-th block."""
    experiments = ["a", "b", "c", "d"]
    names = [run["experiment"] for run in run_order.run_order(experiments, 5, seed)]
    blocks = [names[i : i + 4] for i in range(0, 20, 4)]
    assert all(sorted(block) == experiments for block in blocks)
    assert back_to_back(names) == 0
    assert len(set(map(tuple, blocks))) > 1  # shuffled, not one block repeated


@functools.cache
def fewest_pairs(counts, last):
    """The fewest pairs in a row of any order of `counts` ((name, runs), ...)
    after a run of `last`: every order, tried."""
    best = None
    for i, (name, runs) in enumerate(counts):
        if runs:
            rest = (*counts[:i], (name, runs - 1), *counts[i + 1 :])
            pairs = (name == last) + fewest_pairs(rest, name)
            best = pairs if best is None else min(best, pairs)
    return best or 0


@pytest.mark.parametrize("seed", range(40))
def test_runs_of_one_experiment_follow_each_other_only_when_unavoidable(seed):
    rng = random.Random(seed)
    counts = {name: rng.randint(0, 6) for name in "abcd"}
    last = rng.choice([None, *counts])
    names = run_order.interleave(counts, random.Random(seed), last)
    assert sorted(names) == sorted(name for name, n in counts.items() for _ in range(n))
    assert back_to_back([last, *names]) == fewest_pairs(tuple(counts.items()), last)


def test_unavoidable_pairs_are_spread_not_left_to_the_end():
    names = run_order.interleave({"a": 23, "b": 15, "c": 1}, random.Random(1))
    assert back_to_back(names) == fewest_back_to_back({"a": 23, "b": 15, "c": 1})
    assert "aaa" not in "".join(names)  # 17 gaps for 23 runs: pairs at most
    assert names[-8:] != ["a"] * 8


def test_the_plan_keeps_its_reasons():
    plan = run_order.make_plan(
        {"slow": [10.0, 10.2], "fast": [0.2, 0.3]}, ["slow", "fast"], 2, 10, 40, seed=1
    )
    assert plan["repeats"] == {"slow": 2, "fast": 40}
    assert plan["first_median_s"] == pytest.approx({"slow": 10.1, "fast": 0.25})
    assert len(plan["order"]) == 42 and plan["order_seed"] == 1


# A tiny pipeline run ------------------------------------------------------------


@pytest.fixture(scope="module")
def ordered_run(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("order") / "project")
    (project / "config.yaml").write_text(yaml.safe_dump(CONFIG))
    result = snakemake(project, "--cores", "2", "all")
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return project


def records(project):
    """Every run record of the project, in the order the runs were timed."""
    found = [json.loads(p.read_text()) for p in project.glob(f"results/{MACHINE}/runs/*/*.json")]
    return sorted(found, key=lambda record: record["started_at"])


def plan_of(project):
    return json.loads((project / f"results/{MACHINE}/plan.json").read_text())


@pytest.mark.slow
def test_the_plan_gives_the_shorter_experiments_more_runs(ordered_run):
    plan = plan_of(ordered_run)
    assert plan["repeats"] == PLANNED
    measured = [record["experiment"] for record in records(ordered_run)]
    assert {name: measured.count(name) for name in PLANNED} == PLANNED
    runs_csv = (ordered_run / f"results/{MACHINE}/runs.csv").read_text().splitlines()
    assert len(runs_csv) == 1 + sum(PLANNED.values())  # the aggregation reads them all


@pytest.mark.slow
def test_the_runs_are_timed_in_the_order_of_their_run_index(ordered_run):
    timed = records(ordered_run)
    assert [record["run_index"] for record in timed] == list(range(1, len(timed) + 1))
    planned = [(run["experiment"], run["repeat"]) for run in plan_of(ordered_run)["order"]]
    assert [(record["experiment"], record["repeat"]) for record in timed] == planned


@pytest.mark.slow
def test_no_experiment_runs_twice_in_a_row(ordered_run):
    # Phase 1 has 2 runs of each, phase 2 two each of the short ones: avoidable.
    assert back_to_back([record["experiment"] for record in records(ordered_run)]) == 0


@pytest.mark.slow
def test_a_second_run_measures_nothing_new(ordered_run):
    before = {path: path.read_bytes() for path in ordered_run.glob("results/*/runs/*/*.json")}
    dry = snakemake(ordered_run, "-n", "--cores", "1", "all")
    assert dry.returncode == 0
    assert job_counts(dry.stdout) == {}, dry.stdout
    again = snakemake(ordered_run, "--cores", "1", "all")
    assert again.returncode == 0, again.stderr[-3000:]
    after = {path: path.read_bytes() for path in ordered_run.glob("results/*/runs/*/*.json")}
    assert after == before


@pytest.mark.slow
def test_a_new_order_does_not_touch_the_measured_runs(ordered_run):
    # repeats 3: phase 1 and its order change; of the runs it asks for, only
    # the sync loop's third is new. The measured ones, whose jobs Snakemake
    # remembers, are not run again for a new place in the order.
    dry = snakemake(ordered_run, "-n", "--cores", "1", "all", "--config", "repeats=3")
    assert dry.returncode == 0, dry.stderr[-3000:]
    assert job_counts(dry.stdout)["run_experiment"] == 1
    assert f"results/{MACHINE}/runs/io-bound_sync/3.json" in dry.stdout


@pytest.mark.slow
def test_the_same_seed_gives_the_same_order_on_a_fresh_copy(ordered_run, tmp_path):
    project = copy_project(tmp_path / "fresh")
    (project / "config.yaml").write_text(yaml.safe_dump(CONFIG))
    dry = snakemake(project, "-n", "-p", "--cores", "1", "all")
    assert dry.returncode == 0, dry.stderr[-3000:]
    # Phase 1, as the dry run would run it: each command names its run index.
    found = re.findall(
        r"--run-index (\d+) --repeat (\d+) .*?/runs/([a-z0-9_-]+)/\d+\.json", dry.stdout
    )
    planned = {(name, int(repeat)): int(index) for index, repeat, name in found}
    measured = {
        (record["experiment"], record["repeat"]): record["run_index"]
        for record in records(ordered_run)
        if record["repeat"] <= CONFIG["repeats"]
    }
    assert planned == measured and len(planned) == 6


@pytest.mark.slow
def test_other_parameters_are_still_refused(ordered_run):
    dry = snakemake(ordered_run, "-n", "--cores", "1", "all", "--config", "max_repeats=3")
    assert dry.returncode == 0  # another plan is fine: nothing measured changes
    overlay = ordered_run / "other.yaml"
    overlay.write_text("io:\n  n_requests: 20\n")
    refused = snakemake(
        ordered_run, "-n", "--cores", "1", "all", "--configfile", "config.yaml", overlay
    )
    assert refused.returncode != 0
    assert "n_requests 10 (config: 20)" in refused.stdout + refused.stderr
