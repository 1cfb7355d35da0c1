"""Without the GIL: the matrix's free-threaded interpreters (the GIL off, and
on as the control) against the default builds, per workload.

Each label is a build and a GIL state, as its records measured them
(free_threaded, gil_enabled after the task's imports, gil_enabled_by). Per
workload: every (label, model) pair ranked by median with its 95% bootstrap
CI; the single-thread cost, the sync loop on the free-threaded build (GIL
off) against the default build of the nearest version, as a ratio of medians
with its CI; threads' parallelism with the GIL off against on; the fastest
threads without the GIL against the fastest processes of the default build;
and where threads without the GIL still lose, the measured quantity that
explains it: the single-thread cost, or contention (parallelism below the
threads at work). Nothing here without a free-threaded label.
"""

import math

import numpy as np

from concurrency_bench import models, workloads
from concurrency_bench.analysis import stats
from concurrency_bench.analysis.peak_memory import format_mib
from concurrency_bench.analysis.summary import succeeded
from concurrency_bench.words import format_seconds, interval, python_names

# Parallelism this far below the threads at work is contention, not the cost of one thread.
CONTENDED = 0.85
# What a workload's section says, each where its runs allow.
SENTENCES = ("waits", "single_thread", "gil", "threads_vs_processes", "loses", "recommendation")
# Below this CPU share (the sync loop's parallelism) a task mostly waits: the
# GIL does not stop threads overlapping the waits.
MOSTLY_WAITING = 0.2


def build_of(label, runs):
    """What a label measured: its Python, its build and its GIL state."""
    free = bool(runs["free_threaded"].astype("boolean").fillna(False).any())
    gil = runs["gil_enabled"].dropna().astype(str)
    gil_on = bool(len(gil) == 0 or (gil == "True").any())
    by = runs.get("gil_enabled_by")
    reenabled = sorted(set(", ".join(by.dropna()).split(", ")) - {""}) if by is not None else []
    version = tuple(int(part) for part in str(runs["python_version"].iloc[0]).split(".")[:2])
    return {
        "label": label,
        "build": python_names(runs).iloc[0],
        "free_threaded": free,
        "gil_enabled": gil_on,
        "gil_enabled_by": reenabled,
        "version": version,
        "cpython": str(runs["python_implementation"].iloc[0]) == "CPython",
    }


def times_of(runs, experiment):
    ok = succeeded(runs[runs["experiment"] == experiment])
    return ok["elapsed_s"].astype(float).to_numpy(), ok["parallelism"].astype(float).median()


def factor(value):
    """A ratio to two decimals, "1.49×": the single-thread cost is a matter of percent."""
    return f"{value:.2f}×"


def ratio(numerator, denominator, seed, resamples):
    """{'ratio', 'low', 'high', 'text'}: median(numerator) / median(denominator) with its CI."""
    value = float(np.median(numerator) / np.median(denominator))
    low, high = stats.bootstrap_ratio_ci(numerator, denominator, seed, resamples)
    ci = interval(low, high, factor)
    return {
        "ratio": value,
        "low": low,
        "high": high,
        "text": f"{factor(value)} (95% CI {ci})",
    }


def peak_memory(runs, experiment):
    """The median of an experiment's runs' process-tree peaks (KiB), NaN unmeasured."""
    ok = succeeded(runs[runs["experiment"] == experiment])
    return float(ok["memory_peak_kib"].astype(float).median()) if len(ok) else math.nan


def memory_against(threads, processes):
    """'; peak memory 31.0 MiB against 77.5 MiB (processes hold 46.5 MiB more)', or ''."""
    mine, theirs = threads["memory_kib"], processes["memory_kib"]
    if math.isnan(mine) or math.isnan(theirs):
        return ""
    more = "more" if theirs >= mine else "less"
    return (
        f"; peak memory (the process tree's PSS) {format_mib(mine)} MiB against "
        f"{format_mib(theirs)} MiB: processes hold {format_mib(abs(theirs - mine))} MiB {more}"
    )


def whole(column):
    """The largest value of a column as an int, or None where it is empty
    (an I/O run has no workers)."""
    found = column.dropna()
    return int(found.max()) if len(found) else None


def pairs_of(workload, runs_by_label, builds, catalog, seed, resamples):
    """Every measured (label, model) pair of one workload, fastest first."""
    pairs = []
    for label, runs in runs_by_label.items():
        for experiment in catalog.ordered(
            set(runs.loc[runs["workload"] == workload, "experiment"])
        ):
            times, parallelism = times_of(runs, experiment)
            if not len(times):
                continue
            low, high = stats.bootstrap_median_ci(times, seed, resamples)
            row = catalog[experiment]
            pairs.append(
                {
                    "label": label,
                    "build": builds[label]["build"],
                    "experiment": experiment,
                    "method": row.method,
                    "kind": row.kind,
                    "workers": whole(runs.loc[runs["experiment"] == experiment, "workers"]),
                    "usable_cpus": whole(runs["usable_cpus"]),
                    "times": times,
                    "median_s": float(np.median(times)),
                    "ci": f"{interval(low, high, format_seconds)}",
                    "parallelism": float(parallelism),
                    "memory_kib": peak_memory(runs, experiment),
                }
            )
    return sorted(pairs, key=lambda pair: pair["median_s"])


def fastest(pairs, label, kind):
    found = [p for p in pairs if p["label"] == label and models.of(p["kind"]) is kind]
    return found[0] if found else None


