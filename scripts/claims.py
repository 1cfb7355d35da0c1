"""Check the article's claims against this machine's runs.

Each claim says that one experiment is faster than others. Its evidence is the
ratio slower/faster of their medians, with a bootstrap CI: the claim holds when
the whole CI lies above the claim's threshold (1, or 0.95 for "no faster"),
does not hold when it lies below, and is inconclusive otherwise. The article's
own evidence is the same ratio of its three published runs; two claims it
makes without measuring them are measured here by experiments of their own.
"""

import math
import sys

import pandas as pd
import yaml

import stats
from aggregate_runs import read_runs
from job_log import logging_to
from summarize import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    format_speedup,
    read_summary,
    times_by_experiment,
)

# (claim, the experiment said to be faster, the experiments it beats, the
# ratio slower/faster the whole CI must exceed)
CLAIMS = (
    ("Threads speed up I/O over sync",
     "io-bound_concurrent_1", ("io-bound_sync",), 1.0),
    ("ThreadPoolExecutor is slower than a thread per request (its worker cap)",
     "io-bound_concurrent_1", ("io-bound_concurrent_2",), 1.0),
    ("asyncio is the fastest I/O method",
     "io-bound_concurrent_3",
     ("io-bound_sync", "io-bound_concurrent_1", "io-bound_concurrent_2"), 1.0),
    ("multiprocessing speeds up the CPU-bound task",
     "cpu-bound_parallel_1", ("cpu-bound_sync",), 1.0),
    ("ProcessPoolExecutor is slower than Pool",
     "cpu-bound_parallel_1", ("cpu-bound_parallel_2",), 1.0),
    # Stated in the article, never measured there.
    ("Threads do not speed up the CPU-bound task (the GIL): at most 5% faster than sync",
     "cpu-bound_sync", ("cpu-bound_concurrent_1",), 0.95),
    ("Processes on the I/O-bound task are slower than threads",
     "io-bound_concurrent_1", ("io-bound_parallel_1",), 1.0),
    ("... but faster than sync",
     "io-bound_parallel_1", ("io-bound_sync",), 1.0),
)  # fmt: skip
# Fewer runs than this give no CI worth a verdict.
MIN_RUNS = 3
COLUMNS = ("claim", "faster", "slower", "article", "ratio", "ci_low", "ci_high",
           "this_machine", "verdict", "why")  # fmt: skip


def short(experiment):
    return experiment.split("-bound_", 1)[1]


def combined_verdict(verdicts):
    """All comparisons must hold; one that does not hold refutes the claim."""
    if "does not hold" in verdicts:
        return "does not hold"
    return "holds" if all(v == "holds" for v in verdicts) else "inconclusive"


def article_evidence(article, faster, slower):
    """'15.4×, 11.3×, 5.1×': slower/faster in each published run, in order."""
    if not all(e in article["figures"] for e in (faster, *slower)):
        return "not measured in the article"
    cells = []
    for source in article["sources"]:
        fast = article["figures"][faster].get(source)
        slow = [article["figures"][e].get(source) for e in slower]
        if fast is None or None in slow:
            cells.append("–")
        else:
            cells.append(format_speedup(min(slow) / fast))
    return ", ".join(cells)


