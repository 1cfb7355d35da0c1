"""src/concurrency_bench/analysis/ablations.py: the catalog's ablations, each comparison a ratio of
medians with its CI, read as which experiment is faster."""

import pytest
from concurrency_bench.analysis import ablations

from script_runner import CATALOG
from synthetic import RESAMPLES, SEED, noisy, runs_frame


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


def check(runs):
    return ablations.check_ablations(runs, CATALOG, seed=SEED, resamples=RESAMPLES)


def test_ablations_compare_only_what_ran():
    """Chunking's comparisons need both experiments; the others are left out."""
    runs = runs_frame(
        {
            "cpu-bound_parallel_2": noisy(6.0, seed=31),
            "cpu-bound_parallel_3": noisy(4.0, seed=32),
        },
        cpu_bound_parallel_3={"work_items": 8},
    )
    table = check(runs)
    assert list(table.columns) == list(ablations.COLUMNS)
    assert list(table["comparison"]) == ["one submit per number / map in Pool's chunks"]
    assert table["reading"].iloc[0] == "cpu-bound_parallel_3 is 1.5× faster"
    assert table["question"].iloc[0] == "Why is ProcessPoolExecutor slower than Pool?"


def test_every_comparison_of_the_catalog_when_all_ran():
    """With every experiment run, one row per comparison of the catalog, in its
    order, each with its question and its explanation on one line."""
    runs = runs_frame({e.name: noisy(1.0 + i, seed=i) for i, e in enumerate(CATALOG)})
    table = check(runs)
    expected = [
        (ablation.question, comparison, first, second)
        for ablation in CATALOG.ablations
        for comparison, first, second in ablation.comparisons
    ]
    got = list(zip(table["question"], table["comparison"], table["first"], table["second"]))
    assert got == expected
    assert not table["explanation"].str.contains("\n").any()
    assert (table["ci_low"] <= table["ratio"]).all() and (table["ratio"] <= table["ci_high"]).all()
