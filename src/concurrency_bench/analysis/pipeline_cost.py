"""What the pipeline itself costs, from the runs' own records.

Each record keeps its job's cost besides the timed region (record["job"]):
the interpreter's start and imports, the set-up (metadata, starting the
target), the tear-down (stopping it). The gaps between one job's end and the
next one's start are Snakemake's own scheduling and shell.
"""

import pandas as pd

from concurrency_bench import workloads


def setup_by_workload(runs):
    """{workload's label: its runs' median set-up}, in the workloads' order:
    set-ups differ (an HTTP run starts its target, a user's imports its task)."""
    return {
        workloads.label(name): runs.loc[runs["workload"] == name, "setup_s"].median()
        for name in workloads.order(runs["workload"].dropna())
    }


def pipeline_overhead(runs):
    """Wall time of the benchmark jobs against the sum of their timed regions."""
    started = pd.to_datetime(runs["process_started_at"], format="ISO8601")
    finished = pd.to_datetime(runs["job_finished_at"], format="ISO8601")
    order = started.sort_values().index
    # A gap is negative where jobs overlap (never for benchmark jobs).
    gaps_s = pd.Series(
        started[order].iloc[1:].to_numpy() - finished[order].iloc[:-1].to_numpy(),
        dtype="timedelta64[ns]",
    ).dt.total_seconds()
    wall_s = (finished.max() - started.min()).total_seconds()
    timed_s = runs["elapsed_s"].sum()
    per_job = runs["job_total_s"] - runs["elapsed_s"]
    return {
        "n_jobs": len(runs),
        "wall_s": wall_s,
        "timed_s": timed_s,
        "timed_share": timed_s / wall_s if wall_s > 0 else float("nan"),
        "startup_s": runs["startup_s"].median(),
        "setup_s_by_workload": setup_by_workload(runs),
        "teardown_s": runs["teardown_s"].median(),
        "per_job_s": per_job.median(),
        "between_jobs_s": gaps_s.median() if len(gaps_s) else float("nan"),
        "overhead_s": wall_s - timed_s,
    }
