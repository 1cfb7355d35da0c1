"""Rule markdown_report: results/report.md from report/report.md.j2."""

from analysis.report import render_report
from analysis.rule_log import logging_to
from bench import catalog

with logging_to(snakemake.log[0]):
    inputs = dict(snakemake.input.items())
    plots = ["times_io", "times_cpu", "speedup", "machines_plot"]
    plots += [name for name in inputs if name.startswith("sweep_") or name == "scale_plot"]
    inputs["plots"] = {name: inputs.pop(name) for name in plots}
    render_report(
        inputs,
        snakemake.output.report,
        snakemake.params.config,
        snakemake.params.machine,
        catalog.load(inputs.pop("catalog")),
    )
