"""The report's tables of this machine's runs, every number formatted: one
row per experiment with its statistics, bound and sentence, laid out by the
columns of the table it goes in (the template's one macro draws them all);
the runs too spread to trust; the pipeline's own cost; what bounded the pools
(connection limits, idle CPUs); the ablations; the sweeps."""

import os

import pandas as pd

from concurrency_bench import models, workloads
from concurrency_bench.analysis import peak_memory, pipeline_cost
from concurrency_bench.core.declarations import sweep_value_text
from concurrency_bench.report import disturbance, sentences
from concurrency_bench.words import (
    distinct,
    format_p,
    format_seconds,
    format_speedup,
    interval,
    percent,
    plural,
)

# Every column a table of experiments may have: its header, its alignment and
# how a cell is written. The tables differ only in which of these they show.
COLUMNS = {
    "experiment": ("experiment", "---", "`{}`"),
    "method": ("method", "---", "{}"),
    "concurrency": ("concurrency", "--:", "{}"),
    "n": ("runs", "--:", "{}"),
    "median": ("median [s]", "--:", "{}"),
    "median_ci": ("95% CI [s]", "--:", "{}"),
    "iqr": ("IQR [s]", "--:", "{}"),
    "cv": ("CV", "--:", "{}"),
    "outliers": ("outliers", "--:", "{}"),
    "speedup": ("speedup", "--:", "**{}**"),
    "speedup_ci": ("95% CI", "--:", "{}"),
    "speedup_p": ("p", "--:", "{}"),
    "bound": ("bound [s]", "--:", "{}"),
    "efficiency": ("efficiency", "--:", "{}"),
    "parallelism": ("parallelism [CPUs]", "--:", "{}"),
    "memory": ("peak memory [MiB]", "--:", "{}"),
    "errors": ("errors", "--:", "{}"),
}
# The article's tables show everything; the others leave out the IQR and the
# outliers (the CV says their spread).
ARTICLE_COLUMNS = tuple(COLUMNS)
ADDITION_COLUMNS = tuple(c for c in COLUMNS if c not in ("iqr", "outliers"))
WORKLOAD_COLUMNS = ADDITION_COLUMNS


def format_parallelism(value):
    """CPUs busy on average: one decimal, enough to tell 1.0 from 1.9."""
    return "–" if pd.isna(value) else f"{value:.1f}"


def table_row(row):
    """One summary row, every number formatted, with its sentence."""
    return {
        "experiment": row.experiment,
        "method": row.method,
        "concurrency": "–" if pd.isna(row.concurrency) else int(row.concurrency),
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
        "parallelism": format_parallelism(getattr(row, "parallelism", float("nan"))),
        "memory": peak_memory.format_mib(getattr(row, "memory_peak_kib", float("nan"))),
        "errors": row.errors,
        "sentence": sentences.sentence(row),
    }


def experiment_table(summary, columns=ARTICLE_COLUMNS):
    """A table of summary rows as the template's macro draws it: headers,
    alignments, each row's cells, and the rows (for their sentences); None
    without rows."""
    rows = [table_row(row) for row in summary.itertuples()]
    if not rows:
        return None
    return {
        "headers": [COLUMNS[c][0] for c in columns],
        "aligns": [COLUMNS[c][1] for c in columns],
        "cells": [[COLUMNS[c][2].format(row[c]) for c in columns] for row in rows],
        "rows": rows,
    }


def workload_tables(summary, columns=ARTICLE_COLUMNS):
    """{workload: {label, table}} in the workloads' order, one per workload
    that has rows."""
    return {
        name: {
            "label": workloads.label(name),
            "table": experiment_table(summary[summary["workload"] == name], columns),
        }
        for name in workloads.order(summary["workload"])
    }


def unstable_rows(summary, runs, analysis=None):
    """The experiments too spread to trust, with the cause measured in each of
    their runs (disturbance.py), not guessed from the load average."""
    return disturbance.unstable_rows(summary, runs, analysis)


def overhead_facts(runs):
    """The pipeline's own cost, formatted: seconds, the timed share in %, and
    the set-up of a run of each workload (its label, its seconds)."""
    facts = dict(pipeline_cost.pipeline_overhead(runs))
    setup = facts.pop("setup_s_by_workload")
    formatted = {key: format_seconds(value) for key, value in facts.items()}
    formatted["n_jobs"] = facts["n_jobs"]
    formatted["timed_share"] = f"{100 * facts['timed_share']:.0f}%"
    formatted["setup"] = [
        {"label": label, "seconds": format_seconds(seconds)} for label, seconds in setup.items()
    ]
    return formatted


def connection_limits(summary, catalog):
    """Each connection pool's L, the cap on its open connections, from the catalog."""
    said = []
    for row in summary.itertuples():
        if "connection_limit" not in catalog[row.experiment].options:
            continue
        limit = catalog[row.experiment].options["connection_limit"]
        cap = f"L = {limit}" if limit is not None else "L = n (no limit)"
        said.append(f"{cap} for `{row.experiment}`")
    return said


def workers_key(name):
    """The config key that sets a workload's pool workers."""
    found = [p.config for p in workloads.parameters_of(name) if p.name == "workers"]
    return found[0].replace("*", name) if found else "workers"


def idle_cpus(runs):
    """Where the pools ran fewer workers than the usable CPUs, from what the
    runs recorded: one sentence per workload and worker count."""
    # The pools whose workers each want a CPU: a GIL of their own each.
    pools = runs[models.mask(runs, lambda kind: not kind.shares_the_gil)]
    pools = pools[(pools["workers"] < pools["usable_cpus"]).fillna(False).astype(bool)]
    said = []
    for (name, workers, cpus), group in pools.groupby(
        ["workload", "workers", "usable_cpus"], sort=False
    ):
        names = ", ".join(f"`{e}`" for e in pd.unique(group["experiment"]))
        text = (
            f"{names} ran {plural(int(workers), 'worker')} "
            f"({distinct(group['concurrency_reason'])}) on {int(cpus)} usable CPUs: "
        )
        if workers == 1:
            text += "one worker does the sync loop's work plus the pool's, so it cannot be faster."
        else:
            text += f"at most {int(workers)}× faster than the sync loop, not {int(cpus)}×."
        said.append(f"{text} Set `{workers_key(name)}` in `config.yaml` to use every CPU.")
    return said


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


def start_cost_sentences(paths, labels=None):
    """One sentence per experiment and start method of the sweeps over
    start_method (each a summary.csv, of the label `labels` gives in the same
    order): what starting a worker cost against the reference method; each
    named by its label when the sweeps come from more than one."""
    labels = dict(zip(paths, labels or [None] * len(paths), strict=True))
    several = len(set(labels.values())) > 1
    said = []
    for path in paths:
        table = pd.read_csv(path)
        if table.empty or table["param"].iloc[0] != "start_method":
            continue
        for row in table.itertuples():
            if row.value != row.reference:
                sentence = sentences.start_cost_sentence(row)
                said.append(f"`{labels[path]}`: {sentence}" if several else sentence)
    return said


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
                        "value": sweep_value_text(row.value)
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
