"""Render results/report.md from report/report.md.j2: the article's claims
checked, the machine, one table per kind with the statistics, bounds and one
sentence per experiment, the article's figures, the other machines, the
pipeline's own cost, and the deviations from the article.
"""

import os
import sys

import jinja2
import pandas as pd
import yaml

import explain
import overhead
from aggregate_runs import read_runs
from job_log import logging_to
from summarize import (
    KIND_LABELS,
    KIND_ORDER,
    article_speedups,
    format_seconds,
    format_speedup,
    read_summary,
)

GIB = 1024**3


def format_bytes(size):
    """py-cpuinfo gives cache sizes in bytes (older versions: a string)."""
    if not isinstance(size, int):
        return str(size)
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size:g} {unit}"
        size /= 1024


def distinct(values):
    """The distinct values joined: one value when every run agrees."""
    return ", ".join(str(value) for value in pd.unique(values.dropna()))


def describe_machine(runs, host):
    cpuinfo = host["cpuinfo"]
    memory = runs["memory_total_bytes"].dropna()
    return {
        "hostnames": distinct(runs["hostname"]),
        "cpu_brand": distinct(runs["cpu_brand"]),
        "arch": cpuinfo.get("arch"),
        "hz": cpuinfo.get("hz_advertised_friendly") or cpuinfo.get("hz_actual_friendly"),
        "caches": ", ".join(
            f"{name} {format_bytes(cpuinfo[key])}"
            for name, key in [("L2", "l2_cache_size"), ("L3", "l3_cache_size")]
            if cpuinfo.get(key)
        ),
        "cpu_count": distinct(runs["cpu_count"]),
        "usable_cpus": distinct(runs["usable_cpus"]),
        "memory": f"{memory.max() / GIB:.1f} GiB" if not memory.empty else "unknown",
        "os": distinct(runs["os"] + " " + runs["kernel"]),
        "python": distinct(
            runs["python_implementation"] + " " + runs["python_version"].astype(str)
        ),
        "mp_start_method": distinct(runs["mp_start_method"]),
        "packages": {
            "requests": distinct(runs["requests_version"]),
            "httpx": distinct(runs["httpx_version"]),
            "aiohttp": distinct(runs["aiohttp_version"]),
            "py-cpuinfo": distinct(runs["cpuinfo_version"]),
        },
    }


def article_cell(figures, experiment, source):
    """'15.711 s (1.0×)': the article's time as published, and its speedup
    against its own sync."""
    row = figures[(figures["experiment"] == experiment) & (figures["source"] == source)]
    if row.empty:
        return "–"
    time, speedup = row.iloc[0][["time_s", "speedup"]]
    return f"{time:g} s ({format_speedup(speedup)})"


def interval(low, high, format_value):
    return f"{format_value(low)}–{format_value(high)}"


def kind_tables(summary):
    """Per kind, the rows of its table, every number formatted."""
    tables = {}
    for kind in KIND_ORDER:
        rows = [table_row(row) for row in summary[summary["kind"] == kind].itertuples()]
        if rows:
            tables[kind] = rows
    return tables


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
        "sentence": explain.sentence(row),
    }


def percent(value, digits=0):
    return "–" if pd.isna(value) else f"{100 * value:.{digits}f}%"


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
        sections.append({
            "name": name,
            "param": table["param"].iloc[0],
            "plot": os.path.relpath(plots[f"sweep_{name}"], report_dir),
            "rows": [
                {
                    "experiment": row.experiment,
                    "value": f"{row.value:g}" + (" (oversubscribed)" if row.oversubscribed else ""),
                    "median": format_seconds(row.median_s),
                    "ci": interval(row.ci_low_s, row.ci_high_s, format_seconds),
                    "speedup": format_speedup(row.speedup),
                    "bound": format_seconds(row.bound_s),
                    # A zero delay bounds nothing: no efficiency to speak of.
                    "efficiency": percent(row.efficiency) if row.bound_s else "–",
                }
                for row in table.itertuples()
            ],
        })  # fmt: skip
    return sections


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


def unstable_rows(summary, runs):
    """The experiments too spread to trust, with the likely cause."""
    rows = []
    for row in summary[summary["unstable"]].itertuples():
        load = runs.loc[runs["experiment"] == row.experiment, "loadavg_1m_before"]
        cpus = runs["usable_cpus"].max()
        busy = load.max() > 0.5 * cpus
        rows.append({
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
        })
    return rows


