"""What each model's memory was, measured over its whole process tree
(src/concurrency_bench/run/sampler.py: the PSS of the client and its live descendants, sampled
through the timed region), and where it went; and what sampling it cost.

Per experiment, from summary.csv's medians:
- its peak, and how far above its sync loop's peak it went;
- where it went: into the processes the peak summed beyond the sync loop's
  (per worker: that difference over them, an interpreter each with what it
  imported), or into the one process, over the tasks it ran at once (an upper
  bound per task: what a model keeps, such as futures holding their results,
  counts there too).
"""

import math

import numpy as np
import pandas as pd

from concurrency_bench.analysis import stats
from concurrency_bench.record.run_record import load_record, make_validator
from concurrency_bench.words import plural

MIB = 1024


def format_mib(kib, digits=1):
    """KiB as MiB, '–' where nothing was measured."""
    return "–" if pd.isna(kib) else f"{kib / MIB:.{digits}f}"


def add_memory(summary):
    """Each experiment's peak against its baseline's (the sync loop of its
    workload): the KiB above it and the processes beyond its."""
    peaks = summary.set_index("experiment")["memory_peak_kib"].astype(float)
    processes = summary.set_index("experiment")["memory_peak_processes"].astype(float)
    baselines = summary["baseline"]
    summary["memory_over_baseline_kib"] = (
        summary["memory_peak_kib"].astype(float).to_numpy() - baselines.map(peaks).to_numpy()
    )
    summary["memory_extra_processes"] = (
        summary["memory_peak_processes"].astype(float).to_numpy()
        - baselines.map(processes).to_numpy()
    )
    clients = summary.set_index("experiment")["memory_peak_client_kib"].astype(float)
    summary["memory_client_over_baseline_kib"] = (
        summary["memory_peak_client_kib"].astype(float).to_numpy()
        - baselines.map(clients).to_numpy()
    )


def at_once(row):
    """The tasks the experiment ran at once (its concurrency), at least one."""
    concurrency = getattr(row, "concurrency", math.nan)
    return 1 if pd.isna(concurrency) or concurrency < 1 else int(concurrency)


def where_it_went(row, over):
    """Where `over` KiB above the sync loop's went: into the processes the
    peak summed beyond the sync loop's, or into the one process."""
    extra = getattr(row, "memory_extra_processes", math.nan)
    if not pd.isna(extra) and extra >= 1:
        client = getattr(row, "memory_client_over_baseline_kib", math.nan)
        if pd.isna(client):  # no split recorded: the workers' share is not known
            each = format_mib(over / extra, 2)
            return f"in {plural(int(extra), 'more process')} at the peak, {each} MiB each"
        workers = over - client
        return (
            f"{format_mib(workers)} MiB in {plural(int(extra), 'more process')} at the peak "
            f"({format_mib(workers / extra, 2)} MiB each) and {format_mib(client)} MiB more "
            "in the client process itself"
        )
    n = at_once(row)
    return (
        f"in the same process, with {plural(n, 'task')} at once "
        f"({format_mib(over / n, 2)} MiB per task, if they held it all)"
    )


def sentence(row):
    """'Memory: peak 77.5 MiB (PSS of 3 processes), 47.9 MiB above the sync
    loop's, in 2 more processes at the peak, 23.97 MiB each.'; '' where no
    tree was measured."""
    peak = getattr(row, "memory_peak_kib", math.nan)
    if pd.isna(peak):
        return ""
    processes = getattr(row, "memory_peak_processes", math.nan)
    summed = "" if pd.isna(processes) else f" (PSS of {plural(int(processes), 'process')})"
    said = f"Memory: peak {format_mib(peak)} MiB{summed}"
    over = getattr(row, "memory_over_baseline_kib", math.nan)
    if row.experiment == row.baseline or pd.isna(over):
        return said + "."
    if over <= 0:
        return f"{said}, no more than the sync loop's ({format_mib(-over)} MiB less)."
    return f"{said}, {format_mib(over)} MiB above the sync loop's, {where_it_went(row, over)}."


def unmeasured(summary):
    """The experiments whose runs measured no tree (records before version 6,
    or the sampler off)."""
    ran = summary[summary["skipped_reason"].isna()] if "skipped_reason" in summary else summary
    return list(ran.loc[ran["memory_peak_kib"].isna(), "experiment"])


# --- the sampler's own cost (config key memory.ablation) ------------------------------


def elapsed(paths):
    """{experiment: [(elapsed_s, the job's total_s) of each ok record]} of run records."""
    found, validator = {}, make_validator()
    for path in paths:
        record = load_record(path, validator)  # checked, as runs.csv's records are
        if record["outcome"]["status"] == "ok":
            times = (record["elapsed_s"], record["job"]["total_s"])
            found.setdefault(record["experiment"], []).append(times)
    return found


def sampler_cost(sampled, unsampled, seed, resamples):
    """Per experiment of the ablation: the median with the sampler on and off,
    on / off with its bootstrap CI and the U-test's p, from the twin runs; and
    the job's median total with and without (the sampler starts outside the
    timed region, so its start shows there)."""
    on, off = elapsed(sampled), elapsed(unsampled)
    rows = []
    for experiment in on:
        if experiment not in off:
            continue
        with_s, with_job_s = np.array(on[experiment]).T
        without_s, without_job_s = np.array(off[experiment]).T
        low, high = stats.bootstrap_ratio_ci(with_s, without_s, seed, resamples)
        rows.append(
            {
                "experiment": experiment,
                "pairs": min(len(with_s), len(without_s)),
                "sampled_median_s": float(np.median(with_s)),
                "unsampled_median_s": float(np.median(without_s)),
                "ratio": float(np.median(with_s) / np.median(without_s)),
                "ci_low": low,
                "ci_high": high,
                "p_value": stats.mann_whitney_p(with_s, without_s),
                "sampled_job_s": float(np.median(with_job_s)),
                "unsampled_job_s": float(np.median(without_job_s)),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "experiment",
            "pairs",
            "sampled_median_s",
            "unsampled_median_s",
            "ratio",
            "ci_low",
            "ci_high",
            "p_value",
            "sampled_job_s",
            "unsampled_job_s",
        ],
    )


def cost_reading(row):
    """What a row of sampler_cost says, from its CI."""
    if row.ci_low <= 1 <= row.ci_high:
        return "no measurable cost (the CI spans 1×)"
    if row.ci_low > 1:
        return f"the sampler cost {100 * (row.ratio - 1):.1f}%"
    return f"runs with the sampler were {100 * (1 - row.ratio):.1f}% faster (noise)"
