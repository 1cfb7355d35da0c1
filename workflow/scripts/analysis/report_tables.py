"""The report's tables of this machine's runs, every number formatted: one
row per experiment with its statistics, bound and sentence; the runs too
spread to trust; the pipeline's own cost; the ablations; the sweeps."""

import os

import pandas as pd

from analysis import explanations, overhead
from analysis.formatting import format_seconds, format_speedup, interval, percent
from bench.catalog import KIND_ORDER


def table_row(row):
    """One summary row, every number formatted, with its sentence."""
    return {
        "experiment": row.experiment,
        "method": row.method,
        "concurrency": row.concurrency,
        "n": row.n,
        "median": format_seconds(row.median_s),
        "median_ci": interval(row.ci_low_s, row.ci_high_s, format_seconds),
        "iqr": format_seconds(row.iqr_s),
        "cv": percent(row.cv, digits=1),
        "outliers": row.outlier_repeats if row.n_outliers else "–",
        "speedup": format_speedup(row.speedup),
        "speedup_ci": interval(row.speedup_ci_low, row.speedup_ci_high, format_speedup),
        "bound": format_seconds(row.bound_s),
        "efficiency": percent(row.efficiency),
        "errors": row.errors,
        "sentence": explanations.sentence(row),
    }


def kind_tables(summary):
    """Per kind, the rows of its table, every number formatted."""
    tables = {}
    for kind in KIND_ORDER:
        rows = [table_row(row) for row in summary[summary["kind"] == kind].itertuples()]
        if rows:
            tables[kind] = rows
    return tables


def unstable_rows(summary, runs):
    """The experiments too spread to trust, with the likely cause."""
    rows = []
    for row in summary[summary["unstable"]].itertuples():
        load = runs.loc[runs["experiment"] == row.experiment, "loadavg_1m_before"]
        cpus = runs["usable_cpus"].max()
        busy = load.max() > 0.5 * cpus
        rows.append(
            {
                "experiment": row.experiment,
                "cv": f"{100 * row.cv:.1f}%",
                "load": f"{load.min():.2f}–{load.max():.2f}",
                "cause": (
                    f"the machine was busy: a 1-minute load average up to {load.max():.2f} "
                    f"on {cpus} CPUs before a run"
                    if busy
                    else "the load average was low before every run: the method itself "
                    "varies (scheduling, the network), or something started mid-run"
                ),
                "outliers": row.outlier_repeats if row.n_outliers else "none",
            }
        )
    return rows


def overhead_facts(runs):
    """The pipeline's own cost, formatted: seconds, and the timed share in %."""
    facts = overhead.pipeline_overhead(runs)
    formatted = {key: format_seconds(value) for key, value in facts.items()}
    formatted["n_jobs"] = facts["n_jobs"]
    formatted["timed_share"] = f"{100 * facts['timed_share']:.0f}%"
    return formatted


def ablation_rows(ablations):
    """Per question, its explanation and the comparisons that answer it."""
    return [
        {
            "question": question,
            "explanation": group["explanation"].iloc[0],
            "comparisons": [
                {
                    "comparison": row.comparison,
                    "ratio": format_speedup(row.ratio),
                    "ci": interval(row.ci_low, row.ci_high, format_speedup),
                    "reading": row.reading,
                }
                for row in group.itertuples()
            ],
        }
        for question, group in ablations.groupby("question", sort=False)
    ]


def sweep_sections(paths, plots, report_dir):
    """Per sweep: its table rows (one per experiment and value) and its plot."""
    sections = []
    for path in paths:
        name = os.path.basename(os.path.dirname(path))
        table = pd.read_csv(path)
        sections.append(
            {
                "name": name,
                "param": table["param"].iloc[0],
                "plot": os.path.relpath(plots[f"sweep_{name}"], report_dir),
                "rows": [
                    {
                        "experiment": row.experiment,
                        "value": f"{row.value:g}"
                        + (" (oversubscribed)" if row.oversubscribed else ""),
                        "median": format_seconds(row.median_s)
                        if row.n
                        else f"failed: {row.failed_reason}",
                        "ci": interval(row.ci_low_s, row.ci_high_s, format_seconds),
                        "speedup": format_speedup(row.speedup),
                        "bound": format_seconds(row.bound_s),
                        "efficiency": percent(row.efficiency),
                    }
                    for row in table.itertuples()
                ],
            }
        )
    return sections
