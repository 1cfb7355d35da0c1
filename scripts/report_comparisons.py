"""The report's comparisons: this machine against the article's published
runs (speedups, and the order of the methods), and against the other machines
and interpreters found in results/."""

import pandas as pd

from report_tables import interval
from summarize import KIND_LABELS, KIND_ORDER, format_seconds, format_speedup


def article_cell(figures, experiment, source):
    """'15.711 s (1.0×)': the article's time as published, and its speedup
    against its own sync."""
    row = figures[(figures["experiment"] == experiment) & (figures["source"] == source)]
    if row.empty:
        return "–"
    time, speedup = row.iloc[0][["time_s", "speedup"]]
    return f"{time:g} s ({format_speedup(speedup)})"


def article_rows(summary, figures, sources):
    """This machine's speedups beside each published run's (against its own sync)."""
    return [
        {
            "experiment": row.experiment,
            "method": row.method,
            "speedup": format_speedup(row.speedup),
            "speedup_ci": interval(row.speedup_ci_low, row.speedup_ci_high, format_speedup),
            "article": [article_cell(figures, row.experiment, s) for s in sources],
        }
        for row in summary.itertuples()
    ]


def orderings(summary, article, sources):
    """Per kind, the experiments from fastest to slowest here and in each
    published run, and whether the order is the same as here."""
    rows = []
    for kind in KIND_ORDER:
        mine = summary[summary["kind"] == kind].sort_values("median_s")["experiment"]
        if mine.empty:
            continue
        order = list(mine)
        row = {"kind": KIND_LABELS[kind], "here": fastest_first(order), "article": []}
        for source in sources:
            times = {e: article["figures"][e].get(source) for e in order}
            theirs = sorted((e for e in order if times[e] is not None), key=times.get)
            same = "same" if theirs == order else "differs"
            row["article"].append(f"{fastest_first(theirs)} ({same})")
        rows.append(row)
    return rows


def fastest_first(experiments):
    return " < ".join(e.split("-bound_", 1)[1] for e in experiments)


def machines_section(machines_csv, machine):
    table = pd.read_csv(machines_csv).fillna({"mixed": ""})
    names = list(pd.unique(table["machine"]))
    described = table.drop_duplicates("machine").set_index("machine")
    return {
        "names": names,
        "hardware": [
            {
                "machine": name,
                "cpu": described.loc[name, "cpu_brand"],
                "cores": described.loc[name, "cores"],
                "usable_cpus": described.loc[name, "usable_cpus"],
                "python": described.loc[name, "python"],
                "pool_workers": described.loc[name, "pool_workers"],
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
        "this_mixed": described.loc[machine, "mixed"] if machine in described.index else None,
    }


def cross_machine_cell(group, machine):
    row = group[group["machine"] == machine]
    if row.empty:
        return "–"
    row = row.iloc[0]
    if pd.isna(row["median_s"]):
        return "mixed hardware"
    return f"{format_seconds(row['median_s'])} s ({format_speedup(row['speedup'])})"
