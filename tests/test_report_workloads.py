"""The report's section on a user's workload, on summary rows made here: the
profile, the ranking and the recommendation say what the numbers say; and the
template draws every table through one macro, with no fact written into it."""

import math
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
from concurrency_bench.report import experiment_rows, workload_pages
from concurrency_bench.report.workload_pages import profile_sentence, ranking, recommendation

REPO = Path(__file__).resolve().parent.parent
# The report's template and every fragment it includes.
TEMPLATES = [
    REPO / "report/report.md.j2",
    *sorted((REPO / "src/concurrency_bench/report/sections").glob("*.j2")),
    *sorted((REPO / "src/concurrency_bench/workloads").rglob("*.j2")),
]
# The profile of the workload, the same on each of its rows (as summary.csv has it).
PROFILE = {
    "n_tasks": 64,
    "task_s": 0.0123,
    "cpu_share": 0.98,
    "item_bytes": 18,
    "result_bytes": 81,
    "transfer_s": 35e-6,
}
# (experiment, kind of model, median, its CI, speedup and its CI, parallelism)
SYNC = ("hashing/sync_loop", "sync", 0.80, (0.79, 0.81), 1.0, (1.0, 1.0), 1.0)


# The catalog's family of each kind of model of these rows.
FAMILIES = {
    "sync": "sync",
    "threads": "thread pool",
    "processes": "processes",
    "interpreters": "interpreters",
    "coroutines": "asyncio",
}


def summary(*models, cpu_share=0.98):
    """Summary rows of the workload `hashing`: the sync loop and `models`."""
    rows = []
    for experiment, model, median, ci, speedup, speedup_ci, parallelism in (SYNC, *models):
        rows.append(
            {
                **PROFILE,
                "cpu_share": cpu_share,
                "experiment": experiment,
                "workload": "hashing",
                "origin": "model",
                "baseline": SYNC[0],
                "method": model,
                "kind": model,
                "family": FAMILIES[model],
                "median_s": median,
                "ci_low_s": ci[0],
                "ci_high_s": ci[1],
                "speedup": speedup,
                "speedup_ci_low": speedup_ci[0],
                "speedup_ci_high": speedup_ci[1],
                "parallelism": parallelism,
                "workers": 1 if model == "sync" else 2,
                "usable_cpus": 2,
                "gil_enabled": True,
                "bound_s": 0.4,
            }
        )
    return pd.DataFrame(rows)


def threads(median, ci, parallelism):
    return ("hashing/thread_pool_map", "threads", median, ci, 0.8 / median, (1.8, 2.0), parallelism)


def processes(median, ci, parallelism):
    return (
        "hashing/process_pool_map",
        "processes",
        median,
        ci,
        0.8 / median,
        (1.7, 1.9),
        parallelism,
    )


def test_the_profile_sentence_gives_every_measured_fact():
    said = profile_sentence(summary())
    assert said == (
        "64 items, 12.3 ms a task in a sync pass, CPU share 98% (so 2% waiting), an item "
        "pickles to 18 bytes and its result to 81 bytes; a process pool's parent spends "
        "35 µs per item sending and receiving them."
    )


def test_without_a_profile_the_sentence_says_so():
    rows = summary().assign(task_s=math.nan)
    assert "no profile" in profile_sentence(rows)


def test_the_ranking_goes_fastest_first_with_its_numbers():
    rows = summary(threads(0.42, (0.41, 0.43), 1.9), processes(0.45, (0.44, 0.46), 1.9))
    said = ranking(rows)
    assert [line.split("`")[1] for line in said] == [
        "hashing/thread_pool_map",
        "hashing/process_pool_map",
        "hashing/sync_loop",
    ]
    assert "0.42 s (95% CI 0.41–0.43 s)" in said[0]
    assert "1.9× the sync loop (95% CI 1.8×–2.0×)" in said[0]
    assert said[0].endswith("parallelism 1.9 CPUs.")
    assert "the baseline" in said[2] and said[2].endswith("parallelism 1.0 CPU.")


def test_a_task_that_releases_the_gil_is_run_in_threads():
    rows = summary(threads(0.42, (0.41, 0.43), 1.9), processes(0.50, (0.49, 0.51), 1.8))
    said = recommendation(rows)
    assert said.startswith("Use `hashing/thread_pool_map`")
    assert "threads reached 1.9 CPUs of parallelism: this task releases the GIL" in said


