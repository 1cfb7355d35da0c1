"""Summarize the runs table: per experiment, the spread of its times and its
speedup against its baseline (the catalog's; a ratio of medians)."""

import math

import pandas as pd

from concurrency_bench import models
from concurrency_bench.analysis import best_time, peak_memory, stats
from concurrency_bench.analysis.runs import cpu_seconds, with_catalog
from concurrency_bench.record.parameters import columns_of, config_default, summary_columns

# What best_time.py and the sentences need of one experiment's runs (the same
# in each run): the fields the workloads declare for summary.csv
# (concurrency_bench.core.declarations), how the runs came to their concurrency, whether the GIL was
# on. A workload's rows leave the others' parameters empty.
PARAMETERS = (*summary_columns(), "concurrency_reason", "gil_enabled")
# The tree's memory, medians of the runs (runs.csv's columns).
MEMORY_COLUMNS = (
    "memory_peak_kib",
    "memory_base_kib",
    "memory_peak_uss_kib",
    "memory_peak_processes",
    "memory_peak_client_kib",
)
INTEGER_COLUMNS = (
    *MEMORY_COLUMNS,
    "memory_grown_kib",
    "n",
    "n_outliers",
    "concurrency",
    "errors",
    *(c for c in PARAMETERS if c in columns_of("integer")),
    "usable_cpus",
    "waves_or_cpus",
    "failed",
)
# The config's defaults (src/concurrency_bench/record/schemas/config.schema.yaml, `analysis`), for
# a call without the config: the workflow passes the config's own keys.
DEFAULT_SEED = config_default("analysis.bootstrap_seed")
DEFAULT_RESAMPLES = config_default("analysis.bootstrap_resamples")
# A coefficient of variation above this marks an experiment's runs as too
# spread to trust ...
DEFAULT_MAX_CV = config_default("analysis.max_cv")
# ... and so does a median whose 95% CI reaches further than this share of it.
DEFAULT_MAX_HALFWIDTH = config_default("analysis.max_ci_halfwidth")


def succeeded(runs):
    """The runs whose outcome is ok: a failed run's time is never averaged;
    nor is a disturbed one's when analysis.exclude_disturbed is on (runs.csv's
    `excluded`, see noise.py)."""
    ok = runs["outcome"] == "ok"
    if "excluded" in runs:
        ok &= ~runs["excluded"].astype("boolean").fillna(False).astype(bool)
    return runs[ok]


def failures(group):
    """{'failed': how many runs failed or timed out, 'failed_reason': the first
    one's reason, 'skipped_reason': why the runs were skipped, when none ran,
    'left_running' and 'left_running_names': the most processes a run's task
    left running (ended by the job), and their names}."""
    failed = group[group["outcome"].isin(["failed", "timed out"])]
    reason = failed["outcome_reason"].iloc[0] if len(failed) else None
    left = group["left_running"] if "left_running" in group else pd.Series(dtype=float)
    most = group.loc[left.idxmax()] if left.fillna(0).gt(0).any() else None
    return {
        "failed": len(failed),
        "failed_reason": reason,
        "skipped_reason": skipped_reason(group),
        "left_running": None if most is None else int(most["left_running"]),
        "left_running_names": None if most is None else most["left_running_names"],
    }


def skipped_reason(runs):
    """Why an experiment's runs were skipped (a module this Python lacks), when
    none ran; None otherwise."""
    skipped = runs[runs["outcome"] == "skipped"]
    if skipped.empty or (runs["outcome"] == "ok").any():
        return None
    return str(skipped["outcome_reason"].iloc[0])


def times_by_experiment(runs):
    """{experiment: its successful runs' timed regions, seconds}."""
    ok = succeeded(runs)
    return {e: g["elapsed_s"].astype(float).to_numpy() for e, g in ok.groupby("experiment")}


def held_at_once(ok):
    """Per run, the tasks it had created at once, as its kind counts them
    (concurrency_bench.models: every task, the threads that ran them, or up to the cap);
    NaN where the runs name no kind."""
    if ok.empty or "kind" not in ok:
        return pd.Series(math.nan, index=ok.index)
    kind = models.of(ok.iloc[0])
    cap = ok["max_workers"].fillna(ok["workers"]).astype(float)
    counts = ok[["observed_tasks", "observed_threads"]].astype(float).assign(cap=cap)
    return counts.apply(lambda run: kind.held_at_once(*run), axis=1)


def whole(kib):
    """A median of KiB as a whole number (NaN stays: nothing measured)."""
    return kib if math.isnan(kib) else round(kib)


def run_costs(group):
    """What the successful runs cost, medians over them: the client's CPU time
    (its own and its workers'), per task too, and per second of the run (its
    parallelism: the CPUs it kept busy); memory per request in flight; the p50 and p99
    latency; the process tree's memory (src/concurrency_bench/run/sampler.py: its peak, the sum
    before, the peak's USS and processes); and the target's CPU time as a share
    of one core."""
    ok = succeeded(group)
    client_cpu_s = cpu_seconds(ok)
    grown_kib = (ok["memory_peak_kib"] - ok["memory_base_kib"]).astype(float).clip(lower=0)
    in_flight = held_at_once(ok)
    parallelism = ok["parallelism"].astype(float).median()
    return {
        "client_cpu_s": client_cpu_s.median(),
        "parallelism": parallelism,
        # The same number, by the name the scale study and the claims read.
        "client_cpu_share": parallelism,
        "cpu_ms_per_request": (1000 * client_cpu_s / ok["n_tasks"].astype(float)).median(),
        "kib_per_in_flight": (grown_kib / in_flight).median(),
        **{column: whole(ok[column].astype(float).median()) for column in MEMORY_COLUMNS},
        "memory_grown_kib": whole(grown_kib.median()),
        "latency_p50_s": ok["latency_p50_s"].median(),
        "latency_p99_s": ok["latency_p99_s"].median(),
        "target_cpu_share": (ok["target_cpu_s"] / ok["elapsed_s"]).max(),
        # what prepare() took outside the timed region (dask: the cluster's start)
        "prepare_s": ok["prepare_s"].astype(float).median(),
    }


