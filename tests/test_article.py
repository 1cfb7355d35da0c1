"""src/concurrency_bench/analysis/article_figures.py: the article's published figures as speedups against
each run's own baseline, and their ratios."""

import math

import pytest
import yaml
from concurrency_bench.analysis import article_figures as published

from project import REPO
from script_runner import CATALOG
from synthetic import runs_frame, summary_of, yours

ARTICLE = yaml.safe_load((REPO / "report/article_figures.yaml").read_text())


def test_article_figures_name_only_catalog_experiments_of_the_article():
    """The published figures are of the article's own experiments, all in the catalog."""
    article_experiments = [e.name for e in CATALOG if e.origin == "article"]
    assert sorted(ARTICLE["figures"]) == sorted(article_experiments)


def test_article_speedups_from_the_published_figures():
    """The article's own figures get their speedups the same way: e.g. asyncio
    in the testdriven.io run, 15.711 s / 0.554 s."""
    table = published.article_speedups(ARTICLE, CATALOG)
    rows = table.set_index(["experiment", "source"])
    row = rows.loc[("io-bound_concurrent_3", "testdriven")]
    assert row["time_s"] == 0.554
    assert row["speedup"] == pytest.approx(15.711 / 0.554)
    assert rows.loc[("io-bound_sync", "testdriven"), "speedup"] == 1.0
    assert rows.loc[("cpu-bound_parallel_1", "ryzen_4600u"), "speedup"] == (
        pytest.approx(13.374 / 3.015)
    )
    assert len(table) == len(ARTICLE["figures"]) * len(ARTICLE["sources"])


def test_article_speedups_leave_out_experiments_not_in_the_catalog():
    """A published figure of an experiment the catalog lacks is not shown."""
    figures = {**ARTICLE["figures"], "io-bound_gone": {"testdriven": 1.0}}
    table = published.article_speedups({**ARTICLE, "figures": figures}, CATALOG)
    assert "io-bound_gone" not in set(table["experiment"])
    assert len(table) == len(ARTICLE["figures"]) * len(ARTICLE["sources"])


def test_article_ratio_is_the_closest_competitor_over_the_faster():
    """min(time of the slower ones) / time of the faster, in one published run."""
    ratio = published.article_ratio(
        ARTICLE, "testdriven", "io-bound_concurrent_3", ["io-bound_sync", "io-bound_concurrent_1"]
    )
    assert ratio == pytest.approx(1.020 / 0.554)
    gone = {**ARTICLE, "figures": {**ARTICLE["figures"], "io-bound_sync": {"testdriven": None}}}
    assert math.isnan(
        published.article_ratio(gone, "testdriven", "io-bound_concurrent_1", ["io-bound_sync"])
    )


def test_orderings_per_workload_name_its_label():
    """One row per workload, built-in ones first: the methods fastest first here
    and in each published run; a workload the article never ran says so."""
    times = {
        "io-bound_sync": [10.0] * 3,
        "io-bound_concurrent_3": [0.3] * 3,
        "io-bound_concurrent_1": [0.2] * 3,
        yours("sync"): [8.0] * 3,
        "cpu-bound_sync": [8.0] * 3,
        "cpu-bound_parallel_1": [4.0] * 3,
    }
    summary = summary_of(runs_frame(times))
    sources = list(ARTICLE["sources"])
    rows = published.orderings(summary, ARTICLE, sources)
    assert [(row["workload"], row["label"]) for row in rows] == [
        ("http", "I/O-bound"),
        ("sieve", "CPU-bound"),
        ("hashing", "Your workload `hashing`"),
    ]
    assert rows[0]["here"] == "threading.Thread < asyncio.gather < sync"
    # testdriven.io: asyncio 0.554 s, threads 1.020 s, sync 15.711 s.
    assert rows[0]["article"][sources.index("testdriven")] == (
        "asyncio.gather < threading.Thread < sync (differs)"
    )
    assert rows[2]["article"] == ["not measured in the article"] * len(sources)
