"""Render results/report.md from report/report.md.j2: the article's claims
checked, the machine, what each workload's runs did, one table per workload
with the statistics, bounds and one sentence per experiment, a section per
workload of the user's, the article's figures, the other machines, the
pipeline's own cost, and the deviations from the article.
"""

import os
import sys

import jinja2
import pandas as pd
import yaml

from analysis import crossover, report_tables, report_workloads
from analysis.article import article_rows, article_speedups, orderings
from analysis.formatting import distinct, python_names
from analysis.interpreters import section as interpreters_section
from analysis.plot_titles import n_text
from analysis.report_machines import machines_section, not_available
from analysis.report_measured import measured, target
from analysis.report_noise import disturbed_rows
from analysis.report_tables import (
    ADDITION_COLUMNS,
    ablation_rows,
    claim_rows,
    experiment_table,
    overhead_facts,
    start_cost_sentences,
    sweep_sections,
    unstable_rows,
    workload_tables,
)
from analysis.runs import PACKAGE_COLUMNS, read_runs, with_catalog
from analysis.scale import at_each_count, crossings, report_rows
from analysis.summary import read_summary
from bench import workloads

GIB = 1024**3


def format_bytes(size):
    """py-cpuinfo gives cache sizes in bytes (older versions: a string)."""
    if not isinstance(size, int):
        return str(size)
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size:g} {unit}"
        size /= 1024


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
        "python": distinct(python_names(runs)),
        "mp_start_method": distinct(runs["mp_start_method"]),
        "packages": {name: distinct(runs[column]) for name, column in PACKAGE_COLUMNS.items()},
    }


def scale_section(path):
    """The scale study's rows and sentences; None without a sweep over n_requests."""
    if path is None:
        return None
    table = pd.read_csv(path, dtype={"failed_reason": "string"})
    return {
        **report_rows(table),
        "crossings": crossings(table),
        "counts_said": at_each_count(table),
    }


def what_the_workloads_say(names):
    """Whether the article's workloads ran, whether one starts workers, and
    each one's paragraph of the Bounds (its package's bound.md.j2)."""
    families = list(dict.fromkeys(workloads.family(name) for name in names))
    return {
        "workloads": names,
        "article_workloads": any(family.article for family in families),
        "starts_workers": any(family.starts_workers for family in families),
        "bound_notes": [
            f"{os.path.basename(family.folder)}/bound.md.j2"
            for family in families
            if os.path.exists(os.path.join(family.folder, "bound.md.j2"))
        ],
    }


def render(template_path, context):
    folder, name = os.path.split(template_path)
    environment = jinja2.Environment(
        # The workloads' own fragments are named from their folder: http/bound.md.j2.
        loader=jinja2.FileSystemLoader([folder or ".", workloads.FOLDER]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(name).render(**context)


def render_report(inputs, output, config, machine, catalog):
    catalog = catalog.with_workloads(config.get("workloads"))
    runs = with_catalog(read_runs(inputs["runs"]), catalog)
    summary = read_summary(inputs["summary"])
    claims = pd.read_csv(inputs["claims"])
    with open(inputs["host"]) as host_file:
        host = yaml.safe_load(host_file)
    with open(inputs["article"]) as article_file:
        article = yaml.safe_load(article_file)
    sources = list(article["sources"])
    figures = article_speedups(article, catalog)
    report_dir = os.path.dirname(output) or "."
    # The article's seven, kept apart from the experiments added here and
    # from the models of the user's workloads (a section each).
    original = summary["origin"] == "article"
    added = ~original & ~summary["origin"].isin(report_workloads.ORIGINS)
    context = {
        "machine": machine,
        "host": describe_machine(runs, host),
        "config_yaml": yaml.safe_dump(config, sort_keys=False).strip(),
        "analysis": config["analysis"],
        **what_the_workloads_say(workloads.order(summary["workload"])),
        "target": target(runs, config),
        "measured": measured(runs, config),
        "tables": workload_tables(summary[original]),
        "additions": experiment_table(summary[added], ADDITION_COLUMNS),
        "your_workloads": report_workloads.sections(summary),
        "bounds": {
            "connection_limits": report_tables.connection_limits(summary, catalog),
            "idle_cpus": report_tables.idle_cpus(runs),
        },
        "claims": claim_rows(claims),
        "ablations": ablation_rows(pd.read_csv(inputs["ablations"])),
        "sweeps": sweep_sections(inputs["sweeps"], inputs["plots"], report_dir),
        "scale": scale_section(inputs.get("scale")),
        "crossover": crossover.section(inputs.get("crossover")),
        "article_rows": article_rows(summary[original], figures, sources),
        "orderings": orderings(summary[original], article, sources),
        "unstable": unstable_rows(summary, runs, config["analysis"]),
        "disturbed": disturbed_rows(runs),
        "overhead": overhead_facts(runs),
        "machines": machines_section(inputs["machines"], machine),
        "interpreters": interpreters_section(inputs["interpreters"])
        if "interpreters" in inputs
        else None,
        "not_available": not_available(config["experiments"], runs, catalog),
        "start_costs": start_cost_sentences(
            inputs.get("start_method_sweeps", []), inputs.get("start_method_labels")
        ),
        "sources": [article["sources"][s] for s in sources],
        "plots": {
            name: os.path.relpath(path, report_dir) for name, path in inputs["plots"].items()
        },
        # Experiments may have run different numbers of times: a range then.
        "repeats": n_text(runs.groupby("experiment").size()),
        "n_runs": len(runs),
        "first_run": runs["started_at"].min(),
        "last_run": runs["finished_at"].max(),
    }
    with open(output, "w") as report:
        report.write(render(inputs["template"], context))
    print(f"report -> {output}", file=sys.stderr)
