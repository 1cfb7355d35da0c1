"""Rule pyperf_suite: one machine's runs as a pyperf benchmark suite."""

from analysis.pyperf_suite import write_suite
from analysis.rule_log import logging_to
from analysis.runs import load_catalog, read_runs

with logging_to(snakemake.log[0]):
    write_suite(
        read_runs(snakemake.input.runs),
        load_catalog(snakemake.input.catalog, snakemake.config),
        snakemake.output.suite,
    )
