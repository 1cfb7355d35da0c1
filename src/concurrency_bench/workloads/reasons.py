"""Why a claim on a workload holds or not, in the words the workloads share:
each workload's `say` module names its reason (claim_reason), and the
analysis's verdicts (concurrency_bench.analysis.verdicts) ask for it."""

import math

import pandas as pd

from concurrency_bench import models
from concurrency_bench.models import gil_on
from concurrency_bench.words import format_seconds, format_speedup


def gil_reason(row):
    """Why threads on the sieve match sync, or beat it: whether the GIL was on
    (the records' gil_enabled), and the bound that follows (the workload's)."""
    bound = f"bound {format_seconds(row['bound_s'])} s"
    if not pd.isna(row["efficiency"]):
        bound += f", {100 * row['efficiency']:.0f}% efficient"
    if not gil_on(row["gil_enabled"]):
        parallel = min(row["workers"], row["usable_cpus"])
        return (
            "a free-threaded Python with the GIL off: threads can run the sieve in "
            f"parallel, {parallel} at a time on {row['usable_cpus']} usable CPUs "
            f"(sync's time / {parallel}: {bound})"
        )
    return (
        "the GIL lets one thread at a time run Python code: the threads take "
        f"turns on the sieve and add their own switching (sync's time: {bound})"
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


def computing_reason(fast, slow, verdict):
    """Work on the CPU: threads take turns under the GIL; pools are bounded by
    their CPUs at work and what sending the items costs."""
    for row in slow:
        if models.of(row).gil_bound:
            return gil_reason(row)
    return cpu_reason(fast, slow[0])


def waiting_reason(fast, slow, verdict):
    """Waiting on requests: each method's bound and how close it came, and a
    client busy on its own CPU where the claim did not hold."""
    reason = "; ".join(io_part(row) for row in (fast, *slow))
    busy = fast["client_cpu_share"]
    if verdict != "holds" and not pd.isna(busy) and busy > 0.5:
        reason += (
            f"; {fast['method']} kept a CPU busy {100 * busy:.0f}% of its run "
            f"({fast['client_cpu_s']:.3g} s, {fast['cpu_ms_per_request']:.2f} ms per request): "
            "its client's own work, not the waiting, sets its time"
        )
    return reason
