"""The analysis behind the report (bounds, summary, claims, sentences, pipeline
overhead) on synthetic runs whose answers are known in advance."""

import math
from pathlib import Path

import ablations
import bounds
import claims
import concurrency
import explain
import numpy as np
import overhead
import pandas as pd
import pytest
import summarize
import yaml

ARTICLE = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "report/article_figures.yaml").read_text()
)
# Few resamples keep the suite fast; the verdicts below are far from the edge.
RESAMPLES = 2_000
SEED = 11

# experiment -> (kind, method, its own parameters)
EXPERIMENTS = {
    "io-bound_sync": ("io", "sync", {"max_workers": 1}),
    "io-bound_concurrent_1": ("io", "threading.Thread", {"max_workers": 100}),
    "io-bound_concurrent_2": ("io", "ThreadPoolExecutor", {"max_workers": 6}),
    "io-bound_concurrent_3": ("io", "asyncio.gather", {"max_workers": 100}),
    "cpu-bound_sync": ("cpu", "sync", {"workers": 1}),
    "cpu-bound_parallel_1": ("cpu", "multiprocessing.Pool", {"workers": 2}),
    "cpu-bound_parallel_2": ("cpu", "ProcessPoolExecutor", {"workers": 2}),
    "cpu-bound_concurrent_1": ("cpu", "ThreadPoolExecutor", {"workers": 2}),
    "io-bound_parallel_1": ("io", "ProcessPoolExecutor", {"max_workers": 2}),
    "cpu-bound_parallel_3": ("cpu", "ProcessPoolExecutor.map(chunksize=Pool's)", {"workers": 2}),
}
INTEGER_COLUMNS = (
    "repeat",
    "n_requests",
    "max_workers",
    "start",
    "stop",
    "workers",
    "work_items",
)


def runs_frame(times, repeats=None, usable_cpus=2, n_requests=100, delay_s=0.1, **params):
    """A runs table (the columns summarize/claims read, with runs.csv's dtypes).

    `times`: {experiment: [elapsed_s, ...]}; `repeats`: {experiment: [repeat, ...]}
    (default 1..n); `params`: {experiment: {column: value}} overriding EXPERIMENTS.
    """
    rows = []
    for experiment, elapsed in times.items():
        kind, method, own = EXPERIMENTS[experiment]
        own = {**own, **params.get(experiment.replace("-", "_"), {})}
        labels = (repeats or {}).get(experiment, range(1, len(elapsed) + 1))
        for repeat, seconds in zip(labels, elapsed, strict=True):
            io = kind == "io"
            rows.append(
                {
                    "experiment": experiment,
                    "kind": kind,
                    "method": method,
                    "repeat": repeat,
                    "elapsed_s": float(seconds),
                    "n_requests": n_requests if io else None,
                    "delay_s": delay_s if io else math.nan,
                    "rtt_s": 0.0 if io else math.nan,
                    "tls": False if io else None,
                    "max_workers": own.get("max_workers") if io else None,
                    "start": None if io else 1000,
                    "stop": None if io else 16000,
                    "workers": None if io else own["workers"],
                    "work_items": None if io else own.get("work_items", 15000),
                    "gil_enabled": True,
                    "concurrency_reason": f"{method} reason",
                    "errors": 0,
                    "usable_cpus": usable_cpus,
                    "loadavg_1m_before": 0.2,
                }
            )
    runs = pd.DataFrame(rows)
    runs["delay_s"] = runs["delay_s"].astype(float)
    return runs.astype({c: "Int64" for c in INTEGER_COLUMNS})


def noisy(center, n=7, spread=0.01, seed=0):
    """n times around `center`, a relative `spread` apart; deterministic."""
    rng = np.random.default_rng(seed)
    return (center * (1 + spread * rng.standard_normal(n))).tolist()


def row_of(summary, experiment):
    return summary.set_index("experiment").loc[experiment]


def summary_of(runs, **analysis):
    return summarize.summarize(runs, seed=SEED, resamples=RESAMPLES, **analysis)