def nearest_default(builds, free):
    """The default (GIL) CPython build of the version nearest the free-threaded one's."""
    defaults = [b for b in builds.values() if b["cpython"] and not b["free_threaded"]]
    major, minor = free["version"]

    def distance(build):
        return abs(build["version"][0] - major), abs(build["version"][1] - minor)

    return min(defaults, key=distance) if defaults else None


def named(pair):
    """A pair as a sentence names it: its experiment and median time."""
    return f"`{pair['experiment']}`, {format_seconds(pair['median_s'])} s"


def why_threads_lose(threads, winner, cost):
    """What explains threads without the GIL losing to `winner`: the
    single-thread cost, or contention (their parallelism below the threads at work)."""
    at_work = min((n for n in (threads["workers"], threads["usable_cpus"]) if n), default=0)
    said = []
    if cost and cost["low"] > 1:
        said.append(f"one thread runs {cost['text']} slower on this build (the single-thread cost)")
    if at_work and threads["parallelism"] < CONTENDED * at_work:  # NaN: never
        said.append(
            f"the threads kept {threads['parallelism']:.2f} CPUs busy of the {at_work:.0f} at "
            "work (contention)"
        )
    reason = "; ".join(said) or "neither the single-thread cost nor contention is measurable here"
    return (
        f"threads without the GIL ({named(threads)}) still lose to {winner['method']} on "
        f"{winner['build']} ({named(winner)}): {reason}"
    )


def same_experiment(pairs, build, pair):
    """`pair`'s experiment on another build, or None."""
    found = [
        p for p in pairs if p["label"] == build["label"] and p["experiment"] == pair["experiment"]
    ]
    return found[0] if found else None


def comparisons(pairs, off, on, default, seed, resamples):
    """The single-thread cost, the GIL off against on, threads against
    processes, and why threads lose (or that they win), as sentences; for a
    task that mostly waits, only that it does."""

    def fastest_of(build, kind):
        return build and fastest(pairs, build["label"], kind)

    sync_off = fastest_of(off, models.SYNC)
    sync_default = sync_off and default and same_experiment(pairs, default, sync_off)
    threads, processes = fastest_of(off, models.THREADS), fastest_of(default, models.PROCESSES)
    threads_on = threads and on and same_experiment(pairs, on, threads)
    said, cost = {}, None
    share = (sync_default or sync_off or {}).get("parallelism", math.nan)
    if share < MOSTLY_WAITING:  # NaN: unknown, compared
        said["waits"] = (
            f"the sync loop kept {share:.2f} CPUs busy: the task mostly waits, and threads "
            "overlap the waits with the GIL on or off"
        )
        return said
    if sync_off and sync_default:
        cost = ratio(sync_off["times"], sync_default["times"], seed, resamples)
        said["single_thread"] = (
            f"the sync loop on {off['build']} against {default['build']}: {cost['text']} the time"
        )
    if threads and threads_on:
        said["gil"] = (
            f"threads' parallelism {threads['parallelism']:.2f} with the GIL off against "
            f"{threads_on['parallelism']:.2f} with it on ({named(threads)} against "
            f"{format_seconds(threads_on['median_s'])} s; time with it on / off: "
            f"{ratio(threads_on['times'], threads['times'], seed, resamples)['text']})"
        )
    if threads and processes:
        said["threads_vs_processes"] = (
            f"threads on {off['build']} ({named(threads)}) against processes on "
            f"{default['build']} ({named(processes)}): processes' time / threads' = "
            + ratio(processes["times"], threads["times"], seed, resamples)["text"]
            + memory_against(threads, processes)
        )
    if threads and pairs[0] is not threads:
        said["loses"] = why_threads_lose(threads, pairs[0], cost)
    elif threads:
        said["recommendation"] = f"threads, on the free-threaded build ({off['build']})"
    return said


def workload_section(workload, runs_by_label, builds, free, catalog, seed, resamples):
    pairs = pairs_of(workload, runs_by_label, builds, catalog, seed, resamples)
    off = next((b for b in free if not b["gil_enabled"]), free[0])
    on = next((b for b in free if b["gil_enabled"] and b["label"] != off["label"]), None)
    shown = [
        {**{k: v for k, v in pair.items() if k != "times"}, "rank": rank}
        | {"median": format_seconds(pair["median_s"])}
        for rank, pair in enumerate(pairs, 1)
    ]
    said = {"workload": workload, "label": workloads.label(workload), "pairs": shown}
    said |= dict.fromkeys(SENTENCES)
    if pairs:
        said |= comparisons(pairs, off, on, nearest_default(builds, off), seed, resamples)
    return said


def compare(runs_by_label, catalog, seed=0, resamples=2000):
    """{'builds': [...], 'workloads': [...]}; None without a free-threaded label."""
    runs_by_label = {label: runs for label, runs in runs_by_label.items() if len(runs)}
    builds = {label: build_of(label, runs) for label, runs in runs_by_label.items()}
    free = [b for b in builds.values() if b["free_threaded"]]
    if not free:
        return None
    names = workloads.order(
        {w for label in free for w in runs_by_label[label["label"]]["workload"]}
    )
    return {
        "builds": list(builds.values()),
        "workloads": [
            workload_section(name, runs_by_label, builds, free, catalog, seed, resamples)
            for name in names
        ],
    }
