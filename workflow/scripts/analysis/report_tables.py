"""The report's tables of this machine's runs, every number formatted: one
row per experiment with its statistics, bound and sentence; the runs too
spread to trust; the pipeline's own cost; the ablations; the sweeps."""

import os

import pandas as pd

from analysis import explanations, overhead, report_noise
from analysis.formatting import format_p, format_seconds, format_speedup, interval, percent
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
        "speedup_p": format_p(getattr(row, "speedup_p", float("nan"))),
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


def unstable_rows(summary, runs, analysis=None):
    """The experiments too spread to trust, with the cause measured in each of
    their runs (report_noise.py), not guessed from the load average."""
    return report_noise.unstable_rows(summary, runs, analysis)


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
                    "p": format_p(getattr(row, "p_value", float("nan"))),
                    "reading": row.reading,
                }
                for row in group.itertuples()
            ],
        }
        for question, group in ablations.groupby("question", sort=False)
    ]


def sweep_value(value):
    """A swept value as the table gives it: 4, 0.05, spawn."""
    return value if isinstance(value, str) else f"{value:g}"


def start_cost_sentences(paths):
    """One sentence per experiment and start method of the sweeps over
    start_method (results/<label>/sweeps/<sweep>/summary.csv): what starting a
    worker cost against the reference method; each named by its label when
    the sweeps come from more than one."""
    labels = {path: os.path.normpath(path).split(os.sep)[-4] for path in paths}
    several = len(set(labels.values())) > 1
    sentences = []
    for path in paths:
        table = pd.read_csv(path)
        if table.empty or table["param"].iloc[0] != "start_method":
            continue
        for row in table.itertuples():
            if row.value != row.reference:
                said = explanations.start_cost_sentence(row)
                sentences.append(f"`{labels[path]}`: {said}" if several else said)
    return sentences


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
                        "value": sweep_value(row.value)
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


def claim_rows(claims):
    """claims.csv's rows for the report, with their p-values formatted."""
    return [
        {
            **claim,
            "p": format_p(claim.get("p_value", float("nan"))),
            "p_holm": format_p(claim.get("p_holm", float("nan"))),
        }
        for claim in claims.to_dict("records")
    ]
