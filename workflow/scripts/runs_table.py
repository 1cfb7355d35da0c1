"""Rule runs_table: one machine's run records, each checked, as runs.csv."""

from analysis.rule_log import logging_to
from analysis.runs import write_runs_table
from bench import catalog

with logging_to(snakemake.log[0]):
    write_runs_table(
        snakemake.input.records,
        catalog.load(snakemake.input.catalog),
        snakemake.output.runs,
        skip_bad=snakemake.params.skip_bad_records,
        analysis=snakemake.params.analysis,
    )