def test_a_task_that_holds_the_gil_is_run_in_processes():
    rows = summary(threads(0.82, (0.81, 0.83), 1.0), processes(0.43, (0.42, 0.44), 1.9))
    said = recommendation(rows)
    assert said.startswith("Use `hashing/process_pool_map`")
    assert "threads stayed at 1.0 CPU: the task holds the GIL; processes reached 1.9 CPUs" in said


def test_overlapping_cis_are_no_measurable_difference():
    rows = summary(threads(0.42, (0.40, 0.45), 1.9), processes(0.43, (0.41, 0.46), 1.9))
    said = recommendation(rows)
    assert said.startswith(
        "No measurable difference between `hashing/thread_pool_map` and `hashing/process_pool_map`"
    )
    assert "Use" not in said


def test_a_mostly_waiting_task_is_said_to_overlap_its_waits():
    rows = summary(
        threads(0.10, (0.09, 0.11), 0.1), processes(0.45, (0.44, 0.46), 0.2), cpu_share=0.05
    )
    said = recommendation(rows)
    assert "the task waits 95% of its time: threads and coroutines overlap the waits" in said


def test_the_bounds_name_their_reason():
    rows = summary(threads(0.42, (0.41, 0.43), 1.9), processes(0.45, (0.44, 0.46), 1.9))
    baseline, facts = workload_pages.baseline_of(rows), workload_pages.profile(rows)
    said = [workload_pages.bound_sentence(row, baseline, facts) for row in rows.itertuples()]
    assert "the sync loop itself" in said[0]
    assert "under the GIL" in said[1] and "max(c·T, T / W)" in said[1]
    assert "min(W, P) = 2 CPUs" in said[2] and "+ 64 × 35 µs" in said[2]


def test_each_connection_limit_comes_from_the_catalog():
    catalog = {
        "capped": SimpleNamespace(options={"at_once": "connections", "connection_limit": 100}),
        "open": SimpleNamespace(options={"at_once": "connections", "connection_limit": None}),
        "sync": SimpleNamespace(options={}),
    }
    rows = pd.DataFrame(
        {
            "experiment": ["capped", "open", "sync"],
            "method": ["asyncio.gather", "httpx unlimited", "sync"],
            "kind": ["coroutines", "coroutines", "sync"],
        }
    )
    assert experiment_rows.connection_limits(rows, catalog) == [
        "L = 100 for `capped`",
        "L = n (no limit) for `open`",
    ]


def test_idle_cpus_are_said_only_where_the_pools_left_some():
    runs = pd.DataFrame(
        {
            "experiment": ["one_worker", "one_worker", "every_cpu", "threads"],
            "workload": ["sieve", "sieve", "sieve", "sieve"],
            "kind": ["processes", "processes", "processes", "threads"],
            "workers": pd.array([1, 1, 2, 1], dtype="Int64"),
            "usable_cpus": [2, 2, 2, 2],
            "concurrency_reason": ["auto: cpu_count() - 1 = 2 - 1"] * 3 + ["set: 1"],
        }
    )
    (said,) = experiment_rows.idle_cpus(runs)
    assert said.startswith(
        "`one_worker` ran 1 worker (auto: cpu_count() - 1 = 2 - 1) on 2 usable CPUs"
    )
    assert "`cpu.workers`" in said
    assert experiment_rows.idle_cpus(runs[runs["experiment"] != "one_worker"]) == []


def test_the_template_draws_every_table_through_one_macro():
    template = "\n".join(path.read_text() for path in TEMPLATES)
    assert any(path.name == "experiment_table.j2" for path in TEMPLATES)
    assert len(re.findall(r"{%-?\s*macro\s", template)) == 1
    # No table of experiments' statistics is written out by hand beside it.
    for header in ("| concurrency |", "| IQR [s] |", "| parallelism"):
        assert header not in template
    for fact in ("100 connections", "at most 100", "is **one** process", "2-CPU machine"):
        assert fact not in template


def test_models_of_one_family_that_tie_are_recommended_together():
    """Two process pools within each other's CIs, both beyond threads: use processes."""
    rows = summary(
        ("hashing/process_pool_map", "processes", 0.42, (0.41, 0.43), 1.9, (1.8, 2.0), 1.9),
        ("hashing/process_pool_submit", "processes", 0.425, (0.415, 0.435), 1.88, (1.8, 2.0), 1.9),
        threads(0.8, (0.79, 0.81), 1.0),
    )
    said = workload_pages.recommendation(rows)
    assert said.startswith(
        "Use processes here: `hashing/process_pool_map` and `hashing/process_pool_submit`"
    )
    assert "no measurable difference between them" in said
    assert "the task holds the GIL" in said
