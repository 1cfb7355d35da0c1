"""Statistics for benchmark timings: medians with bootstrap confidence
intervals, Tukey outliers, the coefficient of variation, and a verdict on
whether a claimed speedup holds.

Each experiment is repeated only a handful of times and wall-clock times are
skewed (a slow run is common, a run faster than the machine allows is not), so
nothing here assumes normality. Medians summarise the runs, and their
uncertainty comes from a percentile bootstrap: resample the runs with
replacement, take the median of each resample, and read the interval off the
percentiles of those medians.

Beside each CI of a ratio, a two-sided Mann–Whitney U test (scipy) says how
likely so large a difference between the two groups of runs would be if both
came from one distribution; over several comparisons at once (the claims),
Holm's method corrects the p-values for their number.
"""

import math

import numpy as np
from scipy.stats import mannwhitneyu

# Fewer runs than this give no CI worth a verdict (the claims) or a reading
# (the interpreters side by side).
MIN_RUNS = 3
# Caps the resample matrix (rows x values) so large samples don't exhaust memory.
_MAX_CELLS = 2_000_000


def _as_array(times):
    return np.asarray(times, dtype=float).ravel()


def _bootstrap_medians(values, rng, resamples):
    """Medians of `resamples` resamples (with replacement) of `values`."""
    n = len(values)
    rows = max(1, _MAX_CELLS // n)
    chunks = []
    for start in range(0, resamples, rows):
        size = min(rows, resamples - start)
        picks = rng.integers(0, n, size=(size, n))
        chunks.append(np.median(values[picks], axis=1))
    return np.concatenate(chunks)


def _percentile_interval(estimates, confidence):
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(estimates, [tail, 1.0 - tail])
    return float(low), float(high)


def bootstrap_median_ci(times, seed, resamples=10_000, confidence=0.95):
    """(low, high) percentile bootstrap CI of the median; deterministic per seed."""
    values = _as_array(times)
    if len(values) == 0:
        return math.nan, math.nan
    if len(values) == 1:
        return float(values[0]), float(values[0])
    rng = np.random.default_rng(seed)
    return _percentile_interval(_bootstrap_medians(values, rng, resamples), confidence)


def _bootstrap_two_groups(first_times, second_times, seed, resamples):
    """Bootstrap medians of two groups of independent runs, each resampled on
    its own from one generator; None when a group is empty."""
    first, second = _as_array(first_times), _as_array(second_times)
    if len(first) == 0 or len(second) == 0:
        return None
    rng = np.random.default_rng(seed)
    return _bootstrap_medians(first, rng, resamples), _bootstrap_medians(second, rng, resamples)


def bootstrap_ratio_ci(numerator_times, denominator_times, seed, resamples=10_000, confidence=0.95):
    """(low, high) percentile bootstrap CI of median(numerator) / median(denominator)."""
    medians = _bootstrap_two_groups(numerator_times, denominator_times, seed, resamples)
    if medians is None:
        return math.nan, math.nan
    top, bottom = medians
    # A zero median time gives inf/NaN ratios, hence a NaN bound, not a crash.
    with np.errstate(divide="ignore", invalid="ignore"):
        return _percentile_interval(top / bottom, confidence)


def bootstrap_difference_ci(first_times, second_times, seed, resamples=10_000, confidence=0.95):
    """(low, high) percentile bootstrap CI of median(first) - median(second): a
    cost in seconds rather than a speedup (src/concurrency_bench/analysis/start_costs.py)."""
    medians = _bootstrap_two_groups(first_times, second_times, seed, resamples)
    if medians is None:
        return math.nan, math.nan
    own, other = medians
    return _percentile_interval(own - other, confidence)


def _quartiles(values):
    # Linear interpolation, as pandas' Series.quantile and numpy's default.
    return tuple(float(q) for q in np.quantile(values, [0.25, 0.75]))


def tukey_outliers(times):
    """Positions (in input order) of values outside Q1 - 1.5 IQR .. Q3 + 1.5 IQR."""
    values = _as_array(times)
    # With fewer than 4 values the quartiles are too unstable to call anything odd.
    if len(values) < 4:
        return []
    q1, q3 = _quartiles(values)
    fence = 1.5 * (q3 - q1)
    outside = (values < q1 - fence) | (values > q3 + fence)
    return [int(position) for position in np.flatnonzero(outside)]


def coefficient_of_variation(times):
    """Sample standard deviation (ddof=1) over the mean; NaN below 2 values."""
    values = _as_array(times)
    if len(values) < 2:
        return math.nan
    return float(np.std(values, ddof=1) / np.mean(values))


def describe(times, seed, resamples=10_000, confidence=0.95):
    """Summary of one experiment's times (seconds), median CI included."""
    values = _as_array(times)
    n = len(values)
    if n == 0:
        q1 = q3 = median = low = high = mean = std = minimum = maximum = math.nan
    else:
        q1, q3 = _quartiles(values)
        median, mean = float(np.median(values)), float(np.mean(values))
        minimum, maximum = float(values.min()), float(values.max())
        # NaN with one run, as pandas: there is no spread to speak of.
        std = float(np.std(values, ddof=1)) if n > 1 else math.nan
        low, high = bootstrap_median_ci(values, seed, resamples, confidence)
    outliers = tukey_outliers(values)
    return {
        "n": n,
        "median_s": median,
        "ci_low_s": low,
        "ci_high_s": high,
        "min_s": minimum,
        "max_s": maximum,
        "q1_s": q1,
        "q3_s": q3,
        "iqr_s": q3 - q1,
        "mean_s": mean,
        "std_s": std,
        "cv": coefficient_of_variation(values),
        "n_outliers": len(outliers),
        "outliers": outliers,
    }


def verdict(ci_low, ci_high, threshold=1.0):
    """'holds' / 'does not hold' / 'inconclusive' for a ratio's CI vs threshold:
    "A is faster than B" holds when the CI of time_B / time_A lies above 1."""
    if math.isnan(ci_low) or math.isnan(ci_high):
        return "inconclusive"
    if ci_low > threshold:
        return "holds"
    return "does not hold" if ci_high < threshold else "inconclusive"


# The significance level of the claims' tests, after Holm's correction.
ALPHA = 0.05


def mann_whitney_p(first_times, second_times, scale=1.0):
    """Two-sided Mann–Whitney U p-value of `first_times` against `second_times`
    multiplied by `scale`; NaN when a group is empty.

    With `scale` a ratio's threshold, this tests the verdict's own question:
    whether first / second differs from the threshold (the runs of `second`
    scaled by it), not merely from 1. scipy picks the exact distribution for
    small groups without ties, the normal approximation otherwise.
    """
    first, second = _as_array(first_times), _as_array(second_times) * scale
    if len(first) == 0 or len(second) == 0:
        return math.nan
    return float(mannwhitneyu(first, second, alternative="two-sided").pvalue)


def smallest_p(n_first, n_second):
    """The smallest p-value mann_whitney_p can give with groups of these sizes
    (every run of one group faster than every run of the other): with 5 runs
    each it is 0.0079, so 5 runs can never pass Holm's correction over 7 tests."""
    if n_first < 1 or n_second < 1:
        return math.nan
    return mann_whitney_p(np.arange(n_first), np.arange(n_first, n_first + n_second))


def holm(p_values):
    """Holm's step-down adjustment of `p_values` (family-wise error rate): the
    k-th smallest of m is multiplied by m - k + 1, then made non-decreasing and
    capped at 1. NaN p-values stay NaN and do not count in m."""
    p = np.asarray(p_values, dtype=float).ravel()
    adjusted = np.full(len(p), math.nan)
    present = np.flatnonzero(~np.isnan(p))
    order = present[np.argsort(p[present], kind="stable")]
    m = len(order)
    running = 0.0
    for k, position in enumerate(order):
        running = max(running, min(1.0, (m - k) * p[position]))
        adjusted[position] = running
    return adjusted.tolist()


def significant_verdict(verdict_from_ci, adjusted_p, alpha=ALPHA):
    """The CI's verdict, unless a test says its difference could be chance: a
    "holds" or "does not hold" whose (adjusted) p-value is above `alpha`, or
    unknown, is "not significant"."""
    if verdict_from_ci == "inconclusive":
        return verdict_from_ci
    if math.isnan(adjusted_p) or adjusted_p > alpha:
        return "not significant"
    return verdict_from_ci