# --- bounds ------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, n, bound, waves",
    [
        ("sync", 100, 10.0, 100),
        ("threading.Thread", 100, 0.1, 1),
        ("ThreadPoolExecutor", 100, 1.7, 17),
        ("asyncio.gather", 250, 0.3, 3),
        ("asyncio.gather", 100, 0.1, 1),
        ("ProcessPoolExecutor", 100, 5.0, 50),
    ],
)
def test_io_bound_is_waves_times_delay(method, n, bound, waves, monkeypatch):
    """The I/O bound is ceil(n / in flight) waves of the delay, in flight as the
    record says for each method (ThreadPoolExecutor 6, ProcessPoolExecutor 2)."""
    monkeypatch.setattr(
        concurrency,
        "default_max_workers",
        lambda executor: {"ThreadPoolExecutor": 6, "ProcessPoolExecutor": 2}[executor.__name__],
    )
    in_flight = concurrency.io_concurrency(method, n)["max_workers"]
    got_bound, got_waves = bounds.io_bound(n, 0.1, in_flight)
    assert got_waves == waves
    assert got_bound == pytest.approx(bound)


@pytest.mark.parametrize("delay", [None, math.nan])
def test_io_bound_is_nan_for_a_real_url(delay):
    """A real URL (no delay parameter) has no bound, but still its waves."""
    bound, waves = bounds.io_bound(100, delay, 6)
    assert math.isnan(bound)
    assert waves == 17


@pytest.mark.parametrize(
    "method, workers, cpus, bound, parallel",
    [
        ("sync", 1, 2, 8.0, 1),
        ("multiprocessing.Pool", 4, 2, 4.0, 2),
        ("ProcessPoolExecutor", 1, 2, 8.0, 1),
        ("multiprocessing.Pool", 3, 4, 8.0 / 3, 3),
    ],
)
def test_cpu_bound_divides_sync_by_usable_parallelism(method, workers, cpus, bound, parallel):
    """The CPU bound is the sync median over min(workers, usable CPUs)."""
    got_bound, got_parallel = bounds.cpu_bound(method, 8.0, workers, cpus)
    assert got_parallel == parallel
    assert got_bound == pytest.approx(bound)


@pytest.mark.parametrize("gil, bound, parallel", [(True, 8.0, 1), (None, 8.0, 1), (False, 4.0, 2)])
def test_cpu_bound_of_threads_depends_on_the_gil(gil, bound, parallel):
    """Threads on the sieve: no parallelism under the GIL, as processes without it."""
    got_bound, got_parallel = bounds.cpu_bound("ThreadPoolExecutor", 8.0, 4, 2, gil)
    assert got_parallel == parallel
    assert got_bound == pytest.approx(bound)


# --- summarize ---------------------------------------------------------------


def test_summary_spread_outliers_and_instability():
    """Median, IQR, CV and Tukey outliers per experiment; the outlier is named by repeat."""
    runs = runs_frame(
        {
            "io-bound_sync": [1.98, 2.0, 2.02, 1.99, 2.01],
            "io-bound_concurrent_1": [5.0, 1.0, 1.0, 1.0, 1.0],
        },
        repeats={"io-bound_concurrent_1": [5, 4, 3, 2, 1]},
    )
    summary = summary_of(runs, max_cv=0.10)
    assert list(summary["experiment"]) == ["io-bound_sync", "io-bound_concurrent_1"]

    stable = row_of(summary, "io-bound_sync")
    assert stable["n"] == 5
    assert stable["median_s"] == pytest.approx(2.0)
    assert stable["iqr_s"] == pytest.approx(0.02)
    assert stable["cv"] == pytest.approx(np.std([1.98, 2.0, 2.02, 1.99, 2.01], ddof=1) / 2.0)
    assert stable["n_outliers"] == 0
    assert stable["outlier_repeats"] == ""
    assert not stable["unstable"]
    assert stable["ci_low_s"] <= stable["median_s"] <= stable["ci_high_s"]

    spread = row_of(summary, "io-bound_concurrent_1")
    assert spread["median_s"] == 1.0
    assert spread["iqr_s"] == 0.0
    assert spread["cv"] == pytest.approx(math.sqrt(3.2) / 1.8)
    assert spread["n_outliers"] == 1
    assert spread["outlier_repeats"] == "5"  # the repeat's label, not its position
    assert spread["unstable"]
    assert spread["ci_low_s"] <= 1.0 <= spread["ci_high_s"]