def why(faster, slower, summary, verdict):
    """The likely reason, from the experiments' parameters and bounds."""
    rows = summary.set_index("experiment")
    fast = rows.loc[faster]
    if "cpu-bound_concurrent_1" in slower:
        gil = rows.loc["cpu-bound_concurrent_1", "gil_enabled"]
        if gil is False or str(gil) == "False":
            return "a free-threaded Python with the GIL off: threads can run the sieve in parallel"
        return ("the GIL lets one thread at a time run Python code: the threads take "
                "turns on the sieve and add their own switching")  # fmt: skip
    if fast["kind"] == "cpu":
        workers, cpus = fast["workers"], fast["usable_cpus"]
        if "cpu-bound_sync" in slower and workers <= 1:
            return (f"{workers} worker on a {cpus}-CPU machine: no parallel speedup "
                    "possible, the pool only adds its own cost")  # fmt: skip
        if "cpu-bound_sync" in slower:
            return (f"{min(workers, cpus)} of {cpus} CPUs at work: bound "
                    f"{format_speedup(min(workers, cpus))}")  # fmt: skip
        reason = ("Pool.starmap sends the numbers in chunks; one submit per number "
                  f"sends {fast['n_tasks']} separate work items to the workers")  # fmt: skip
        if workers <= 1:
            reason += ("; with 1 worker, sending them costs little beside the work "
                       "itself (a sweep over workers shows the gap)")  # fmt: skip
        return reason
    parts = []
    for experiment in (faster, *slower):
        row = rows.loc[experiment]
        if not math.isnan(row["bound_s"]):
            parts.append(f"{short(experiment)} bound {row['bound_s']:.3g} s, "
                         f"{100 * row['efficiency']:.0f}% efficient")  # fmt: skip
    reason = "; ".join(parts) or "a real target: no bound from the parameters"
    if faster == "io-bound_concurrent_3" and verdict != "holds":
        reason += ("; asyncio creates its httpx.AsyncClient (an SSL context) inside "
                   "the timed region, a fixed cost that short runs do not amortise")  # fmt: skip
    return reason


def check_claims(runs, summary, article, seed=DEFAULT_SEED, resamples=DEFAULT_RESAMPLES):
    """One row per claim whose experiments were all run."""
    times = times_by_experiment(runs)
    medians = summary.set_index("experiment")["median_s"]
    rows = []
    for claim, faster, slower, threshold in CLAIMS:
        if not all(e in times for e in (faster, *slower)):
            continue
        cis = [stats.bootstrap_ratio_ci(times[s], times[faster], seed, resamples)
               for s in slower]  # fmt: skip
        ratios = [medians[s] / medians[faster] for s in slower]
        verdicts = [stats.verdict(low, high, threshold) for low, high in cis]
        fewest = min(len(times[e]) for e in (faster, *slower))
        # The closest competitor decides a "fastest" claim.
        closest = min(range(len(slower)), key=lambda i: ratios[i])
        low, high = cis[closest]
        verdict = combined_verdict(verdicts) if fewest >= MIN_RUNS else "inconclusive"
        reason = why(faster, slower, summary, verdict)
        if fewest < MIN_RUNS:
            reason = f"only {fewest} run(s) of an experiment: too few for a CI; {reason}"
        rows.append({
            "claim": claim,
            "faster": faster,
            "slower": " ".join(slower),
            "article": article_evidence(article, faster, slower),
            "ratio": ratios[closest],
            "ci_low": low,
            "ci_high": high,
            "this_machine": (
                f"{format_speedup(ratios[closest])} "
                f"(95% CI {format_speedup(low)}–{format_speedup(high)})"
            ),
            "verdict": verdict,
            "why": reason,
        })  # fmt: skip
    return pd.DataFrame(rows, columns=list(COLUMNS))


if "snakemake" in globals():
    with logging_to(snakemake.log[0]):  # noqa: F821
        analysis = snakemake.params.analysis  # noqa: F821
        with open(snakemake.input.article) as article_file:  # noqa: F821
            article_figures = yaml.safe_load(article_file)
        claims = check_claims(
            read_runs(snakemake.input.runs),  # noqa: F821
            read_summary(snakemake.input.summary),  # noqa: F821
            article_figures,
            seed=analysis["bootstrap_seed"],
            resamples=analysis["bootstrap_resamples"],
        )
        claims.to_csv(snakemake.output.claims, index=False)  # noqa: F821
        print(f"{len(claims)} claims -> {snakemake.output.claims}", file=sys.stderr)  # noqa: F821
