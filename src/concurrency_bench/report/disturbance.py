"""The report's tables of what disturbed the runs, from each run's record
(src/concurrency_bench/analysis/noise.py): the experiments too spread to trust with the measured
cause per run, and every run disturbed beyond analysis.max_disturbance, with
whether it was left out of the statistics."""

import pandas as pd

from concurrency_bench.analysis import noise
from concurrency_bench.words import format_seconds

QUIET = (
    "no run measured a disturbance (other processes, steal, context switches, "
    "frequency): the method itself varies (scheduling, the network)"
)


def share_text(share):
    return "–" if pd.isna(share) else noise.percent_of_core(share)


def whole(value):
    return "–" if value is None or pd.isna(value) else f"{value:.0f}"


def run_row(cause):
    """One run of noise.run_causes, every number formatted."""
    marks = []
    if cause["disturbed"]:
        marks.append("disturbed")
    if cause["excluded"]:
        marks.append("excluded")
    return {
        "repeat": cause["repeat"],
        "run_index": whole(cause["run_index"]),
        "time": format_seconds(cause["elapsed_s"]),
        "others": share_text(cause["other_share"]),
        "steal": share_text(cause["steal_share"]),
        "ctx": whole(cause["ctx_involuntary"]),
        "mhz": whole(cause["cpu_mhz"]),
        "cause": cause["cause"] + (f" ({', '.join(marks)})" if marks else ""),
    }


def experiment_cause(causes):
    """The runs that measured a disturbance, each with its cause; QUIET if none."""
    named = [c for c in causes if c["named"]]
    if not named:
        return QUIET
    return "; ".join(
        f"repeat {c['repeat']} ({format_seconds(c['elapsed_s'])} s): {c['cause']}" for c in named
    )


def unstable_rows(summary, runs, analysis=None):
    """The experiments too spread to trust: the load average before their runs,
    and the cause measured in each run, named per run."""
    floor_s = noise.settings(analysis)["floor_s"]
    rows = []
    for row in summary[summary["unstable"]].itertuples():
        own = runs[runs["experiment"] == row.experiment]
        load = own["loadavg_1m_before"]
        causes = noise.run_causes(own, floor_s)
        rows.append(
            {
                "experiment": row.experiment,
                "cv": f"{100 * row.cv:.1f}%",
                "halfwidth": f"±{100 * row.ci_halfwidth:.1f}%",
                "load": f"{load.min():.2f}–{load.max():.2f}",
                "cause": experiment_cause(causes),
                "outliers": row.outlier_repeats if row.n_outliers else "none",
                "runs": [run_row(cause) for cause in causes],
            }
        )
    return rows


def disturbed_rows(runs):
    """Every run disturbed beyond analysis.max_disturbance, with its reason and
    whether it was excluded from the statistics."""
    if "disturbed" not in runs:
        return []
    flagged = runs[runs["disturbed"].map(noise.reason_of) != ""]
    return [
        {
            "experiment": run["experiment"],
            "repeat": run["repeat"],
            "time": format_seconds(run["elapsed_s"]),
            "reason": run["disturbed"],
            "excluded": noise.flag(run.get("excluded")),
        }
        for _, run in flagged.iterrows()
    ]