def test_summary_speedup_is_ratio_of_medians_within_its_ci():
    """speedup = sync median / median, and its CI brackets it, per kind."""
    runs = runs_frame(
        {
            "io-bound_sync": noisy(10.0, seed=1),
            "io-bound_concurrent_2": noisy(2.0, seed=2),
            "cpu-bound_sync": noisy(6.0, seed=3),
            "cpu-bound_parallel_1": noisy(4.0, seed=4),
        }
    )
    summary = summary_of(runs)
    medians = summary.set_index("experiment")["median_s"]
    expected = {
        "io-bound_sync": 1.0,
        "io-bound_concurrent_2": medians["io-bound_sync"] / medians["io-bound_concurrent_2"],
        "cpu-bound_sync": 1.0,
        "cpu-bound_parallel_1": medians["cpu-bound_sync"] / medians["cpu-bound_parallel_1"],
    }
    for experiment, speedup in expected.items():
        row = row_of(summary, experiment)
        assert row["speedup"] == pytest.approx(speedup)
        assert row["speedup_ci_low"] <= row["speedup"] <= row["speedup_ci_high"]
    assert row_of(summary, "io-bound_concurrent_2")["speedup"] == pytest.approx(5.0, rel=0.02)


def test_summary_speedup_is_nan_without_a_sync_experiment():
    """A kind whose sync experiment was not run gets no speedup, not a made-up one."""
    summary = summary_of(runs_frame({"io-bound_concurrent_1": [1.0, 1.1, 1.2]}))
    row = row_of(summary, "io-bound_concurrent_1")
    assert math.isnan(row["speedup"])
    assert math.isnan(row["speedup_ci_low"]) and math.isnan(row["speedup_ci_high"])


def test_summary_bounds_and_efficiency():
    """bound_s from the parameters, waves or CPUs, efficiency = bound / median."""
    runs = runs_frame(
        {
            "io-bound_sync": [10.5, 10.6, 10.4],
            "io-bound_concurrent_1": [0.2, 0.2, 0.2],
            "io-bound_concurrent_2": [2.0, 2.0, 2.0],
            "io-bound_concurrent_3": [0.4, 0.5, 0.6],
            "cpu-bound_sync": [8.0, 8.0, 8.0],
            "cpu-bound_parallel_1": [5.0, 5.0, 5.0],
            "cpu-bound_parallel_2": [9.0, 9.0, 9.0],
        },
        cpu_bound_parallel_1={"workers": 4},
        cpu_bound_parallel_2={"workers": 1},
    )
    summary = summary_of(runs).set_index("experiment")
    expected = {  # experiment: (bound_s, waves_or_cpus, median_s)
        "io-bound_sync": (10.0, 100, 10.5),
        "io-bound_concurrent_1": (0.1, 1, 0.2),
        "io-bound_concurrent_2": (1.7, 17, 2.0),
        "io-bound_concurrent_3": (0.1, 1, 0.5),
        "cpu-bound_sync": (8.0, 1, 8.0),
        "cpu-bound_parallel_1": (4.0, 2, 5.0),  # 4 workers, 2 usable CPUs
        "cpu-bound_parallel_2": (8.0, 1, 9.0),  # 1 worker: no parallelism
    }
    for experiment, (bound, scale, median) in expected.items():
        row = summary.loc[experiment]
        assert row["bound_s"] == pytest.approx(bound), experiment
        assert row["waves_or_cpus"] == scale, experiment
        assert row["efficiency"] == pytest.approx(bound / median), experiment
    assert summary.loc["io-bound_concurrent_2", "concurrency"] == 6
    assert summary.loc["cpu-bound_parallel_1", "concurrency"] == 4


def test_summary_bound_is_nan_for_a_real_url():
    """Runs against a real URL (delay unknown) get NaN bound and efficiency."""
    runs = runs_frame(
        {"io-bound_sync": [5.0, 5.1], "io-bound_concurrent_2": [1.0, 1.1]}, delay_s=math.nan
    )
    summary = summary_of(runs)
    assert summary["bound_s"].isna().all()
    assert summary["efficiency"].isna().all()
    assert list(summary["waves_or_cpus"]) == [100, 17]


def test_summary_is_deterministic_for_a_seed():
    """The same runs and seed give the same summary, CIs included."""
    runs = runs_frame(
        {
            "io-bound_sync": noisy(10.0, spread=0.05, seed=5),
            "io-bound_concurrent_1": noisy(0.3, spread=0.05, seed=6),
            "cpu-bound_sync": noisy(6.0, spread=0.05, seed=7),
            "cpu-bound_parallel_1": noisy(3.5, spread=0.05, seed=8),
        }
    )
    pd.testing.assert_frame_equal(summary_of(runs), summary_of(runs))


