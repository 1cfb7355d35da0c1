"""Warm-up, read from the runs' task times: an experiment's first tenth of the
tasks (concurrency_bench.run.task_output.FIRST_SHARE) against the rest's median, time per task
with sizes aside, and what that excess is of all its tasks' time; and the
sentence that sets each interpreter's warm-up side by side in a workload's sync
loop (its baseline), for the interpreters' section (concurrency_bench.analysis.across_interpreters).
"""

from concurrency_bench.run.task_output import FIRST_SHARE
from concurrency_bench.words import format_speedup


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
