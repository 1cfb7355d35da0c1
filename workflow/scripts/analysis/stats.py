"""Statistics for benchmark timings: medians with bootstrap confidence
intervals, Tukey outliers, the coefficient of variation, and a verdict on
whether a claimed speedup holds.

Each experiment is repeated only a handful of times and wall-clock times are
skewed (a slow run is common, a run faster than the machine allows is not), so
nothing here assumes normality. Medians summarise the runs, and their
uncertainty comes from a percentile bootstrap: resample the runs with
replacement, take the median of each resample, and read the interval off the
percentiles of those medians. Only numpy and pandas are needed.
"""

import math

import numpy as np

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


def bootstrap_ratio_ci(numerator_times, denominator_times, seed, resamples=10_000, confidence=0.95):
    """(low, high) percentile bootstrap CI of median(numerator) / median(denominator).
    The groups are independent runs, so each is resampled on its own."""
    numerator, denominator = _as_array(numerator_times), _as_array(denominator_times)
    if len(numerator) == 0 or len(denominator) == 0:
        return math.nan, math.nan
    rng = np.random.default_rng(seed)
    top = _bootstrap_medians(numerator, rng, resamples)
    bottom = _bootstrap_medians(denominator, rng, resamples)
    # A zero median time gives inf/NaN ratios, hence a NaN bound, not a crash.
    with np.errstate(divide="ignore", invalid="ignore"):
        return _percentile_interval(top / bottom, confidence)


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
