"""Rule runs_table: one machine's run records, each checked, as runs.csv."""

from concurrency_bench.analysis.runs import load_catalog, write_runs_table
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    write_runs_table(
        snakemake.input.records,
        load_catalog(snakemake.input.catalog, snakemake.config),
        snakemake.output.runs,
        skip_bad=snakemake.params.skip_bad_records,
        analysis=snakemake.params.analysis,
    )
