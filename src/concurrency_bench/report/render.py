"""Render results/report.md: what every section shares (the runs, the summary,
the config, the machine, the plots), then each section's own context
(src/concurrency_bench/report/sections/), then report/report.md.j2, which includes their
fragments in order.
"""

import os
import sys
from functools import cached_property

import jinja2
import yaml

from concurrency_bench import workloads
from concurrency_bench.analysis.runs import read_runs, with_catalog
from concurrency_bench.analysis.summary import read_summary
from concurrency_bench.plots.titles import n_text
from concurrency_bench.report import sections


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
        loader=jinja2.FileSystemLoader([folder or ".", sections.FOLDER, workloads.FOLDER]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(name).render(**context)


class Report:
    """What the sections read: the rule's inputs, the config, the catalog, and
    the tables every section shares, each read once."""

    def __init__(self, inputs, output, config, machine, catalog):
        self.inputs, self.config, self.machine = inputs, config, machine
        self.catalog = catalog.with_workloads(config.get("workloads"))
        self.dir = os.path.dirname(output) or "."

    @cached_property
    def runs(self):
        return with_catalog(read_runs(self.inputs["runs"]), self.catalog)

    @cached_property
    def summary(self):
        return read_summary(self.inputs["summary"])

    @cached_property
    def article(self):
        with open(self.inputs["article"]) as article_file:
            return yaml.safe_load(article_file)

    @cached_property
    def sources(self):
        return list(self.article["sources"])

    @property
    def original(self):
        """The article's seven, kept apart from the experiments added here and
        from the models of the user's workloads (a section each)."""
        return self.summary["origin"] == "article"

    def relative(self, path):
        return os.path.relpath(path, self.dir)


def shared_context(report):
    """What several sections' fragments name."""
    runs = report.runs
    return {
        "machine": report.machine,
        "analysis": report.config["analysis"],
        **what_the_workloads_say(workloads.order(report.summary["workload"])),
        "sources": [report.article["sources"][s] for s in report.sources],
        "plots": {name: report.relative(path) for name, path in report.inputs["plots"].items()},
        # Experiments may have run different numbers of times: a range then.
        "repeats": n_text(runs.groupby("experiment").size()),
        "n_runs": len(runs),
        "first_run": runs["started_at"].min(),
        "last_run": runs["finished_at"].max(),
    }


def render_report(inputs, output, config, machine, catalog):
    report = Report(inputs, output, config, machine, catalog)
    context, shown = shared_context(report), []
    for section in sections.every():
        own = section.context(report)
        if own is None:
            continue
        taken = sorted(set(own) & set(context))
        if taken:
            raise ValueError(f"report section {section.name} names {', '.join(taken)} again")
        context.update(own)
        shown.append(section.fragment)
    with open(output, "w") as report_file:
        report_file.write(render(inputs["template"], {**context, "sections": shown}))
    print(f"report -> {output}", file=sys.stderr)