def test_summary_survives_a_csv_round_trip(tmp_path):
    """summary.csv read back keeps integer columns and the same numbers."""
    runs = runs_frame(
        {"io-bound_sync": [10.0, 10.2, 9.9], "io-bound_concurrent_2": [2.0, 2.1, 1.9]}
    )
    runs_csv, summary_csv = tmp_path / "runs.csv", tmp_path / "summary.csv"
    runs.to_csv(runs_csv, index=False)
    summarize.write_summary(runs_csv, summary_csv, seed=SEED, resamples=RESAMPLES)
    back = summarize.read_summary(summary_csv)
    assert str(back["waves_or_cpus"].dtype) == "Int64"
    assert list(back["waves_or_cpus"]) == [100, 17]
    pd.testing.assert_series_equal(back["median_s"], summary_of(runs)["median_s"])


# --- claims ------------------------------------------------------------------

ALL_FAST = {
    "io-bound_sync": noisy(10.0, seed=11),
    "io-bound_concurrent_1": noisy(0.2, seed=12),
    "io-bound_concurrent_2": noisy(1.8, seed=13),
    "io-bound_concurrent_3": noisy(0.6, seed=14),  # clearly slower than threads
    "cpu-bound_sync": noisy(8.0, seed=15),
    "cpu-bound_parallel_1": noisy(4.2, seed=16),
    "cpu-bound_parallel_2": noisy(4.2, seed=16),  # the same times as Pool
}


def check(runs):
    summary = summary_of(runs)
    table = claims.check_claims(runs, summary, ARTICLE, seed=SEED, resamples=RESAMPLES)
    return table.set_index("claim")


def test_claims_verdicts_on_clear_and_overlapping_evidence():
    """Clearly faster holds, clearly slower does not hold, identical groups are inconclusive."""
    table = check(runs_frame(ALL_FAST))
    assert list(table.columns) == list(claims.COLUMNS[1:])
    assert len(table) == 5  # the article's own claims: their experiments all ran
    assert table.loc["Threads speed up I/O over sync", "verdict"] == "holds"
    assert table.loc["Threads speed up I/O over sync", "ratio"] == pytest.approx(
        np.median(ALL_FAST["io-bound_sync"]) / np.median(ALL_FAST["io-bound_concurrent_1"])
    )
    threadpool = "ThreadPoolExecutor is slower than a thread per request (its worker cap)"
    assert table.loc[threadpool, "verdict"] == "holds"
    asyncio_claim = table.loc["asyncio is the fastest I/O method"]
    assert asyncio_claim["verdict"] == "does not hold"
    assert asyncio_claim["ci_high"] < 1
    # The closest competitor (threads) decides the ratio shown.
    assert asyncio_claim["ratio"] == pytest.approx(
        np.median(ALL_FAST["io-bound_concurrent_1"]) / np.median(ALL_FAST["io-bound_concurrent_3"])
    )
    assert "timed region" in asyncio_claim["why"]
    assert table.loc["multiprocessing speeds up the CPU-bound task", "verdict"] == "holds"
    same = table.loc["ProcessPoolExecutor is slower than Pool"]
    assert same["verdict"] == "inconclusive"
    assert same["ci_low"] < 1 < same["ci_high"]


def test_claims_ci_brackets_ratio():
    """Each claim's ratio lies within its own CI."""
    table = check(runs_frame(ALL_FAST))
    assert (table["ci_low"] <= table["ratio"]).all()
    assert (table["ratio"] <= table["ci_high"]).all()


def test_claims_with_one_run_are_inconclusive():
    """One run per experiment never gives a verdict, and `why` says there were too few runs."""
    table = check(runs_frame({e: times[:1] for e, times in ALL_FAST.items()}))
    assert (table["verdict"] == "inconclusive").all()
    assert table["why"].str.contains("too few").all()


def test_claims_one_worker_pool_cannot_speed_up():
    """A 1-worker pool on 2 usable CPUs: `why` says no parallel speedup is possible."""
    times = {**ALL_FAST, "cpu-bound_parallel_1": noisy(8.3, seed=20)}
    table = check(runs_frame(times, cpu_bound_parallel_1={"workers": 1}))
    claim = table.loc["multiprocessing speeds up the CPU-bound task"]
    assert claim["verdict"] == "does not hold"
    assert "no parallel speedup possible" in claim["why"]
    assert "1 worker on a 2-CPU machine" in claim["why"]


