"""The verdict card, on summary tables made here: each row's model, median,
speedup and CI are summary.csv's, it agrees with the workload's
recommendation, a tie and a sync loop that nothing beats are worded as such,
and the report opens with it (after the title, before the claims)."""

import pytest
from concurrency_bench.analysis import choice
from concurrency_bench.report import sections, verdict_card
from concurrency_bench.report.workload_pages import recommendation
from concurrency_bench.words import format_seconds, format_speedup

from synthetic import noisy, row_of, runs_frame, summary_of
from test_report_workloads import TEMPLATES, processes, summary, threads
from test_ties import ASYNCIO, THREADS, waiting

# The article's seven: threads win the I/O-bound work clearly; on the
# CPU-bound work the processes lose to the sync loop, as on a 2-core machine
# where the article's cpu_count() - 1 leaves one worker.
ARTICLE_TIMES = {
    "io-bound_sync": noisy(10.3, seed=1),
    "io-bound_concurrent_1": noisy(0.37, seed=2),
    "io-bound_concurrent_2": noisy(1.8, seed=3),
    "io-bound_concurrent_3": noisy(0.42, seed=4),
    "cpu-bound_sync": noisy(10.9, seed=5),
    "cpu-bound_parallel_1": noisy(14.8, seed=6),
    "cpu-bound_parallel_2": noisy(18.3, seed=7),
}


@pytest.fixture(scope="module")
def article():
    # The CPUs each kept busy, as runs.csv has them from the CPU times.
    busy = {"io-bound_sync": 0.02, "io-bound_concurrent_1": 0.6, "cpu-bound_sync": 0.99}
    params = {name.replace("-", "_"): {"parallelism": value} for name, value in busy.items()}
    return summary_of(runs_frame(ARTICLE_TIMES, **params))


def card_of(table, tie=0.05):
    return {row["label"]: row for row in verdict_card.card(table, tie)}


def speedup_said(row):
    ci = f"{format_speedup(row.speedup_ci_low)}–{format_speedup(row.speedup_ci_high)}"
    return f"{format_speedup(row.speedup)} ({ci})"


def test_each_row_says_summary_csvs_model_median_and_speedup_with_its_ci(article):
    card = card_of(article)
    assert list(card) == ["I/O-bound", "CPU-bound"]
    io = card["I/O-bound"]
    fastest = article[article["workload"] == "http"].sort_values("median_s").iloc[0]
    assert io["experiment"] == fastest.experiment == "io-bound_concurrent_1"
    assert io["answer"] == "use `io-bound_concurrent_1` (threading.Thread)"
    assert io["median"] == f"{format_seconds(fastest.median_s)} s"
    assert io["speedup"] == speedup_said(fastest)
    assert io["anchor"] == "#io-bound"
    assert io["why"] == "0.6 CPUs busy, waits 98%"


def test_where_nothing_beats_the_sync_loop_the_card_says_so(article):
    cpu = card_of(article)["CPU-bound"]
    assert cpu["sync_unbeaten"] and cpu["experiment"] == "cpu-bound_sync"
    assert cpu["answer"] == "nothing beats the sync loop (`cpu-bound_sync`)"
    # Its own speedup is 1 by definition: the best other's says by how much they lost.
    best_other = row_of(article, "cpu-bound_parallel_1")
    assert cpu["speedup"] == f"best other `cpu-bound_parallel_1`: {speedup_said(best_other)}"
    assert best_other.speedup < 1


def test_a_sync_loop_tied_with_a_model_is_not_beaten():
    rows = summary(threads(0.81, (0.79, 0.83), 1.0), processes(1.2, (1.1, 1.3), 0.9))
    (row,) = verdict_card.card(rows)
    assert row["answer"] == "nothing beats the sync loop: it ties with `hashing/thread_pool_map`"
    # Its link: the heading of the workload's own section.
    assert (row["label"], row["anchor"]) == ("Your workload `hashing`", "#your-workload-hashing")
    assert recommendation(rows).startswith("No measurable difference")


def test_a_practical_tie_names_the_tied_models_and_the_one_put_first():
    rows = waiting(0.106, (0.1055, 0.1065), cpu_s=(0.8, 0.030, 0.052))
    (row,) = verdict_card.card(rows)
    assert row["case"] == choice.PRACTICAL_TIE
    assert row["answer"] == f"tie: `{ASYNCIO}`, `{THREADS}`; put `{ASYNCIO}` first"
    assert f"Put `{ASYNCIO}` first" in recommendation(rows)
    asyncio = row_of(rows, ASYNCIO)
    assert row["speedup"] == speedup_said(asyncio)
    assert "waits 95%" in row["why"]


def test_the_card_agrees_with_each_recommendation():
    for rows in (
        summary(threads(0.42, (0.41, 0.43), 1.9), processes(0.50, (0.49, 0.51), 1.8)),
        summary(threads(0.82, (0.81, 0.83), 1.0), processes(0.43, (0.42, 0.44), 1.9)),
    ):
        (row,) = verdict_card.card(rows)
        assert recommendation(rows).startswith(f"Use `{row['experiment']}`")
        assert row["answer"].startswith(f"use `{row['experiment']}`")


def test_processes_say_what_sending_the_items_costs():
    rows = summary(threads(0.82, (0.81, 0.83), 1.0), processes(0.43, (0.42, 0.44), 1.9))
    (row,) = verdict_card.card(rows)
    # 64 items at 35 µs each, as the profile of test_report_workloads has it.
    assert row["why"] == "1.9 CPUs busy, waits 2%, sending items 2.24 ms"


def test_the_plain_text_card_fits_the_terminal(article):
    text = verdict_card.plain_text(verdict_card.card(article), "vm")
    lines = text.splitlines()
    assert len(lines) <= 15
    assert "`" not in text
    assert any(
        line.startswith("CPU-bound") and "nothing beats the sync loop" in line for line in lines
    )


def test_the_report_opens_with_the_card():
    names = [section.name for section in sections.every()]
    assert names[:4] == ["header", "card", "headline", "claims"]
    assert any(path.name == "card.md.j2" for path in TEMPLATES)