def overhead_facts(runs):
    """The pipeline's own cost, formatted: seconds, and the timed share in %."""
    facts = overhead.pipeline_overhead(runs)
    formatted = {key: format_seconds(value) for key, value in facts.items()}
    formatted["n_jobs"] = facts["n_jobs"]
    formatted["timed_share"] = f"{100 * facts['timed_share']:.0f}%"
    return formatted


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


def workload(runs, config):
    io = runs[runs["kind"] == "io"]
    embedded = bool(io["target_embedded"].all()) if not io.empty else None
    tls = bool(io["tls"].fillna(False).any())
    cpu = runs[(runs["kind"] == "cpu") & (runs["method"] != "sync")]
    return {
        "n_requests": distinct(io["n_requests"]),
        # The embedded target listens on a fresh port per run: name it once.
        "url": f"http{'s' if tls else ''}://127.0.0.1:<port>/ip"
        if embedded
        else distinct(io["url"]),
        "embedded": embedded,
        "delay_s": distinct(io["delay_s"]),
        "rtt_s": distinct(io["rtt_s"]),
        "tls": tls,
        "range": f"range({distinct(runs['start'])}, {distinct(runs['stop'])})",
        "workers": distinct(cpu["workers"]),
        "workers_reason": distinct(cpu["concurrency_reason"]),
        "thread_pool": distinct(
            io.loc[io["method"] == "ThreadPoolExecutor", "concurrency_reason"]
        ),
        "timeout_s": config["io"]["timeout_s"],
    }


def render(template_path, context):
    folder, name = os.path.split(template_path)
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder or "."),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(name).render(**context)


def render_report(inputs, output, config, machine):
    runs = read_runs(inputs["runs"])
    summary = read_summary(inputs["summary"])
    claims = pd.read_csv(inputs["claims"])
    with open(inputs["host"]) as host_file:
        host = yaml.safe_load(host_file)
    with open(inputs["article"]) as article_file:
        article = yaml.safe_load(article_file)
    sources = list(article["sources"])
    figures = article_speedups(article)
    report_dir = os.path.dirname(output) or "."
    # The article's seven, kept apart from the experiments added here.
    original = summary["experiment"].isin(article["figures"])
    context = {
        "machine": machine,
        "host": describe_machine(runs, host),
        "config_yaml": yaml.safe_dump(config, sort_keys=False).strip(),
        "analysis": config["analysis"],
        "workload": workload(runs, config),
        "kind_labels": KIND_LABELS,
        "tables": kind_tables(summary[original]),
        "additions": [table_row(row) for row in summary[~original].itertuples()],
        "claims": claims.to_dict("records"),
        "ablations": ablation_rows(pd.read_csv(inputs["ablations"])),
        "sweeps": sweep_sections(inputs["sweeps"], inputs["plots"], report_dir),
        "article_rows": article_rows(summary[original], figures, sources),
        "orderings": orderings(summary[original], article, sources),
        "unstable": unstable_rows(summary, runs),
        "overhead": overhead_facts(runs),
        "machines": machines_section(inputs["machines"], machine),
        "sources": [article["sources"][s] for s in sources],
        "plots": {
            name: os.path.relpath(path, report_dir)
            for name, path in inputs["plots"].items()
        },
        "repeats": distinct(summary["n"]),
        "n_runs": len(runs),
        "first_run": runs["started_at"].min(),
        "last_run": runs["finished_at"].max(),
    }
    with open(output, "w") as report:
        report.write(render(inputs["template"], context))
    print(f"report -> {output}", file=sys.stderr)


if "snakemake" in globals():
    with logging_to(snakemake.log[0]):  # noqa: F821
        inputs = dict(snakemake.input.items())  # noqa: F821
        plots = ["times_io", "times_cpu", "speedup", "machines_plot"]
        plots += [name for name in inputs if name.startswith("sweep_")]
        inputs["plots"] = {name: inputs.pop(name) for name in plots}
        render_report(
            inputs,
            snakemake.output.report,  # noqa: F821
            snakemake.params.config,  # noqa: F821
            snakemake.params.machine,  # noqa: F821
        )
