"""Rule markdown_report: results/report.md from report/report.md.j2, and the
verdict card as plain text (results/card.txt) for the terminal."""

from concurrency_bench.analysis.summary import read_summary
from concurrency_bench.record import catalog
from concurrency_bench.report import sections, verdict_card
from concurrency_bench.report.render import render_report
from concurrency_bench.workflow.rule_log import logging_to

# The plots the report shows, by the rule's input names (besides times_<workload>
# and sweep_<name>, one per workload and per sweep, and the sections' own).
PLOTS = ("parallelism", "speedup", *sections.plot_names())


def is_plot(name):
    return name.startswith(("times_", "sweep_")) or name in PLOTS


with logging_to(snakemake.log[0]):
    inputs = dict(snakemake.input.items())
    inputs.pop("fragments")
    inputs["plots"] = {name: inputs.pop(name) for name in list(inputs) if is_plot(name)}
    inputs["start_method_labels"] = snakemake.params.start_method_labels
    render_report(
        inputs,
        snakemake.output.report,
        snakemake.params.config,
        snakemake.params.machine,
        catalog.load(inputs.pop("catalog")),
    )
    verdict_card.write_plain_text(
        read_summary(inputs["summary"]),
        snakemake.params.config,
        snakemake.params.machine,
        snakemake.output.card,
    )
