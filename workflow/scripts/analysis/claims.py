"""Check the article's claims against this machine's runs.

Each claim says that one experiment is faster than others. Its evidence is the
ratio slower/faster of their medians, with a bootstrap CI: the claim holds when
the whole CI lies above the claim's threshold (1, or 0.95 for "no faster"),
does not hold when it lies below, and is inconclusive otherwise. Beside the CI,
a two-sided Mann–Whitney U test of the same comparison (the faster runs scaled by
the threshold) gives a p-value, corrected for the number of claims by Holm's
method: a verdict whose corrected p-value is above 0.05 is "not significant"
instead, both numbers shown. The article's
own evidence is the same ratio of its three published runs; two claims it
makes without measuring them are measured here by experiments of their own.
"""

import math

import pandas as pd

from analysis import stats
from analysis.article import article_ratio
from analysis.bounds import gil_on as bounds_gil_on
from analysis.formatting import format_speedup
from analysis.summary import DEFAULT_RESAMPLES, DEFAULT_SEED, times_by_experiment

# Fewer runs than this give no CI worth a verdict.
MIN_RUNS = 3
COLUMNS = (
    "claim",
    "faster",
    "slower",
    "article",
    "ratio",
    "ci_low",
    "ci_high",
    "this_machine",
    "p_value",
    "p_holm",
    "ci_verdict",
    "verdict",
    "why",
)


def combined_verdict(verdicts):
    """All comparisons must hold; one that does not hold refutes the claim."""
    if "does not hold" in verdicts:
        return "does not hold"
    return "holds" if all(v == "holds" for v in verdicts) else "inconclusive"


def article_evidence(article, faster, slower):
    """'15.4×, 11.3×, 5.1×': slower/faster in each published run, in order."""
    if not all(e in article["figures"] for e in (faster, *slower)):
        return "not measured in the article"
    cells = [article_ratio(article, source, faster, slower) for source in article["sources"]]
    return ", ".join(format_speedup(cell) for cell in cells)


def gil_reason(row):
    if not bounds_gil_on(row["gil_enabled"]):
        return "a free-threaded Python with the GIL off: threads can run the sieve in parallel"
    return (
        "the GIL lets one thread at a time run Python code: the threads take "
        "turns on the sieve and add their own switching"
    )


def cpu_reason(fast, slow):
    workers, cpus = fast["workers"], fast["usable_cpus"]
    if slow["experiment"] == fast["baseline"]:
        if workers <= 1:
            return (
                f"{workers} worker on a {cpus}-CPU machine: no parallel speedup "
                "possible, the pool only adds its own cost"
            )
        return f"{min(workers, cpus)} of {cpus} CPUs at work: bound {format_speedup(min(workers, cpus))}"
    reason = (
        f"{fast['method']} sends the numbers as {fast['work_items']} work items, "
        f"{slow['method']} as {slow['work_items']}"
    )
    if workers <= 1:
        reason += (
            "; with 1 worker, sending them costs little beside the work "
            "itself (a sweep over workers shows the gap)"
        )
    return reason


def io_part(row):
    """'threading.Thread: bound 0.1 s, 51% efficient, client CPU 0.12 s'."""
    cpu = "" if pd.isna(row["client_cpu_s"]) else f", client CPU {row['client_cpu_s']:.3g} s"
    if math.isnan(row["bound_s"]):
        return f"{row['method']}: a real target, no bound{cpu}"
    return f"{row['method']}: bound {row['bound_s']:.3g} s, {100 * row['efficiency']:.0f}% efficient{cpu}"


def why(faster, slower, summary, verdict):
    """The likely reason, from the experiments' parameters and bounds."""
    rows = summary.set_index("experiment", drop=False)
    fast = rows.loc[faster]
    for name in slower:
        if rows.loc[name, "kind"] == "cpu" and rows.loc[name, "concurrency_model"] == "threads":
            return gil_reason(rows.loc[name])
    if fast["kind"] == "cpu":
        return cpu_reason(fast, rows.loc[slower[0]])
    parts = [io_part(rows.loc[name]) for name in (faster, *slower)]
    reason = "; ".join(parts)
    busy = fast["client_cpu_share"]
    if verdict != "holds" and not pd.isna(busy) and busy > 0.5:
        reason += (
            f"; {fast['method']} kept a CPU busy {100 * busy:.0f}% of its run "
            f"({fast['client_cpu_s']:.3g} s, {fast['cpu_ms_per_request']:.2f} ms per request): "
            "its client's own work, not the waiting, sets its time"
        )
    return reason


def claim_p(verdict, p_values, closest):
    """One p-value for a claim of several comparisons, the one its verdict
    rests on: it holds only if every comparison does, so the largest p; it does
    not hold if any comparison does not, so the smallest p of those (Bonferroni
    over the claim's comparisons); otherwise the closest competitor's."""
    if verdict == "holds":
        return max(p_values)
    refuting = [p for v, p in verdict.items()] if isinstance(verdict, dict) else None
    del refuting
    return p_values[closest]


def check_claims(runs, summary, article, catalog, seed=DEFAULT_SEED, resamples=DEFAULT_RESAMPLES):
    """One row per claim of the catalog whose experiments were all run."""
    times = times_by_experiment(runs)
    medians = summary.set_index("experiment")["median_s"]
    rows = []
    for item in catalog.claims:
        claim, faster, slower, threshold = item.claim, item.faster, item.slower, item.threshold
        if not all(e in times for e in (faster, *slower)):
            continue
        cis = [stats.bootstrap_ratio_ci(times[s], times[faster], seed, resamples) for s in slower]
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
        rows.append(
            {
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
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))
