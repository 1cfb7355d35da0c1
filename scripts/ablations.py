"""The ablations that explain the article's surprises, measured.

Each ablation asks one question and answers it with ratios of medians
(first / second, with a bootstrap CI) between an article experiment and a
small variant of it that changes one thing.
"""

import sys

import numpy as np
import pandas as pd

import stats
from aggregate_runs import read_runs
from job_log import logging_to
from summarize import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    format_speedup,
    times_by_experiment,
)

# (question, what explains it, [(comparison, first, second), ...])
ABLATIONS = (
    ("Why is ProcessPoolExecutor slower than Pool?",
     ("Pool.starmap sends the numbers in chunks of about n / (4 workers); one "
     "submit per number sends each number as its own work item, each a round "
     "trip through a pipe to a worker."),
     (("one submit per number / map in Pool's chunks",
       "cpu-bound_parallel_2", "cpu-bound_parallel_3"),
      ("map in Pool's chunks / Pool.starmap",
       "cpu-bound_parallel_3", "cpu-bound_parallel_1"),
      ("map with chunksize=1 / one submit per number",
       "cpu-bound_parallel_4", "cpu-bound_parallel_2"))),
    ("Why is ThreadPoolExecutor slower than a thread per request?",
     ("ThreadPoolExecutor() caps its workers (min(32, cpu_count + 4)), so the "
     "requests go in waves; with max_workers = n_requests they all go at once."),
     (("default max_workers / max_workers = n_requests",
       "io-bound_concurrent_2", "io-bound_concurrent_4"),
      ("max_workers = n_requests / a thread per request",
       "io-bound_concurrent_4", "io-bound_concurrent_1"))),
    ("What is connection reuse worth?",
     ("requests.get opens a new connection for every request; a Session (one per "
     "thread: sessions are not safe to share blindly) keeps its connection "
     "open, as httpx's AsyncClient does for asyncio."),
     (("requests.get / one Session, sync",
       "io-bound_sync", "io-bound_sync_2"),
      ("requests.get / a Session per thread, ThreadPoolExecutor",
       "io-bound_concurrent_2", "io-bound_concurrent_5"))),
)  # fmt: skip
COLUMNS = ("question", "explanation", "comparison", "first", "second", "ratio",
           "ci_low", "ci_high", "reading")  # fmt: skip


def reading(first, second, ratio, low, high):
    """What the ratio first/second says, from its CI."""
    verdict = stats.verdict(low, high)
    if verdict == "inconclusive":
        return "no measurable difference (the CI spans 1×)"
    faster, by = (second, ratio) if verdict == "holds" else (first, 1 / ratio)
    # Small but measurable: a percentage says more than "1.0×".
    amount = f"{100 * (by - 1):.1f}% faster" if by < 1.1 else f"{format_speedup(by)} faster"
    return f"{faster} is {amount}"


def check_ablations(runs, seed=DEFAULT_SEED, resamples=DEFAULT_RESAMPLES):
    """One row per comparison whose two experiments were run."""
    times = times_by_experiment(runs)
    rows = []
    for question, explanation, comparisons in ABLATIONS:
        for comparison, first, second in comparisons:
            if first not in times or second not in times:
                continue
            low, high = stats.bootstrap_ratio_ci(times[first], times[second], seed, resamples)
            ratio = np.median(times[first]) / np.median(times[second])
            rows.append({
                "question": question, "explanation": explanation,
                "comparison": comparison, "first": first, "second": second,
                "ratio": ratio, "ci_low": low, "ci_high": high,
                "reading": reading(first, second, ratio, low, high),
            })  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS))


if "snakemake" in globals():
    with logging_to(snakemake.log[0]):  # noqa: F821
        analysis = snakemake.params.analysis  # noqa: F821
        ablations = check_ablations(
            read_runs(snakemake.input.runs),  # noqa: F821
            seed=analysis["bootstrap_seed"],
            resamples=analysis["bootstrap_resamples"],
        )
        ablations.to_csv(snakemake.output.ablations, index=False)  # noqa: F821
        print(f"{len(ablations)} comparisons -> {snakemake.output.ablations}", file=sys.stderr)  # noqa: F821
