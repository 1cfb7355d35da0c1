"""The scrape workload between I/O and CPU: its pages, its bound, and the
crossover map read from a sweep over its parse passes (synthetic sweeps: the
numbers are made up, the reading of them is what is tested)."""

import asyncio

import pandas as pd
import pytest
from aiohttp.test_utils import TestClient, TestServer
from concurrency_bench.target import pages
from concurrency_bench.target.server import make_app
from concurrency_bench.tasks import parse_links
from concurrency_bench.workloads.scrape import SCRAPE, crossover
from concurrency_bench.workloads.scrape.crossover import facts as crossover_facts
from concurrency_bench.workloads.scrape.crossover import order as crossover_order

from script_runner import CATALOG

SYNC, THREADS, ASYNCIO, ASYNCIO_PP, PROCESSES = (
    "scrape_sync",
    "scrape_threads",
    "scrape_asyncio",
    "scrape_asyncio_process_pool",
    "scrape_process_pool",
)


def test_a_page_holds_the_links_the_workload_expects():
    """The parse of a generated page finds exactly pages.links(), in order; the
    page is about its size, and the same for the same number."""
    html = pages.page(3, 8)
    assert 8 * 1024 <= len(html) < 9 * 1024
    assert parse_links(html, passes=2) == pages.links(3, 8)
    assert pages.links(3, 8) and pages.page(3, 8) == html != pages.page(4, 8)


def test_the_target_serves_the_pages_and_refuses_a_bad_size():
    async def fetch():
        async with TestClient(TestServer(make_app(delay_s=0.0))) as client:
            page = await client.get("/page/5?kb=4")
            too_big = await client.get(f"/page/5?kb={pages.MAX_KB + 1}")
            return page.status, await page.text(), page.content_type, too_big.status

    status, text, content_type, too_big = asyncio.run(fetch())
    assert (status, content_type, too_big) == (200, "text/html", 400)
    assert text == pages.page(5, 4)


def bound_row(experiment, **changes):
    """A summary row of 10 pages, 0.05 s each, 5 ms of parsing each (the
    request's own CPU left out, but where said), on 2 CPUs."""
    row = CATALOG[experiment]
    return {
        "n_tasks": 10,
        "delay_s": 0.05,
        "rtt_s": 0.0,
        "passes": 5,
        "parse_pass_s": 0.001,
        "fetch_cpu_s": 0.0,
        "transfer_s": 0.0001,
        "in_flight": 10 if "in_flight" in row.params else None,
        "workers": 2 if "workers" in row.params else None,
        "usable_cpus": 2,
        "gil_enabled": True,
        "kind": row.kind,
        "cpu_step": row.option("cpu_step"),
        **changes,
    }


@pytest.mark.parametrize(
    "experiment, bound_s",
    [
        (SYNC, 10 * (0.05 + 0.005)),  # one after another
        (THREADS, max(10 * 0.005, 0.05)),  # one wave; the parses on one CPU
        (ASYNCIO, 0.05),
        (ASYNCIO_PP, max(10 * 0.005 / 2, 0.05) + 10 * 0.0001),  # + sending the pages
        (PROCESSES, 5 * (0.05 + 0.005)),  # each worker: its 5 pages one after another
    ],
)
def test_the_bound_adds_the_waves_of_waiting_to_the_cpu_where_it_runs(experiment, bound_s):
    assert SCRAPE.bound(bound_row(experiment), float("nan"))[0] == pytest.approx(bound_s)


def test_the_requests_cpu_counts_where_it_runs():
    """2 ms of CPU per request: with the parse, on the GIL's one CPU for
    threads; left in the parent, on one CPU, when the parses are handed over."""
    threads = SCRAPE.bound(bound_row(THREADS, fetch_cpu_s=0.002, passes=1), float("nan"))
    handed = SCRAPE.bound(bound_row(ASYNCIO_PP, fetch_cpu_s=0.008, passes=1), float("nan"))
    assert threads[0] == pytest.approx(max(10 * 0.003, 0.05))
    assert handed[0] == pytest.approx(10 * 0.008 + 10 * 0.0001)


def test_a_cpu_heavy_point_is_bound_by_the_cpus_at_work():
    """500 ms of parsing per page: the GIL's one CPU against the pool's two."""
    threads = SCRAPE.bound(bound_row(THREADS, passes=500), float("nan"))
    handed = SCRAPE.bound(bound_row(ASYNCIO_PP, passes=500), float("nan"))
    assert threads == pytest.approx((5.0, 1))
    assert handed == pytest.approx((2.5 + 0.001, 2))


