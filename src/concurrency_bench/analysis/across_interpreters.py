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
The per-workload ranking of the pairs is concurrency_bench.analysis.interpreter_ranking's, the
warm-up concurrency_bench.analysis.warmup's.
"""

import math
import re

import numpy as np
import pandas as pd

from concurrency_bench.analysis import stats
from concurrency_bench.analysis.interpreter_ranking import cell, rank_pairs, workload_sections
from concurrency_bench.analysis.summary import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    skipped_reason,
    succeeded,
    times_by_experiment,
)
from concurrency_bench.analysis.warmup import warm_up
from concurrency_bench.words import (
    format_speedup,
    implementation_of,
    interpreter_of,
)

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
