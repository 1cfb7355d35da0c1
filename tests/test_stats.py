"""src/concurrency_bench/analysis/stats.py on synthetic timings whose answers are known in advance."""

import math

import numpy as np
import pytest
from concurrency_bench.analysis import stats

SEED = 20240101


def noisy(center, spread, n, seed):
    return np.random.default_rng(seed).normal(center, spread, n).tolist()


# --- bootstrap_median_ci -----------------------------------------------------


def test_median_ci_contains_median_and_lies_within_data():
    times = noisy(2.0, 0.1, 15, seed=1)
    low, high = stats.bootstrap_median_ci(times, SEED)
    assert min(times) <= low <= np.median(times) <= high <= max(times)
    assert low < high


def test_median_ci_is_deterministic_per_seed():
    times = noisy(2.0, 0.1, 40, seed=2)
    assert stats.bootstrap_median_ci(times, 7) == stats.bootstrap_median_ci(times, 7)
    # Small samples give few distinct medians, so two seeds may agree; five rarely do.
    assert len({stats.bootstrap_median_ci(times, seed) for seed in range(5)}) > 1


def test_wider_data_gives_wider_ci():
    base = np.array(noisy(0.0, 1.0, 20, seed=3))
    narrow_low, narrow_high = stats.bootstrap_median_ci(5 + 0.1 * base, SEED)
    wide_low, wide_high = stats.bootstrap_median_ci(5 + 1.0 * base, SEED)
    assert wide_high - wide_low > 5 * (narrow_high - narrow_low)


def test_single_value_gives_zero_width_ci():
    assert stats.bootstrap_median_ci([3.25], SEED) == (3.25, 3.25)


def test_median_ci_covers_true_median_of_known_distribution():
    times = noisy(10.0, 1.0, 2_000, seed=4)
    low, high = stats.bootstrap_median_ci(times, SEED)
    assert low < 10.0 < high
    assert high - low < 0.2


def test_lower_confidence_gives_narrower_ci():
    times = noisy(2.0, 0.2, 20, seed=5)
    low95, high95 = stats.bootstrap_median_ci(times, SEED, confidence=0.95)
    low50, high50 = stats.bootstrap_median_ci(times, SEED, confidence=0.50)
    assert low95 <= low50 <= high50 <= high95


def test_a_bounded_memory_gives_the_same_interval(monkeypatch):
    """The resamples are drawn a chunk at a time under a memory cap; the
    interval is the one drawn all at once, whatever the cap."""
    times = noisy(1.0, 0.1, 50, seed=6)
    at_once = stats.bootstrap_median_ci(times, SEED, resamples=10_000)
    monkeypatch.setattr(stats, "_MAX_CELLS", 7 * len(times))  # 7 resamples a chunk
    assert stats.bootstrap_median_ci(times, SEED, resamples=10_000) == at_once


# --- bootstrap_ratio_ci ------------------------------------------------------


def test_ratio_ci_of_constant_groups_is_exact():
    assert stats.bootstrap_ratio_ci([10.0] * 5, [2.0] * 7, SEED) == (5.0, 5.0)


def test_ratio_ci_contains_ratio_of_medians():
    sync, method = noisy(10.0, 0.5, 12, seed=7), noisy(2.0, 0.1, 12, seed=8)
    low, high = stats.bootstrap_ratio_ci(sync, method, SEED)
    assert low < np.median(sync) / np.median(method) < high
    assert stats.verdict(low, high) == "holds"


def test_ratio_ci_is_deterministic_per_seed():
    sync, method = noisy(10.0, 0.5, 8, seed=9), noisy(2.0, 0.1, 8, seed=10)
    first = stats.bootstrap_ratio_ci(sync, method, 3)
    assert first == stats.bootstrap_ratio_ci(sync, method, 3)
    assert len({stats.bootstrap_ratio_ci(sync, method, seed) for seed in range(5)}) > 1


# --- bootstrap_difference_ci -------------------------------------------------


def test_difference_ci_of_constant_groups_is_exact():
    assert stats.bootstrap_difference_ci([1.5] * 5, [1.0] * 7, SEED) == (0.5, 0.5)


def test_difference_ci_contains_difference_of_medians():
    spawn, fork = noisy(1.4, 0.02, 12, seed=11), noisy(1.0, 0.02, 12, seed=12)
    low, high = stats.bootstrap_difference_ci(spawn, fork, SEED)
    assert 0 < low < np.median(spawn) - np.median(fork) < high


def test_difference_ci_of_an_empty_group_is_nan():
    assert all(map(math.isnan, stats.bootstrap_difference_ci([], [1.0, 2.0], SEED)))


# --- tukey_outliers ----------------------------------------------------------


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        ([1, 2, 3, 4, 5, 100], [5]),
        ([100, 1, 2, 3, 4, 5], [0]),  # positions follow the input order
        ([10, 10, 10, 10], []),
        ([1, 2, 1000], []),  # too few values to judge
    ],
)
def test_tukey_outliers(times, expected):
    assert stats.tukey_outliers(times) == expected


# --- coefficient_of_variation ------------------------------------------------


def test_cv_of_constant_times_is_zero():
    assert stats.coefficient_of_variation([1.0, 1.0, 1.0]) == 0.0


def test_cv_uses_sample_std():
    assert stats.coefficient_of_variation([2.0, 4.0]) == pytest.approx(math.sqrt(2) / 3)
    assert stats.coefficient_of_variation([2.0, 4.0]) == pytest.approx(0.4714, abs=1e-4)


def test_cv_of_one_value_is_nan():
    assert math.isnan(stats.coefficient_of_variation([1.0]))


# --- describe ----------------------------------------------------------------


def test_describe_known_values():
    summary = stats.describe([1, 2, 3, 4, 5], SEED)
    assert set(summary) == {
        "n",
        "median_s",
        "ci_low_s",
        "ci_high_s",
        "min_s",
        "max_s",
        "q1_s",
        "q3_s",
        "iqr_s",
        "mean_s",
        "std_s",
        "cv",
        "n_outliers",
        "outliers",
    }
    assert summary["n"] == 5
    assert summary["median_s"] == 3
    assert summary["q1_s"] == 2
    assert summary["q3_s"] == 4
    assert summary["iqr_s"] == 2
    assert (summary["min_s"], summary["max_s"], summary["mean_s"]) == (1, 5, 3)
    assert summary["std_s"] == pytest.approx(math.sqrt(2.5))
    assert 1 <= summary["ci_low_s"] <= 3 <= summary["ci_high_s"] <= 5
    assert (summary["n_outliers"], summary["outliers"]) == (0, [])


def test_describe_reports_outliers():
    summary = stats.describe([1, 2, 3, 4, 5, 100], SEED)
    assert (summary["n_outliers"], summary["outliers"]) == (1, [5])


def test_describe_single_run():
    summary = stats.describe([4.0], SEED)
    assert (summary["median_s"], summary["ci_low_s"], summary["ci_high_s"]) == (4, 4, 4)
    assert math.isnan(summary["std_s"]) and math.isnan(summary["cv"])


# --- verdict -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (1.2, 1.5, "holds"),
        (0.5, 0.9, "does not hold"),
        (0.9, 1.1, "inconclusive"),
        (math.nan, math.nan, "inconclusive"),
    ],
)
def test_verdict(low, high, expected):
    assert stats.verdict(low, high) == expected


def test_verdict_with_custom_threshold():
    assert stats.verdict(2.5, 3.0, threshold=2.0) == "holds"
    assert stats.verdict(2.5, 3.0, threshold=4.0) == "does not hold"
