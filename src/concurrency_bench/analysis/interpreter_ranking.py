"""The interpreters' (interpreter, model) pairs ranked per workload: each
workload's measured pairs by median (workload_rank), the sentence on the
fastest pair against the reference interpreter's sync loop and against the
best of another implementation, each with a percentile bootstrap CI of the
ratio of medians (stats.bootstrap_ratio_ci), and the warm-up (concurrency_bench.analysis.warmup);
then, for the report, each workload's pairs with their CIs, the pairs that did
not run, and one label's cell of an experiment's row (concurrency_bench.analysis.across_interpreters).
"""

import pandas as pd

from concurrency_bench import workloads
from concurrency_bench.analysis import stats
from concurrency_bench.analysis.warmup import warm_up_sentence
from concurrency_bench.words import format_seconds, format_speedup, interval


def rank_pairs(table, times, reference, catalog, seed, resamples):
    """Each workload's measured (interpreter, model) pairs ranked by median
    (workload_rank), and its sentence (workload_reading, on every row of it)."""
    table["workload_rank"] = table.groupby("workload")["median_s"].rank(method="first")
    table[["workload_reading", "workload_warmup"]] = table[
        ["workload_reading", "workload_warmup"]
    ].astype(object)
    for workload, group in table.groupby("workload", sort=False):
        told = fastest_pair(
            group.dropna(subset=["median_s"]), times, reference, catalog, seed, resamples
        )
        table.loc[group.index, "workload_reading"] = told
        table.loc[group.index, "workload_warmup"] = warm_up_sentence(group, catalog)
    return table


def pair_text(row):
    """'PyPy 8.0.1, sync, 0.75 s'."""
    return f"{row['interpreter']}, {row['method']}, {format_seconds(row['median_s'])} s"


def against(fastest, other, times, seed, resamples):
    """'6.0× (95% CI 5.8×–6.3×)': how much faster `fastest` is than `other`."""
    low, high = stats.bootstrap_ratio_ci(
        times[other["machine"]][other["experiment"]],
        times[fastest["machine"]][fastest["experiment"]],
        seed,
        resamples,
    )
    ratio = other["median_s"] / fastest["median_s"]
    return f"{format_speedup(ratio)} (95% CI {format_speedup(low)}–{format_speedup(high)})"


def fastest_pair(measured, times, reference, catalog, seed, resamples):
    """The fastest pair of one workload, how much faster than the reference
    interpreter's (the first of `pythons`) sync loop, and than the best pair of
    another implementation (or, with one implementation only, of another
    interpreter); None without a measured pair."""
    if measured.empty:
        return None
    ranked = measured.sort_values("median_s")
    best = ranked.iloc[0]
    said = [f"fastest here: {pair_text(best)}"]
    baseline = catalog[best["experiment"]].baseline
    sync = ranked[(ranked["machine"] == reference) & (ranked["experiment"] == baseline)]
    others = ranked[ranked["implementation"] != best["implementation"]]
    if others.empty:
        others = ranked[ranked["machine"] != best["machine"]]
    other = others.iloc[0] if len(others) else None
    if len(sync) and sync.index[0] != best.name:
        sync = sync.iloc[0]
        its_best = other is not None and other.name == sync.name
        said.append(
            f"{against(best, sync, times, seed, resamples)} faster than "
            f"{sync['interpreter']}'s {sync['method']} ({format_seconds(sync['median_s'])} s)"
            + (", its best" if its_best else "")
        )
        if its_best:
            other = None
    if other is not None:
        said.append(
            f"{against(best, other, times, seed, resamples)} faster than the best of "
            f"{other['interpreter']} ({other['method']}, {format_seconds(other['median_s'])} s)"
        )
    return "; ".join(said)


def workload_sections(table):
    """Per workload: its (interpreter, model) pairs ranked by median with their
    CIs, the sentence on the fastest, the warm-up, and the pairs that did not run."""
    sections = []
    for name in workloads.order(table["workload"]):
        group = table[table["workload"] == name]
        measured = group.dropna(subset=["workload_rank"]).sort_values("workload_rank")
        sections.append(
            {
                "label": workloads.label(name),
                "reading": group["workload_reading"].dropna().iloc[0]
                if group["workload_reading"].notna().any()
                else None,
                "warmup": group["workload_warmup"].dropna().iloc[0]
                if group["workload_warmup"].notna().any()
                else None,
                "pairs": [
                    {
                        "rank": int(row.workload_rank),
                        "interpreter": row.interpreter,
                        "method": row.method,
                        "median": format_seconds(row.median_s),
                        "ci": interval(row.median_ci_low_s, row.median_ci_high_s, format_seconds),
                    }
                    for row in measured.itertuples()
                ],
                "not_run": [
                    f"{row['interpreter']}, {row['method']}: {cell(row)}"
                    for _, row in group[group["workload_rank"].isna()].iterrows()
                ],
            }
        )
    return sections


def cell(row):
    """One label's cell: its median and its ratio to the fastest, or why none."""
    if not row["available"]:
        return f"not available on {row['python']}: needs Python >= {row['needs_python']}"
    if not pd.isna(row["skipped_reason"]):
        return f"skipped: {row['skipped_reason']}"
    if pd.isna(row["rank"]):
        return "not run"
    if row["rank"] == 1:
        return f"{format_seconds(row['median_s'])} s (fastest)"
    return f"{format_seconds(row['median_s'])} s ({format_speedup(row['ratio_to_fastest'])})"