def test_claims_with_missing_experiments_are_left_out():
    """A claim whose experiments were not all run is not in the table."""
    io_only = {e: t for e, t in ALL_FAST.items() if e != "io-bound_concurrent_3" and "io" in e}
    table = check(runs_frame(io_only))
    assert list(table.index) == [
        "Threads speed up I/O over sync",
        "ThreadPoolExecutor is slower than a thread per request (its worker cap)",
    ]


def test_claims_article_column_from_published_figures():
    """The article column gives slower/faster in each published run, as the report shows."""
    table = check(runs_frame(ALL_FAST))
    assert table.loc["Threads speed up I/O over sync", "article"] == "15.4×, 11.3×, 5.1×"
    # A "fastest" claim: against the closest competitor of each published run.
    assert table.loc["asyncio is the fastest I/O method", "article"] == "1.8×, 4.0×, 12.7×"


# --- explain -----------------------------------------------------------------


def summary_rows(runs):
    return {row.experiment: row for row in summary_of(runs).itertuples()}


def test_sentence_for_thread_pool_gives_workers_waves_bound_efficiency():
    """The ThreadPoolExecutor sentence: its 6 workers, 17 waves, bound 1.7 s, 85% efficient."""
    runs = runs_frame({"io-bound_sync": [10.0] * 3, "io-bound_concurrent_2": [2.0] * 3})
    text = explain.sentence(summary_rows(runs)["io-bound_concurrent_2"])
    assert text.startswith("ThreadPoolExecutor ran 6 workers")
    assert "ThreadPoolExecutor reason" in text
    assert "17 waves" in text
    assert "bound 1.7 s" in text
    assert "measured 2 s" in text
    assert "85% efficient" in text


def test_sentence_for_real_url_says_no_bound():
    """Against a real URL the sentence says there is no bound instead of a NaN."""
    runs = runs_frame({"io-bound_sync": [10.0] * 3}, delay_s=math.nan)
    text = explain.sentence(summary_rows(runs)["io-bound_sync"])
    assert "no bound" in text
    assert "nan" not in text.lower()


def test_sentence_for_oversubscribed_cpu_pool():
    """A CPU pool with more workers than usable CPUs is called oversubscribed."""
    runs = runs_frame(
        {"cpu-bound_sync": [8.0] * 3, "cpu-bound_parallel_1": [5.0] * 3},
        cpu_bound_parallel_1={"workers": 4},
    )
    rows = summary_rows(runs)
    text = explain.sentence(rows["cpu-bound_parallel_1"])
    assert "4 worker processes on 2 usable CPUs" in text
    assert "oversubscribed" in text
    assert "bound 4 s" in text and "80% efficient" in text
    assert "oversubscribed" not in explain.sentence(rows["cpu-bound_sync"])


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
    rows = {row.experiment: row for row in summarize.read_summary(path).itertuples()}
    assert "17 waves" in explain.sentence(rows["io-bound_concurrent_2"])
    assert "2 worker processes on 2 usable CPUs" in explain.sentence(rows["cpu-bound_parallel_2"])


# --- overhead ----------------------------------------------------------------


def job(start, finish, elapsed, total, kind="io", startup=0.1, setup=0.5, teardown=0.05):
    return {
        "process_started_at": f"2026-11-25T10:00:{start:06.3f}+00:00",
        "job_finished_at": f"2026-11-25T10:00:{finish:06.3f}+00:00",
        "elapsed_s": elapsed,
        "job_total_s": total,
        "kind": kind,
        "startup_s": startup,
        "setup_s": setup,
        "teardown_s": teardown,
    }


