"""src/concurrency_bench/report/sentences.py: one sentence per experiment, from its summary row:
what its parameters allowed (the bound) and what it measured."""

import math

from concurrency_bench.analysis.summary import read_summary
from concurrency_bench.report import sentences

from synthetic import runs_frame, summary_of, yours


def summary_rows(runs):
    return {row.experiment: row for row in summary_of(runs).itertuples()}


def test_sentence_for_thread_pool_gives_workers_waves_bound_efficiency():
    """The ThreadPoolExecutor sentence: its 6 workers, 17 waves, bound 1.7 s, 85% efficient."""
    runs = runs_frame({"io-bound_sync": [10.0] * 3, "io-bound_concurrent_2": [2.0] * 3})
    text = sentences.sentence(summary_rows(runs)["io-bound_concurrent_2"])
    assert text.startswith("ThreadPoolExecutor ran 6 workers")
    assert "ThreadPoolExecutor reason" in text
    assert "17 waves" in text
    assert "bound 1.7 s" in text
    assert "measured 2 s" in text
    assert "85% efficient" in text


def test_sentences_follow_the_catalogs_kind_and_options():
    """Threads per request, asyncio's connections and a kept-open Session are
    each described as what their catalog row says they do."""
    runs = runs_frame(
        {
            "io-bound_sync": [10.0] * 3,
            "io-bound_sync_2": [9.0] * 3,
            "io-bound_concurrent_1": [0.2] * 3,
            "io-bound_concurrent_3": [0.2] * 3,
        }
    )
    rows = summary_rows(runs)
    assert "started 100 threads, one per request" in sentences.sentence(
        rows["io-bound_concurrent_1"]
    )
    gathered = sentences.sentence(rows["io-bound_concurrent_3"])
    assert "gathered 100 coroutines over at most 100 connections" in gathered
    assert "over one kept-open connection" in sentences.sentence(rows["io-bound_sync_2"])
    assert "kept-open" not in sentences.sentence(rows["io-bound_sync"])


def test_sentence_for_real_url_says_no_bound():
    """Against a real URL the sentence says there is no bound instead of a NaN."""
    runs = runs_frame({"io-bound_sync": [10.0] * 3}, delay_s=math.nan)
    text = sentences.sentence(summary_rows(runs)["io-bound_sync"])
    assert "no bound" in text
    assert "nan" not in text.lower()


def test_sentence_for_oversubscribed_cpu_pool():
    """A CPU pool with more workers than usable CPUs is called oversubscribed."""
    runs = runs_frame(
        {"cpu-bound_sync": [8.0] * 3, "cpu-bound_parallel_1": [5.0] * 3},
        cpu_bound_parallel_1={"workers": 4},
    )
    rows = summary_rows(runs)
    text = sentences.sentence(rows["cpu-bound_parallel_1"])
    assert "4 worker processes on 2 usable CPUs" in text
    assert "oversubscribed" in text
    assert "bound 4 s" in text and "80% efficient" in text
    assert "oversubscribed" not in sentences.sentence(rows["cpu-bound_sync"])


def test_sentence_for_threads_on_the_sieve_names_the_gil():
    """Threads on the sieve under the GIL: one thread at a time, said so."""
    runs = runs_frame({"cpu-bound_sync": [8.0] * 3, "cpu-bound_concurrent_1": [8.5] * 3})
    text = sentences.sentence(summary_rows(runs)["cpu-bound_concurrent_1"])
    assert "2 threads on 2 usable CPUs" in text
    assert "the GIL" in text


def test_sentence_from_summary_csv(tmp_path):
    """Sentences work on summary.csv read back, as the report reads it."""
    runs = runs_frame(
        {
            "io-bound_sync": [10.0] * 3,
            "io-bound_concurrent_2": [2.0] * 3,
            "cpu-bound_sync": [8.0] * 3,
            "cpu-bound_parallel_2": [5.0] * 3,
        }
    )
    path = tmp_path / "summary.csv"
    summary_of(runs).to_csv(path, index=False)
    rows = {row.experiment: row for row in read_summary(path).itertuples()}
    assert "17 waves" in sentences.sentence(rows["io-bound_concurrent_2"])
    text = sentences.sentence(rows["cpu-bound_parallel_2"])
    assert "2 worker processes on 2 usable CPUs" in text


# --- your workload: what its runs measured -------------------------------------


def your_rows(median_s, parallelism, cpu_share=1.0, kind="threads", workers=32):
    """Summary rows of your workload's sync loop (8 s) and one model of it."""
    model = yours(kind)
    params = {"parallelism": parallelism, "cpu_share": cpu_share, "workers": workers}
    runs = runs_frame(
        {yours("sync"): [8.0] * 3, model: [median_s] * 3},
        **{model.replace("/", "_"): params},
    )
    return summary_rows(runs)[model]


def test_your_threads_that_overlapped_release_the_gil():
    """Threads busier than 1.2 CPUs with a task all on the CPU: it releases the
    GIL, and the sentence gives the numbers it says so from."""
    row = your_rows(median_s=4.5, parallelism=1.92)
    text = sentences.sentence(row)
    assert text.startswith(f"{row.method} ran 32 threads: parallelism 1.92 CPUs of 2 usable")
    assert "the task releases the GIL: its measured CPU share is 100%" in text
    assert "the threads still overlapped" in text
    assert "bound 8 s under the GIL, measured 4.5 s" in text
    assert "holds the GIL" not in text


def test_your_threads_that_took_turns_hold_the_gil():
    """Threads at one CPU with a task mostly on the CPU: it holds the GIL."""
    text = sentences.sentence(your_rows(median_s=8.4, parallelism=1.0, cpu_share=0.9))
    assert "parallelism 1.00 CPUs of 2 usable" in text
    assert "the task holds the GIL: 90% of its time on the CPU" in text
    assert "releases" not in text
    # max(0.9 · 8 s on one CPU, 8 s / 32 at once) = 7.2 s
    assert "bound 7.2 s under the GIL, measured 8.4 s, 86% efficient" in text


def test_your_threads_on_a_waiting_task_say_neither():
    """A task mostly waiting: one CPU busy says nothing of the GIL, and the
    sentence says the threads overlap the waiting."""
    text = sentences.sentence(your_rows(median_s=0.5, parallelism=0.3, cpu_share=0.05))
    assert "releases" not in text and "holds" not in text
    assert "mostly waits: 5% of its time on the CPU" in text


def test_your_processes_are_described_by_their_cpus_and_transfers():
    """Processes: their CPUs at work and what sending the items costs; no word of the GIL."""
    text = sentences.sentence(
        your_rows(median_s=4.4, parallelism=1.95, kind="processes", workers=2)
    )
    assert "ran 2 worker processes: parallelism 1.95 CPUs of 2 usable;" in text
    assert "bound 4 s on 2 CPUs, 640 µs of it sending the 64 items, measured 4.4 s" in text
    assert "GIL" not in text


def test_your_sync_loop_sentence():
    runs = runs_frame(
        {yours("sync"): [8.0] * 3}, **{yours("sync").replace("/", "_"): {"parallelism": 1.0}}
    )
    text = sentences.sentence(summary_rows(runs)[yours("sync")])
    assert "over its 64 items one at a time in 8 s" in text
    assert "parallelism 1.00 CPUs of 2 usable, 100% of it on the CPU" in text
