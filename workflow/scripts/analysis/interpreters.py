"""The interpreters of the matrix (config key `pythons`) side by side: per
experiment, which interpreter is fastest and by how much, and where an
experiment cannot run at all; per workload, every (interpreter, model) pair
ranked by its median with its 95% CI, the fastest pair against the reference
interpreter's sync loop and against the best of another implementation, and
each interpreter's warm-up (its first tenth of the tasks against the rest).

Fed by the machines comparison (results/machines.csv: each label's Python and
medians) and each label's runs (their times, for the bootstrap). "By how much"
is the ratio of medians runner-up / fastest, with a percentile bootstrap CI
(stats.bootstrap_ratio_ci): the fastest is clearly fastest when the whole CI
lies above 1, and no measurably faster when it spans 1. An experiment whose
catalog `python` is newer than a label's Python is "not available" there: the
workflow never runs it on that label; one its runs skipped (a module that
Python lacks: uvloop, trustme on PyPy) is "skipped", with the runs' reason.
"""

import math
import re

import numpy as np
import pandas as pd

from analysis import stats
from analysis.formatting import (
    format_seconds,
    format_speedup,
    implementation_of,
    interpreter_of,
    interval,
)
from analysis.summary import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    skipped_reason,
    succeeded,
    times_by_experiment,
)
from bench import workloads
from bench.task_output import FIRST_SHARE

COLUMNS = (
    "experiment",
    "workload",
    "method",
    "machine",
    "python",
    "implementation",
    "interpreter",
    "available",
    "needs_python",
    "skipped_reason",
    "n",
    "median_s",
    "median_ci_low_s",
    "median_ci_high_s",
    "rank",
    "ratio_to_fastest",
    "ci_low",
    "ci_high",
    "reading",
    "workload_rank",
    "workload_reading",
    "warmup_ratio",
    "warmup_share",
    "workload_warmup",
)


def warm_up(runs):
    """(ratio, share) of one experiment's runs, medians over them: its first
    tenth of the tasks' mean time per task over the rest's median (sizes
    aside), and what that excess is of all its tasks' time, the rest taken at
    its median; NaN without task times."""
    first = runs["latency_first_decile_mean_s"].astype(float)
    rest = runs["latency_rest_median_s"].astype(float)
    excess = FIRST_SHARE * (first - rest)
    share = excess / (FIRST_SHARE * first + (1 - FIRST_SHARE) * rest)
    return float((first / rest).median()), float(share.median())


def version_of(python):
    """(3, 11) of the language of 'CPython 3.11.7' or 'PyPy 8.0.1 (Python 3.11.17)'
    (machines.csv's python column); None if unknown."""
    found = re.search(r"Python (\d+)\.(\d+)", str(python)) or re.search(
        r"(\d+)\.(\d+)", str(python)
    )
    return tuple(map(int, found.groups())) if found else None


def available(experiment, python):
    """Whether `experiment` (a catalog row) runs on `python` ('CPython 3.12.1')."""
    version = version_of(python)
    return version is None or experiment.runs_on(version)


def reading(fastest, runner_up, ratio, low, high, fewest=stats.MIN_RUNS):
    """What the ratio runner-up / fastest says, from its CI."""
    if fewest < stats.MIN_RUNS:
        return (
            f"{fastest} has the lowest median, {format_speedup(ratio)} below {runner_up}'s; "
            f"only {fewest} run(s) of one of them: too few for a CI"
        )
    if stats.verdict(low, high) != "holds":
        return f"no measurable difference between {fastest} and {runner_up} (the CI reaches 1×)"
    return f"{fastest} is fastest, {format_speedup(ratio)} faster than {runner_up}"


def ran_on(experiment, labels, pythons, times):
    """The labels whose Python runs `experiment` and that have runs of it."""
    return [
        label
        for label in labels
        if available(experiment, pythons[label]) and len(times[label].get(experiment.name, ()))
    ]