def parameters(group):
    """PARAMETERS of one experiment's first run, and the fewest usable CPUs of its runs."""
    first = group.iloc[0]
    return {
        **{column: first.get(column) for column in PARAMETERS},
        "usable_cpus": group["usable_cpus"].min(),
    }


def describe_experiment(group, seed, resamples, max_cv, max_ci_halfwidth=DEFAULT_MAX_HALFWIDTH):
    times = succeeded(group)["elapsed_s"].astype(float).to_numpy()
    described = stats.describe(times, seed, resamples)
    outliers = described.pop("outliers")
    # How far the median's CI reaches, as a share of the median (the wider side).
    reach = max(
        described["ci_high_s"] - described["median_s"],
        described["median_s"] - described["ci_low_s"],
    )
    halfwidth = reach / described["median_s"]
    first = group.iloc[0]
    return {
        "experiment": first["experiment"],
        "workload": first["workload"],
        "method": first["method"],
        **described,
        "outlier_repeats": " ".join(str(r) for r in succeeded(group)["repeat"].iloc[outliers]),
        "ci_halfwidth": halfwidth,
        "unstable": bool(described["cv"] > max_cv or halfwidth > max_ci_halfwidth),
        "loadavg_max_before": group["loadavg_1m_before"].max(),
        # max_workers for http runs, the workers (or tasks in flight) otherwise.
        "concurrency": group["max_workers"].fillna(group["workers"]).max(),
        "errors": group["errors"].sum(),
        **failures(group),
        **run_costs(group),
        **parameters(group),
    }


def add_speedups(summary, times, seed, resamples):
    """speedup = median(baseline) / median(experiment), with its bootstrap CI."""
    medians = summary.set_index("experiment")["median_s"]
    summary["speedup"] = [
        medians.get(baseline, math.nan) / median
        for baseline, median in zip(summary["baseline"], summary["median_s"], strict=True)
    ]
    cis = [
        stats.bootstrap_ratio_ci(times[baseline], times[experiment], seed, resamples)
        # No CI without runs on both sides (all failed, or all excluded as disturbed).
        if baseline in times and experiment in times
        else (math.nan, math.nan)
        for experiment, baseline in zip(summary["experiment"], summary["baseline"], strict=True)
    ]
    summary["speedup_ci_low"] = [low for low, _ in cis]
    summary["speedup_ci_high"] = [high for _, high in cis]
    # Mann-Whitney U, two-sided: the baseline's runs against this experiment's
    # (none for the baseline itself).
    summary["speedup_p"] = [
        stats.mann_whitney_p(times[baseline], times[experiment])
        if baseline in times and experiment in times and baseline != experiment
        else math.nan
        for experiment, baseline in zip(summary["experiment"], summary["baseline"], strict=True)
    ]


def add_bounds(summary):
    """The theoretical bound of each experiment and the efficiency bound/median."""
    medians = summary.set_index("experiment")["median_s"]
    bounds_s, scale = [], []
    for _, row in summary.iterrows():
        bound, waves = best_time.of_run(row, medians.get(row["baseline"], math.nan))
        bounds_s.append(bound)
        scale.append(waves)
    summary["bound_s"] = bounds_s
    # waves of requests (http), or CPUs at work (the others)
    summary["waves_or_cpus"] = scale
    # A zero bound (no delay) bounds nothing: no efficiency to speak of.
    summary["efficiency"] = (summary["bound_s"] / summary["median_s"]).where(summary["bound_s"] > 0)


def summarize(
    runs,
    catalog,
    seed=DEFAULT_SEED,
    resamples=DEFAULT_RESAMPLES,
    max_cv=DEFAULT_MAX_CV,
    max_ci_halfwidth=DEFAULT_MAX_HALFWIDTH,
):
    """One row per experiment, by workload and in the catalog's order."""
    order = catalog.ordered(runs["experiment"])
    runs = with_catalog(runs, catalog) if not runs.empty else runs
    groups = {e: runs[runs["experiment"] == e] for e in order}
    rows = [
        describe_experiment(groups[e], seed, resamples, max_cv, max_ci_halfwidth) for e in order
    ]
    summary = pd.DataFrame(rows)
    if not summary.empty:
        summary = with_catalog(summary, catalog)
        add_speedups(summary, times_by_experiment(runs), seed, resamples)
        add_bounds(summary)
        peak_memory.add_memory(summary)
    return summary.astype({c: "Int64" for c in INTEGER_COLUMNS if c in summary})


def read_summary(path):
    """summary.csv, read back with its integer columns intact (and the outlying
    repeats as the text "2 5", not the number 2.0)."""
    dtypes = {c: "Int64" for c in INTEGER_COLUMNS}
    texts = dict.fromkeys(["outlier_repeats", "skipped_reason"], "string")
    return pd.read_csv(path, dtype={**dtypes, **texts})
