"""The workloads' studies (concurrency_bench.workloads.base.Study), as the analysis runs
them: the rule `study` makes a study's table and figure from its sweeps'
summaries, and the report gives its section when the config switches it on
(`studies: {<name>: {sweeps: [...]}}`)."""

import importlib

import pandas as pd

from concurrency_bench.report.section import Section

# Where a study's table and figure go.
TABLE = "results/{{machine}}/studies/{name}.csv"
PLOT = "results/{{machine}}/plots/study_{name}.png"


def module_of(study):
    """A study's package (its table, plot and section), loaded by name."""
    return importlib.import_module(study.package)


def active(config, name):
    study = (config.get("studies") or {}).get(name)
    return bool(study) and study.get("activate", True)


def read_sweeps(names, paths):
    """The study's sweeps' summaries as one table, each row naming its sweep."""
    return pd.concat(
        [pd.read_csv(path).assign(sweep=name) for name, path in zip(names, paths, strict=True)],
        ignore_index=True,
    )


def section_of(study):
    """The report section of a study: its fragment (section.md.j2 in its
    folder), its table and figure as inputs while the config switches it on."""

    def inputs(config):
        if not active(config, study.name):
            return {}
        return {
            study.name: TABLE.format(name=study.name),
            f"{study.name}_plot": PLOT.format(name=study.name),
        }

    def context(report):
        path = report.inputs.get(study.name)
        return None if path is None else {study.name: module_of(study).section(path)}

    return Section(
        study.name,
        study.order,
        context,
        inputs=inputs,
        plots=(f"{study.name}_plot",),
        template=f"{study.workload}/{study.name}/section.md.j2",
    )