def experiment_rows(experiment, labels, pythons, runs, times, seed, resamples):
    """The rows of one experiment: one per label, ranked by median time."""
    name = experiment.name
    medians = {
        label: float(np.median(times[label][name]))
        for label in ran_on(experiment, labels, pythons, times)
    }
    ranked = sorted(medians, key=medians.get)
    cis = {
        label: stats.bootstrap_ratio_ci(times[label][name], times[ranked[0]][name], seed, resamples)
        for label in ranked[1:]
    }
    if len(ranked) > 1:
        runner_up = ranked[1]
        ratio = medians[runner_up] / medians[ranked[0]]
        fewest = min(len(times[label][name]) for label in ranked[:2])
        told = reading(pythons[ranked[0]], pythons[runner_up], ratio, *cis[runner_up], fewest)
    else:
        told = f"only {pythons[ranked[0]]} ran it" if ranked else "not run"
    rows = []
    for label in labels:
        low, high = cis.get(label, (math.nan, math.nan))
        own = runs[label][runs[label]["experiment"] == name]
        ratio, share = warm_up(succeeded(own))
        median_low, median_high = stats.bootstrap_median_ci(
            times[label].get(name, ()), seed, resamples
        )
        rows.append(
            {
                "experiment": name,
                "workload": experiment.workload,
                "method": experiment.method,
                "machine": label,
                "python": pythons[label],
                "implementation": implementation_of(pythons[label]),
                "interpreter": interpreter_of(pythons[label]),
                "available": available(experiment, pythons[label]),
                "needs_python": experiment.python,
                "skipped_reason": skipped_reason(own),
                "n": len(times[label].get(name, ())),
                "median_s": medians.get(label, math.nan),
                "median_ci_low_s": median_low,
                "median_ci_high_s": median_high,
                "rank": ranked.index(label) + 1 if label in medians else pd.NA,
                "ratio_to_fastest": medians[label] / medians[ranked[0]]
                if label in medians
                else math.nan,
                "ci_low": low,
                "ci_high": high,
                "reading": told,
                "warmup_ratio": ratio,
                "warmup_share": share,
            }
        )
    return rows


def compare_interpreters(
    machines,
    runs_by_label,
    labels,
    experiments,
    catalog,
    seed=DEFAULT_SEED,
    resamples=DEFAULT_RESAMPLES,
):
    """One row per experiment and interpreter label (COLUMNS); empty with fewer
    than two labels. `machines`: results/machines.csv as a frame; `runs_by_label`:
    {label: its runs table}; `experiments`: the config's, to say which could not run."""
    labels = [label for label in labels if label in runs_by_label]
    if len(labels) < 2:
        return pd.DataFrame(columns=list(COLUMNS))
    described = machines.drop_duplicates("machine").set_index("machine")
    pythons = {label: described.loc[label, "python"] for label in labels}
    # A label of mixed hardware has no numbers to compare (machines.py).
    mixed = described["mixed"].fillna("")
    labels = [label for label in labels if not mixed[label]]
    times = {label: times_by_experiment(runs_by_label[label]) for label in labels}
    # The config's experiments and what the matrix's labels ran; other labels'
    # experiments (another preset's) are not the matrix's.
    ran = machines.loc[machines["machine"].isin(labels), "experiment"]
    names = catalog.ordered(set(experiments) | set(ran))
    rows = [
        row
        for name in names
        for row in experiment_rows(
            catalog[name], labels, pythons, runs_by_label, times, seed, resamples
        )
    ]
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table = rank_pairs(table, times, labels[0], catalog, seed, resamples)
    return table.astype({"n": int, "available": bool, "rank": "Int64", "workload_rank": "Int64"})


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


def warm_up_sentence(group, catalog):
    """Each interpreter's warm-up in one workload's sync loop (its baseline):
    None where no task timed itself."""
    baseline = catalog[group["experiment"].iloc[0]].baseline
    rows = group[(group["experiment"] == baseline) & group["warmup_ratio"].notna()]
    if rows.empty:
        return None
    each = ", ".join(
        f"{row.interpreter} {format_speedup(row.warmup_ratio)} (the excess: "
        f"{100 * max(row.warmup_share, 0):.0f}% of its tasks' time)"
        for row in rows.sort_values("warmup_share", ascending=False).itertuples()
    )
    return (
        f"Warm-up, in `{baseline}`: the first tenth of the tasks against the rest's median, "
        f"time per task (sizes aside): {each}"
    )


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


def section(path):
    """The report's rows, from results/interpreters.csv: per experiment, the
    fastest interpreter, by how much (the runner-up's ratio and CI), and one
    cell per label; None without two interpreters to compare."""
    table = pd.read_csv(
        path, dtype={"rank": "Int64", "workload_rank": "Int64", "needs_python": "string"}
    )
    if table.empty:
        return None
    labels = list(pd.unique(table["machine"]))
    rows = []
    for experiment, group in table.groupby("experiment", sort=False):
        by_label = group.set_index("machine")
        ranked = group.dropna(subset=["rank"]).sort_values("rank")
        second = ranked.iloc[1] if len(ranked) > 1 else None
        rows.append(
            {
                "experiment": experiment,
                "fastest": f"`{ranked.iloc[0]['machine']}`" if len(ranked) else "–",
                "by": "–" if second is None else format_speedup(second["ratio_to_fastest"]),
                "ci": "–"
                if second is None
                else f"{format_speedup(second['ci_low'])}–{format_speedup(second['ci_high'])}",
                "reading": group["reading"].iloc[0],
                "cells": [cell(by_label.loc[label]) for label in labels],
            }
        )
    return {"labels": labels, "rows": rows, "workloads": workload_sections(table)}


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
