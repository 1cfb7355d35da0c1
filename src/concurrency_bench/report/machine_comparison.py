"""The report's comparison of this machine with the other machines and
interpreters found in results/."""

import pandas as pd

from concurrency_bench.analysis.across_interpreters import available
from concurrency_bench.words import format_seconds, format_speedup, python_names


def machines_section(machines_csv, machine):
    table = pd.read_csv(machines_csv).fillna({"mixed": "", "partition": ""})
    names = list(pd.unique(table["machine"]))
    described = table.drop_duplicates("machine").set_index("machine")
    return {
        "names": names,
        "hardware": [
            {
                "machine": name,
                "cpu_brand": described.loc[name, "cpu_brand"],
                "cores": described.loc[name, "cores"],
                "usable_cpus": described.loc[name, "usable_cpus"],
                "python": described.loc[name, "python"],
                "pool_workers": described.loc[name, "pool_workers"],
                "partition": described.loc[name, "partition"],
                "mixed": described.loc[name, "mixed"],
            }
            for name in names
        ],
        "experiments": [
            {
                "experiment": experiment,
                "cells": [cross_machine_cell(group, name) for name in names],
            }
            for experiment, group in table.groupby("experiment", sort=False)
        ],
        "on_slurm": bool(described["partition"].astype(bool).any()),
        "this_mixed": described.loc[machine, "mixed"] if machine in described.index else None,
    }


def cross_machine_cell(group, machine):
    row = group[group["machine"] == machine]
    if row.empty:
        return "–"
    row = row.iloc[0]
    if isinstance(row["mixed"], str) and row["mixed"]:
        return "mixed hardware"
    if pd.isna(row["median_s"]):
        return "not run"  # every run skipped (the interpreters' section says why)
    return f"{format_seconds(row['median_s'])} s ({format_speedup(row['speedup'])})"


def not_available(experiments, runs, catalog):
    """The config's experiments this label's Python cannot run (a catalog
    `python` newer than it): the workflow skipped them. One row each."""
    pythons = pd.unique(python_names(runs))
    return [
        {
            "experiment": name,
            "method": catalog[name].method,
            "python": ", ".join(pythons),
            "needs": catalog[name].python,
        }
        for name in experiments
        if name in catalog and not all(available(catalog[name], python) for python in pythons)
    ]
