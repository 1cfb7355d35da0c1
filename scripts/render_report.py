"""Render results/report.md from report/report.md.j2: the machine, the config,
one table per kind (this machine's medians beside the article's published
runs), the plots and the deviations from the article.
"""

import os
import sys

import jinja2
import pandas as pd
import yaml

from aggregate_runs import read_runs
from summarize import (
    KIND_LABELS,
    KIND_ORDER,
    article_speedups,
    format_seconds,
    format_speedup,
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
    """'15.7 s (1.0×)': the article's time and its speedup against its own sync."""
    row = figures[(figures["experiment"] == experiment) & (figures["source"] == source)]
    if row.empty:
        return "–"
    time, speedup = row.iloc[0][["time_s", "speedup"]]
    return f"{format_seconds(time)} s ({format_speedup(speedup)})"


def table_rows(summary, figures, sources):
    """Per kind, the rows of the report's table, every number formatted."""
    tables = {}
    for kind in KIND_ORDER:
        rows = []
        for row in summary[summary["kind"] == kind].itertuples():
            rows.append({
                "experiment": row.experiment,
                "method": row.method,
                "concurrency": row.concurrency,
                "n": row.n,
                "median": format_seconds(row.median_s),
                "iqr": format_seconds(row.iqr_s),
                "range": f"{format_seconds(row.min_s)}–{format_seconds(row.max_s)}",
                "speedup": format_speedup(row.speedup),
                "errors": row.errors,
                "article": [article_cell(figures, row.experiment, s) for s in sources],
            })  # fmt: skip
        if rows:
            tables[kind] = rows
    return tables


def workload(runs, config):
    io = runs[runs["kind"] == "io"]
    embedded = bool(io["target_embedded"].all()) if not io.empty else None
    cpu = runs[(runs["kind"] == "cpu") & (runs["method"] != "sync")]
    return {
        "n_requests": distinct(io["n_requests"]),
        # The embedded target listens on a fresh port per run: name it once.
        "url": "http://127.0.0.1:<port>/ip" if embedded else distinct(io["url"]),
        "embedded": embedded,
        "delay_s": distinct(io["delay_s"]),
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
    summary = pd.read_csv(inputs["summary"])
    with open(inputs["host"]) as host_file:
        host = yaml.safe_load(host_file)
    with open(inputs["article"]) as article_file:
        article = yaml.safe_load(article_file)
    sources = list(article["sources"])
    report_dir = os.path.dirname(output) or "."
    context = {
        "machine": machine,
        "host": describe_machine(runs, host),
        "config_yaml": yaml.safe_dump(config, sort_keys=False).strip(),
        "workload": workload(runs, config),
        "kind_labels": KIND_LABELS,
        "tables": table_rows(summary, article_speedups(article), sources),
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
    with open(snakemake.log[0], "w") as log:  # noqa: F821
        sys.stderr = log
        inputs = dict(snakemake.input.items())  # noqa: F821
        inputs["plots"] = {
            name: inputs.pop(name) for name in ("times_io", "times_cpu", "speedup")
        }
        render_report(
            inputs,
            snakemake.output.report,  # noqa: F821
            snakemake.params.config,  # noqa: F821
            snakemake.params.machine,  # noqa: F821
        )
