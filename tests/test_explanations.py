"""analysis/explanations.py: one sentence per experiment, from its summary row:
what its parameters allowed (the bound) and what it measured."""

import math

from analysis import explanations
from analysis.summary import read_summary
from synthetic import runs_frame, summary_of


def summary_rows(runs):
    return {row.experiment: row for row in summary_of(runs).itertuples()}


def test_sentence_for_thread_pool_gives_workers_waves_bound_efficiency():
    """The ThreadPoolExecutor sentence: its 6 workers, 17 waves, bound 1.7 s, 85% efficient."""
    runs = runs_frame({"io-bound_sync": [10.0] * 3, "io-bound_concurrent_2": [2.0] * 3})
    text = explanations.sentence(summary_rows(runs)["io-bound_concurrent_2"])
    assert text.startswith("ThreadPoolExecutor ran 6 workers")
    assert "ThreadPoolExecutor reason" in text
    assert "17 waves" in text
    assert "bound 1.7 s" in text
    assert "measured 2 s" in text
    assert "85% efficient" in text


def test_sentences_follow_the_catalogs_concurrency():
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
    assert "started 100 threads, one per request" in explanations.sentence(
        rows["io-bound_concurrent_1"]
    )
    gathered = explanations.sentence(rows["io-bound_concurrent_3"])
    assert "gathered 100 coroutines over at most 100 connections" in gathered
    assert "over one kept-open connection" in explanations.sentence(rows["io-bound_sync_2"])
    assert "kept-open" not in explanations.sentence(rows["io-bound_sync"])


def test_sentence_for_real_url_says_no_bound():
    """Against a real URL the sentence says there is no bound instead of a NaN."""
    runs = runs_frame({"io-bound_sync": [10.0] * 3}, delay_s=math.nan)
    text = explanations.sentence(summary_rows(runs)["io-bound_sync"])
    assert "no bound" in text
    assert "nan" not in text.lower()


def test_sentence_for_oversubscribed_cpu_pool():
    """A CPU pool with more workers than usable CPUs is called oversubscribed."""
    runs = runs_frame(
        {"cpu-bound_sync": [8.0] * 3, "cpu-bound_parallel_1": [5.0] * 3},
        cpu_bound_parallel_1={"workers": 4},
    )
    rows = summary_rows(runs)
    text = explanations.sentence(rows["cpu-bound_parallel_1"])
    assert "4 worker processes on 2 usable CPUs" in text
    assert "oversubscribed" in text
    assert "bound 4 s" in text and "80% efficient" in text
    assert "oversubscribed" not in explanations.sentence(rows["cpu-bound_sync"])


def test_sentence_for_threads_on_the_sieve_names_the_gil():
    """Threads on the sieve under the GIL: one thread at a time, said so."""
    runs = runs_frame({"cpu-bound_sync": [8.0] * 3, "cpu-bound_concurrent_1": [8.5] * 3})
    text = explanations.sentence(summary_rows(runs)["cpu-bound_concurrent_1"])
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
    assert "17 waves" in explanations.sentence(rows["io-bound_concurrent_2"])
    text = explanations.sentence(rows["cpu-bound_parallel_2"])
    assert "2 worker processes on 2 usable CPUs" in text
