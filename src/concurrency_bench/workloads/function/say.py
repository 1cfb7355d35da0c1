"""What a workload of the user's says in the report, from what its runs
measured (their parallelism, the profile's CPU share), never from what it
is assumed to do; a claim is judged as the sieve's is, by its CPUs at work."""

import pandas as pd

from concurrency_bench import models, workloads
from concurrency_bench.models import gil_on
from concurrency_bench.words import (
    CPU_HEAVY,
    PARALLEL,
    busy,
    distinct,
    format_seconds,
    percent,
    plural,
    with_unit,
)
from concurrency_bench.workloads.reasons import computing_reason as claim_reason  # noqa: F401 (the workload's reason)


def gil_note(row):
    """What the runs of threads or coroutines say of the GIL, from their
    parallelism and the profile's CPU share; '' where they say nothing."""
    kind = models.of(row)
    if not kind.shares_the_gil or pd.isna(row.parallelism):
        return ""
    units = kind.units
    if not gil_on(row.gil_enabled):
        return f" (the GIL off, a free-threaded build: the {units} may run at once)"
    share = "unmeasured" if pd.isna(row.cpu_share) else percent(min(row.cpu_share, 1.0))
    if row.parallelism > PARALLEL:
        return (
            f" (the task releases the GIL: its measured CPU share is {share} and the "
            f"{units} still overlapped)"
        )
    if not pd.isna(row.cpu_share) and row.cpu_share > CPU_HEAVY:
        return (
            f" (the task holds the GIL: {share} of its time on the CPU, so the {units} took turns)"
        )
    return (
        f" (the task mostly waits: {share} of its time on the CPU; the {units} overlap the waiting)"
    )


def function_bound(row):
    """'bound 0.48 s under the GIL, measured 0.25 s, 192% efficient.'"""
    median = f"measured {format_seconds(row.median_s)} s"
    if pd.isna(row.bound_s):
        return f"{median} (no bound: the sync loop was not run)."
    kind = models.of(row)
    if kind.shares_the_gil and gil_on(row.gil_enabled):
        where = " under the GIL"
    else:
        where = f" on {plural(row.waves_or_cpus, 'CPU')}"
    # As its bound (concurrency_bench.workloads.function): a process pool's parent pickles the items.
    if kind.starts_processes and not pd.isna(row.transfer_s):
        sending = row.n_tasks * row.transfer_s
        where += f", {with_unit(sending)} of it sending the {row.n_tasks} items"
    return (
        f"bound {format_seconds(row.bound_s)} s{where}, {median}, "
        f"{100 * row.efficiency:.0f}% efficient."
    )


def sentence(row):
    """A user's function: the workers its model ran, the CPUs they kept busy,
    what that says of the GIL, and the bound."""
    if models.of(row).is_sync:
        share = "" if pd.isna(row.cpu_share) else f", {percent(row.cpu_share)} of it on the CPU"
        return (
            f"The {row.method} ran the task over its {row.n_tasks} items one at a time in "
            f"{format_seconds(row.median_s)} s ({busy(row)}{share}): the bound of every "
            "other model follows from this time."
        )
    at_work = f"{row.method} ran {plural(row.workers, models.of(row).unit)}"
    return f"{at_work}: {busy(row)}{gil_note(row)}; {function_bound(row)}"


def tasks(runs):
    return f"{distinct(runs['task'])} over {distinct(runs['n_tasks'])} items"


def measured(name, runs, config):
    """A user's workload: its task, its items and how many there were."""
    spec, own = (config.get("workloads") or {}).get(name) or {}, runs[runs["workload"] == name]
    task = distinct(own["task"]) if "task" in own else spec.get("task")
    inputs = distinct(own["inputs"]) if "inputs" in own else spec.get("inputs")
    # How the profile kept the sync loop's results (concurrency_bench.workloads.function.expected).
    how = {
        "repr": " by their repr (they cannot be pickled)",
        "in part": " by their repr (they cannot be pickled), and by their type alone "
        "where the repr changes from one process to the next",
    }.get(distinct(own["results_checked"]) if "results_checked" in own else None, "")
    text = (
        f"`{task}` ({workloads.family(name).what}) over the {distinct(own['n_tasks'])} "
        f"items that `{inputs}` returns; every model's results are checked against the "
        f"sync loop's{how}."
    )
    if spec.get("task_async"):
        text += f" The asyncio models await `{spec['task_async']}` instead."
    return text
