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

import pandas as pd

from concurrency_bench.analysis import stats
from concurrency_bench.analysis.article_figures import article_ratio
from concurrency_bench.analysis.says import says
from concurrency_bench.analysis.summary import DEFAULT_RESAMPLES, DEFAULT_SEED, times_by_experiment
from concurrency_bench.words import format_speedup

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


def why(faster, slower, summary, verdict):
    """The likely reason, from the experiments' parameters and bounds."""
    rows = summary.set_index("experiment", drop=False)
    fast = rows.loc[faster]
    reason = says(fast["workload"]).claim_reason
    return reason(fast, [rows.loc[name] for name in slower], verdict)


def claim_p(verdicts, p_values, closest):
    """One p-value for a claim of one or more comparisons, the one its verdict
    rests on: it holds only if every comparison holds, so the largest p; it
    does not hold if one comparison does not, so the smallest p of those, times
    the claim's comparisons (Bonferroni); otherwise the closest competitor's."""
    verdict = combined_verdict(verdicts)
    if verdict == "holds":
        return max(p_values)
    if verdict == "does not hold":
        refuting = [p for v, p in zip(verdicts, p_values, strict=True) if v == verdict]
        return min(1.0, len(p_values) * min(refuting))
    return p_values[closest]


def significance_note(row, fewest_runs, n_claims):
    """Why a verdict of the CI is "not significant": the corrected p-value, and
    the smallest p-value the test can give with so few runs."""
    floor = stats.smallest_p(*fewest_runs)
    return (
        f"the CI says it {'holds' if row['ci_verdict'] == 'holds' else 'does not hold'}, "
        f"but Holm's p over {n_claims} claims is {row['p_holm']:.2g} > {stats.ALPHA:g} "
        f"(Mann–Whitney p {row['p_value']:.2g}; with {fewest_runs[0]} and "
        f"{fewest_runs[1]} runs no p-value is below {floor:.2g})"
    )


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
        p_values = [stats.mann_whitney_p(times[s], times[faster], threshold) for s in slower]
        fewest = min(len(times[e]) for e in (faster, *slower))
        # The closest competitor decides a "fastest" claim.
        closest = min(range(len(slower)), key=lambda i: ratios[i])
        low, high = cis[closest]
        verdict = combined_verdict(verdicts) if fewest >= stats.MIN_RUNS else "inconclusive"
        reason = why(faster, slower, summary, verdict)
        if fewest < stats.MIN_RUNS:
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
                "p_value": claim_p(verdicts, p_values, closest),
                "ci_verdict": verdict,
                "verdict": verdict,
                "why": reason,
                "_runs": (len(times[faster]), min(len(times[e]) for e in slower)),
            }
        )
    return with_significance(pd.DataFrame(rows, columns=[*COLUMNS, "_runs"]))


def with_significance(table):
    """Holm's correction over the claims; a verdict of the CI whose corrected
    p-value is above 0.05 becomes "not significant", with the reason why."""
    table["p_holm"] = stats.holm(table["p_value"])
    for i, row in table.iterrows():
        verdict = stats.significant_verdict(row["ci_verdict"], row["p_holm"])
        if verdict != row["ci_verdict"]:
            table.loc[i, "verdict"] = verdict
            note = significance_note(row, row["_runs"], len(table))
            table.loc[i, "why"] = f"{note}; {row['why']}"
    return table.drop(columns="_runs")