def test_pipeline_overhead_from_job_times():
    """Wall time, timed share, per-job cost and the median gap between jobs, as constructed."""
    runs = pd.DataFrame(
        [  # deliberately not in start order
            job(12.0, 20.0, 4.0, 8.0, startup=0.2, setup=2.0, teardown=0.1),
            job(0.0, 10.0, 5.0, 10.0, startup=0.1, setup=1.0, teardown=0.3),
            job(23.0, 30.0, 3.0, 7.0, kind="cpu", startup=0.3, setup=0.5, teardown=0.2),
        ]
    )
    facts = overhead.pipeline_overhead(runs)
    assert facts["n_jobs"] == 3
    assert facts["wall_s"] == pytest.approx(30.0)
    assert facts["timed_s"] == pytest.approx(12.0)
    assert facts["timed_share"] == pytest.approx(0.4)
    assert facts["between_jobs_s"] == pytest.approx(2.5)  # gaps of 2 s and 3 s
    assert facts["per_job_s"] == pytest.approx(4.0)  # 5, 4, 4
    assert facts["startup_s"] == pytest.approx(0.2)
    assert facts["setup_io_s"] == pytest.approx(1.5)
    assert facts["setup_cpu_s"] == pytest.approx(0.5)
    assert facts["teardown_s"] == pytest.approx(0.2)
    assert facts["overhead_s"] == pytest.approx(18.0)


def test_pipeline_overhead_of_a_single_job():
    """One job (repeats: 1, one experiment): no gap between jobs, NaN, not a crash."""
    facts = overhead.pipeline_overhead(pd.DataFrame([job(0.0, 10.0, 5.0, 10.0)]))
    assert facts["wall_s"] == pytest.approx(10.0)
    assert math.isnan(facts["between_jobs_s"])


def test_the_claims_the_article_never_measured():
    """Threads on the sieve (GIL) and processes on I/O get verdicts of their own."""
    times = {
        **ALL_FAST,
        "cpu-bound_concurrent_1": noisy(8.4, seed=21),  # threads: sync's time, a bit more
        "io-bound_parallel_1": noisy(5.0, seed=22),  # between threads and sync
    }
    table = check(runs_frame(times))
    gil = table.loc[
        "Threads do not speed up the CPU-bound task (the GIL): at most 5% faster than sync"
    ]
    assert gil["verdict"] == "holds"
    assert gil["article"] == "not measured in the article"
    assert "GIL" in gil["why"]
    assert (
        table.loc["Processes on the I/O-bound task are slower than threads", "verdict"] == "holds"
    )
    assert table.loc["... but faster than sync", "verdict"] == "holds"
    faster_threads = check(runs_frame({**times, "cpu-bound_concurrent_1": noisy(4.0, seed=23)}))
    assert faster_threads.loc[gil.name, "verdict"] == "does not hold"


@pytest.mark.parametrize(
    "tls, reuses, bound",
    [
        (False, False, 10 * 0.05 + 10 * 0.05),  # a request and a handshake each
        (True, False, 10 * 0.05 + 10 * 0.10),  # ... and TLS's round trip
        (False, True, 10 * 0.05 + 1 * 0.05),  # one connection: one handshake
        (True, True, 10 * 0.05 + 1 * 0.10),
    ],
)
def test_io_bound_with_round_trips_charges_handshakes_per_new_connection(tls, reuses, bound):
    """With an emulated round trip, every wave pays it, and each new connection
    its handshakes: every wave for requests.get, the first only with reuse."""
    got, waves = bounds.io_bound(10, 0.0, 1, rtt_s=0.05, tls=tls, reuses=reuses)
    assert waves == 10
    assert got == pytest.approx(bound)


@pytest.mark.parametrize(
    "ratio, low, high, said",
    [
        (2.5, 2.2, 2.8, "b is 2.5× faster"),
        (0.5, 0.4, 0.6, "a is 2.0× faster"),
        (1.004, 1.001, 1.006, "b is 0.4% faster"),
        (1.0, 0.9, 1.1, "no measurable difference (the CI spans 1×)"),
    ],
)
def test_ablation_reading_follows_the_ci(ratio, low, high, said):
    """An ablation's ratio first/second reads as which is faster, and by how much."""
    assert ablations.reading("a", "b", ratio, low, high) == said


def test_ablations_compare_only_what_ran():
    """Chunking's comparisons need both experiments; the others are left out."""
    runs = runs_frame(
        {
            "cpu-bound_parallel_2": noisy(6.0, seed=31),
            "cpu-bound_parallel_3": noisy(4.0, seed=32),
        },
        cpu_bound_parallel_3={"work_items": 8},
    )
    table = ablations.check_ablations(runs, seed=SEED, resamples=RESAMPLES)
    assert list(table["comparison"]) == ["one submit per number / map in Pool's chunks"]
    assert table["reading"].iloc[0] == "cpu-bound_parallel_3 is 1.5× faster"
