"""Set the machines found in results/ side by side: medians and speedups per
experiment, each machine described by its hardware and Python.

A machine label whose runs were measured on different hardware (or Pythons)
is not compared: its row says what differs instead.
"""

import pandas as pd

from concurrency_bench.analysis.runs import read_runs
from concurrency_bench.analysis.summary import read_summary
from concurrency_bench.words import distinct, python_names

# What must agree between the runs of one machine label.
HARDWARE = {
    "cpu_brand": "CPU",
    "cpuinfo_count": "cores",
    "usable_cpus": "usable CPUs",
    "memory_total_bytes": "memory",
    "python_implementation": "Python implementation",
    "python_version": "Python",
    "implementation_version": "implementation version",
    # A free-threaded build changes exactly what these experiments measure.
    "gil_enabled": "GIL",
}
# The numbers of one machine's summary, blanked where its runs mix hardware.
NUMBERS = ["n", "median_s", "ci_low_s", "ci_high_s", "speedup", "speedup_ci_low", "speedup_ci_high"]
COLUMNS = (
    "machine",
    "experiment",
    "workload",
    "method",
    "baseline",
    *NUMBERS,
    "concurrency",
    "cpu_brand",
    "cores",
    "usable_cpus",
    "python",
    "pool_workers",
    "partition",
    "mixed",
)


def hardware_of(runs):
    """(description, mixed): the machine's hardware, or what differs."""
    differing = [
        f"{label}: {' / '.join(map(str, pd.unique(runs[column].dropna())))}"
        for column, label in HARDWARE.items()
        if column in runs and runs[column].nunique() > 1
    ]
    first = runs.iloc[0]
    described = {
        "cpu_brand": first["cpu_brand"],
        "cores": first["cpuinfo_count"],
        "usable_cpus": first["usable_cpus"],
        "python": python_names(runs).iloc[0],
        "pool_workers": ", ".join(
            map(str, pd.unique(runs.loc[runs["method"] != "sync", "workers"].dropna()))
        ),
        # The SLURM partition(s) its runs were jobs on (runs.csv before it: none).
        "partition": distinct(runs.get("slurm_partition", pd.Series(dtype=object))),
    }
    return described, "; ".join(differing)


def machine_rows(machine, runs, summary):
    described, mixed = hardware_of(runs)
    rows = summary.assign(machine=machine, mixed=mixed, **described)
    if mixed:  # never present numbers of different hardware as one machine's
        rows[NUMBERS] = pd.NA
    return rows[list(COLUMNS)]


def compare(machines, runs_csvs, summary_csvs):
    tables = [
        machine_rows(machine, read_runs(runs), read_summary(summary))
        for machine, runs, summary in zip(machines, runs_csvs, summary_csvs, strict=True)
    ]
    return pd.concat(tables, ignore_index=True)
