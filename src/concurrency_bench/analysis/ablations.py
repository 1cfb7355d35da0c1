"""The ablations that explain the article's surprises, measured.

Each ablation asks one question and answers it with ratios of medians
(first / second, with a bootstrap CI) between an article experiment and a
small variant of it that changes one thing, and a two-sided Mann–Whitney U
p-value of the two groups of runs beside the CI (not corrected for the number
of comparisons: each answers a question of its own).
"""

import numpy as np
import pandas as pd

from concurrency_bench.analysis import stats
from concurrency_bench.analysis.summary import DEFAULT_RESAMPLES, DEFAULT_SEED, times_by_experiment
from concurrency_bench.words import format_speedup

COLUMNS = (
    "question",
    "explanation",
    "comparison",
    "first",
    "second",
    "ratio",
    "ci_low",
    "ci_high",
    "p_value",
    "reading",
)


def reading(first, second, ratio, low, high):
    """What the ratio first/second says, from its CI."""
    verdict = stats.verdict(low, high)
    if verdict == "inconclusive":
        return "no measurable difference (the CI spans 1×)"
    faster, by = (second, ratio) if verdict == "holds" else (first, 1 / ratio)
    # Small but measurable: a percentage says more than "1.0×".
    amount = f"{100 * (by - 1):.1f}% faster" if by < 1.1 else f"{format_speedup(by)} faster"
    return f"{faster} is {amount}"


def check_ablations(runs, catalog, seed=DEFAULT_SEED, resamples=DEFAULT_RESAMPLES):
    """One row per comparison of the catalog's ablations whose two experiments were run."""
    times = times_by_experiment(runs)
    rows = []
    for ablation in catalog.ablations:
        question, explanation = ablation.question, ablation.explanation
        for comparison, first, second in ablation.comparisons:
            if first not in times or second not in times:
                continue
            low, high = stats.bootstrap_ratio_ci(times[first], times[second], seed, resamples)
            ratio = np.median(times[first]) / np.median(times[second])
            rows.append(
                {
                    "question": question,
                    "explanation": explanation,
                    "comparison": comparison,
                    "first": first,
                    "second": second,
                    "ratio": ratio,
                    "ci_low": low,
                    "ci_high": high,
                    "p_value": stats.mann_whitney_p(times[first], times[second]),
                    "reading": reading(first, second, ratio, low, high),
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))