# A sweep's summaries (summarize_sweep's columns the map reads): at 1 pass the
# thread pool wins by its waiting; at 512 the process pool by its 2 CPUs.
MODELS = {
    SYNC: ("for loop", "sync", "sync", "same"),
    THREADS: ("ThreadPoolExecutor", "thread pool", "threads", "same"),
    ASYNCIO: ("asyncio", "asyncio", "coroutines", "same"),
    ASYNCIO_PP: ("asyncio + pool", "asyncio + processes", "coroutines", "processes"),
    PROCESSES: ("ProcessPoolExecutor", "processes", "processes", "same"),
}
# {passes: {model: (median_s, parallelism, fetch latency p50)}}
POINTS = {
    1: {
        SYNC: (0.9, 0.05, 0.051),
        THREADS: (0.08, 0.5, 0.055),
        ASYNCIO: (0.09, 0.5, 0.07),
        ASYNCIO_PP: (0.20, 0.4, 0.06),
        PROCESSES: (0.50, 0.1, 0.052),
    },
    64: {
        SYNC: (2.0, 0.55, 0.051),
        THREADS: (1.05, 0.95, 0.20),
        ASYNCIO: (1.10, 0.97, 0.45),
        ASYNCIO_PP: (0.70, 1.6, 0.06),
        PROCESSES: (1.10, 1.0, 0.052),
    },
    512: {
        SYNC: (9.0, 0.93, 0.051),
        THREADS: (8.3, 1.0, 0.9),
        ASYNCIO: (8.4, 1.0, 3.5),
        ASYNCIO_PP: (4.4, 1.9, 0.06),
        PROCESSES: (4.6, 1.9, 0.052),
    },
}


