"""A practical tie in a workload's recommendation, on summary rows made here:
models within analysis.practical_tie of the fastest's median are named
together with their ratio, even with their CIs apart, and the cheaper is put
first (less CPU time, then fewer moving parts); beyond it the fastest is
recommended alone."""

from types import SimpleNamespace

import pytest
from concurrency_bench import models
from concurrency_bench.analysis import ties
from concurrency_bench.record import parameters
from concurrency_bench.report import workload_pages
from concurrency_bench.report.sections import your_workloads
from concurrency_bench.report.workload_pages import recommendation
from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from test_report_workloads import summary, threads

ASYNCIO = "hashing/asyncio_gather"
THREADS = "hashing/thread_pool_map"


def coroutines(median, ci):
    return (ASYNCIO, "coroutines", median, ci, 0.8 / median, (7.6, 7.8), 0.3)


def waiting(threads_median, threads_ci, cpu_s=None):
    """A sleep-bound task: asyncio at 0.104 s (CIs narrow), threads at
    `threads_median`; `cpu_s` the CPU seconds of (sync, asyncio, threads)."""
    rows = summary(
        coroutines(0.104, (0.1038, 0.1042)),
        threads(threads_median, threads_ci, 0.5),
        cpu_share=0.05,
    )
    return rows if cpu_s is None else rows.assign(client_cpu_s=list(cpu_s))


def test_two_percent_apart_with_the_cis_apart_is_a_tie_broken_by_cpu():
    said = recommendation(waiting(0.106, (0.1055, 0.1065), cpu_s=(0.8, 0.030, 0.052)))
    assert said.startswith(
        f"`{ASYNCIO}` and `{THREADS}` tie within 2% (1.02×, their CIs apart). "
        f"Put `{ASYNCIO}` first: the least CPU time, by more than 5%: 22 ms less than the "
        f"next (`{ASYNCIO}` 30 ms, `{THREADS}` 52 ms)."
    )
    assert "slower beyond both CIs" not in said and "Use" not in said
    assert "Why: the task waits 95% of its time" in said


def test_a_tie_in_cpu_time_too_breaks_on_fewer_moving_parts():
    said = recommendation(waiting(0.106, (0.1055, 0.1065), cpu_s=(0.8, 0.050, 0.051)))
    assert said.startswith(f"`{ASYNCIO}` and `{THREADS}` tie within 2% (1.02×, their CIs apart).")
    assert (
        f"Put `{THREADS}` first: memory not measured for each of them; CPU time within 5% of the least "
        f"(`{ASYNCIO}` 50 ms, `{THREADS}` 51 ms); fewer moving parts, threads before "
        "coroutines (in order: the sync loop, threads, coroutines, processes, "
        "sub-interpreters, greenlets, a cluster's workers)."
    ) in said


def test_without_cpu_time_the_tie_breaks_on_moving_parts_and_says_so():
    said = recommendation(waiting(0.106, (0.1055, 0.1065)))
    assert (
        f"Put `{THREADS}` first: memory not measured for each of them; CPU time not measured "
        "for each of them; fewer moving parts, "
        "threads before coroutines"
    ) in said


def test_ten_percent_apart_the_fastest_is_recommended_alone():
    said = recommendation(waiting(0.1144, (0.113, 0.116), cpu_s=(0.8, 0.050, 0.030)))
    assert said.startswith(f"Use `{ASYNCIO}` (coroutines) here: ")
    assert f"the runner-up `{THREADS}` is slower beyond both CIs" in said
    assert "tie" not in said and "Put" not in said


def test_a_wider_practical_tie_takes_in_ten_percent_and_none_takes_in_nothing():
    rows = waiting(0.1144, (0.113, 0.116), cpu_s=(0.8, 0.050, 0.030))
    said = recommendation(rows, practical_tie=0.15)
    assert said.startswith(f"`{ASYNCIO}` and `{THREADS}` tie within 10% (1.10×, their CIs apart)")
    assert f"Put `{THREADS}` first: the least CPU time, by more than 15%" in said
    close = recommendation(waiting(0.106, (0.1055, 0.1065)), practical_tie=0)
    assert close.startswith(f"Use `{ASYNCIO}` (coroutines) here: ")


def test_within_the_tie_a_model_is_put_first_only_among_the_tied():
    """The sync loop is the cheapest and simplest of all, but is not tied."""
    said = recommendation(waiting(0.106, (0.1055, 0.1065), cpu_s=(0.001, 0.030, 0.052)))
    assert f"Put `{ASYNCIO}` first" in said and "sync_loop" not in said


def test_the_section_takes_the_configs_practical_tie(monkeypatch):
    # The table wants every column of summary.csv; these rows have the recommendation's.
    monkeypatch.setattr(workload_pages, "experiment_table", lambda rows, columns: [])
    rows = waiting(0.106, (0.1055, 0.1065))
    for tie, starts in ((0.05, f"`{ASYNCIO}` and `{THREADS}` tie"), (0.0, f"Use `{ASYNCIO}`")):
        report = SimpleNamespace(summary=rows, config={"analysis": {"practical_tie": tie}})
        (section,) = your_workloads.SECTION.context(report)["your_workloads"]
        assert section["recommendation"].startswith(starts)
    (section,) = workload_pages.sections(rows)  # without a config: the schema's default
    assert section["recommendation"].startswith(f"`{ASYNCIO}` and `{THREADS}` tie")


def test_the_config_default_is_five_percent_and_its_range_is_checked(tmp_path):
    schema = parameters.write_config_schema(tmp_path / "config.schema.yaml")
    config = {}
    validate(config, schema)
    assert config["analysis"]["practical_tie"] == 0.05 == ties.DEFAULT
    assert parameters.schema_at("analysis.practical_tie")["description"]
    for bad in (-0.01, 1, "5%"):
        with pytest.raises(WorkflowError, match="practical_tie"):
            validate({"analysis": {"practical_tie": bad}}, schema)


def test_every_kind_of_model_has_its_place_in_the_moving_parts_order():
    assert sorted(kind.name for kind in ties.SIMPLEST_FIRST) == sorted(models.KINDS)
    assert ties.SIMPLEST_FIRST[0] is models.SYNC


def test_one_familys_models_apart_by_their_cis_but_within_the_tie_are_used_together():
    rows = summary(
        ("hashing/process_pool_map", "processes", 0.42, (0.418, 0.422), 1.9, (1.8, 2.0), 1.9),
        ("hashing/process_pool_submit", "processes", 0.43, (0.428, 0.432), 1.9, (1.8, 2.0), 1.9),
        threads(0.8, (0.79, 0.81), 1.0),
    ).assign(client_cpu_s=[0.8, 0.9, 0.8, 0.8])
    said = recommendation(rows)
    assert said.startswith(
        "Use processes here: `hashing/process_pool_map` and `hashing/process_pool_submit`, "
    )
    assert "; they tie within 3% (1.02×, their CIs apart). " in said
    assert "Put `hashing/process_pool_submit` first: the least CPU time, by more than 5%" in said
