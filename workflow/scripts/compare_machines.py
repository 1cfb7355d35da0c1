"""Rule compare_machines: every machine label in results/ side by side."""

from analysis.machines import compare, plot
from analysis.rule_log import logging_to

with logging_to(snakemake.log[0]):
    table = compare(snakemake.params.machines, snakemake.input.runs, snakemake.input.summaries)
    table.to_csv(snakemake.output.table, index=False)
    plot(table, snakemake.output.plot)