def synthetic_sweep():
    rows = []
    for passes, models in POINTS.items():
        for experiment, (median_s, parallelism, p50) in models.items():
            method, family, kind, cpu_step = MODELS[experiment]
            rows.append(
                {
                    "sweep": "cpu_share",
                    "value": passes,
                    "experiment": experiment,
                    "baseline": SYNC,
                    "method": method,
                    "family": family,
                    "kind": kind,
                    "cpu_step": cpu_step,
                    "n": 3,
                    "median_s": median_s,
                    "ci_low_s": 0.97 * median_s,
                    "ci_high_s": 1.03 * median_s,
                    "bound_s": 0.8 * median_s,
                    "efficiency": 0.8,
                    "parallelism": parallelism,
                    "latency_p50_s": p50,
                    "latency_p99_s": 2 * p50,
                    "delay_s": 0.05,
                    "failed": 0,
                    "failed_reason": None,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def table():
    return crossover.crossover_table(synthetic_sweep())


def test_the_cpu_share_of_a_point_is_its_sync_loops_measured_parallelism(table):
    shares = table.drop_duplicates("passes").set_index("passes")["cpu_share"]
    assert shares.to_dict() == {1: 0.05, 64: 0.55, 512: 0.93}
    at_64 = table[table["passes"] == 64].set_index("experiment")
    assert at_64.loc[ASYNCIO_PP, "speedup"] == pytest.approx(2.0 / 0.7)
    assert at_64["fastest"].sum() == 1 and at_64.loc[ASYNCIO_PP, "fastest"]


def test_a_crossing_names_its_share_and_the_cis_on_both_sides(table):
    found = crossover_order.crossings(table)
    pair = next(c for c in found if {c["first"], c["second"]} == {ASYNCIO_PP, THREADS})
    # ln(0.20/0.08) / (ln(0.20/0.08) - ln(0.70/1.05)) of the way from 5% to 55%.
    assert 0.05 < pair["share"] < 0.55
    assert pair["clear"]
    sentence = pair["sentence"]
    assert f"cross at about {round(100 * pair['share'])}% CPU per task" in sentence
    assert "between 5% and 55%" in sentence
    assert "at 5%, `scrape_threads` 80 ms [77.6 ms, 82.4 ms] against" in sentence
    assert "at 55%, `scrape_asyncio_process_pool` 700 ms [679 ms, 721 ms]" in sentence
    # Every crossing is between neighbouring points, in order of share.
    assert [c["share"] for c in found] == sorted(c["share"] for c in found)


def test_the_rule_reads_the_winners_from_the_lowest_share_up(table):
    rule = crossover_order.rule(table, crossover_order.crossings(table))
    assert rule.startswith("On this machine: below ")
    assert "CPU per task, use `scrape_threads` (ThreadPoolExecutor): 11.2× the sync loop" in rule
    assert "; above " in rule and "use `scrape_asyncio_process_pool` (asyncio + pool)" in rule
    # At 512 passes the process pool ties (CIs overlap): the rule says so.
    assert "tied within the CIs at some point with `scrape_process_pool`" in rule


def test_each_win_is_explained_by_what_differed_in_the_measurements(table):
    why = crossover_facts.why(table)
    assert len(why) == 3
    # At 5% the thread pool beat asyncio by its fetches' waiting...
    assert "its fetches waited less: p50 55 ms against 70 ms" in why[0]
    # ... at 55% and 93% the pool of processes by its parallel CPUs.
    assert "its CPU work ran in parallel: 1.60 CPUs busy against 0.95" in why[1]


def test_handing_the_parses_over_is_shown_in_the_fetches_latencies(table):
    pairs = crossover_facts.handed_over_pairs(table)
    assert pairs == [(ASYNCIO, ASYNCIO_PP)]
    said = crossover_facts.loop_blocking(table, *pairs[0])
    assert len(said) == 3
    assert said[2].startswith(
        "at 93% CPU per task, the fetches of `scrape_asyncio` took p50 3.5 s, p99 7 s; "
        "those of `scrape_asyncio_process_pool` p50 60 ms, p99 120 ms "
        "(the target answers after 50 ms)"
    )


def test_no_crossing_is_said_with_its_numbers():
    sweep = synthetic_sweep()
    sweep = sweep[sweep["experiment"].isin([SYNC, THREADS])]
    table = crossover.crossover_table(sweep)
    assert crossover_order.crossings(table) == []
    said = crossover_order.no_crossing(table)
    assert said.startswith("No two models swapped places between 5% and 93% CPU per task")
    assert "`scrape_threads` fastest" in said


def test_the_section_renders_a_cell_per_model_and_point(tmp_path, table):
    path = tmp_path / "crossover.csv"
    table.to_csv(path, index=False)
    section = crossover.section(str(path))
    assert section["shares"] == ["5.0%", "55.0%", "93.0%"]
    row = next(r for r in section["rows"] if r["experiment"] == ASYNCIO_PP)
    assert row["cells"][1] == "**700 ms** (2.9×)"
    assert section["crossings"] and section["no_crossing"] is None


@pytest.mark.parametrize(
    "experiment, options, least_s",
    [
        (SYNC, {"--n-pages": 16, "--delay": 0.05}, 16 * 0.05),
        (THREADS, {"--n-pages": 16, "--delay": 0.05, "--in-flight": 32}, 0.05),
        (PROCESSES, {"--n-pages": 16, "--delay": 0.05, "--workers": 2}, 8 * 0.05),
    ],
)
def test_the_cost_estimate_counts_the_waves_of_waiting(experiment, options, least_s):
    from concurrency_bench.workflow import pipeline

    assert pipeline.least_s(CATALOG[experiment], options) == pytest.approx(least_s)


@pytest.mark.slow
def test_a_sweep_over_passes_plans_the_crossover_map(project):
    """presets/mixed.yaml: every model at every point, then one crossover map;
    without the study switched on (config `studies`), no map."""
    import yaml

    from project import dry_run, job_counts

    preset = yaml.safe_load((project / "presets/mixed.yaml").read_text())
    counts = job_counts(dry_run(project, preset).stdout)
    points = len(preset["sweeps"]["cpu_share"]["values"])
    assert counts["run_sweep_point"] == 6 * points * preset["sweep_repeats"]
    assert counts["study"] == 1 and counts["markdown_report"] == 1
    assert "study" not in job_counts(dry_run(project, {"repeats": 1}).stdout)
    off = {**preset, "studies": {"crossover": {"activate": False, "sweeps": ["cpu_share"]}}}
    assert "study" not in job_counts(dry_run(project, off).stdout)


def test_swaps_within_the_noise_are_named_apart(tmp_path):
    """A swap whose CIs overlap on one side is no crossing the report asserts."""
    sweep = synthetic_sweep()
    wide = (sweep["experiment"] == THREADS) & (sweep["value"] == 64)
    sweep.loc[wide, ["ci_low_s", "ci_high_s"]] = [0.5, 1.5]
    table = crossover.crossover_table(sweep)
    path = tmp_path / "crossover.csv"
    table.to_csv(path, index=False)
    section = crossover.section(str(path))
    assert not any("`scrape_threads`" in s and "asyncio_process" in s for s in section["crossings"])
    assert "within the noise" in section["within_noise"]
    assert "`scrape_asyncio_process_pool` and `scrape_threads` at about" in section["within_noise"]
