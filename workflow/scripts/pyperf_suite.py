"""Rule pyperf_suite: one machine's runs as a pyperf benchmark suite."""

from concurrency_bench.analysis.pyperf_export import write_suite
from concurrency_bench.analysis.runs import load_catalog, read_runs
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    write_suite(
        read_runs(snakemake.input.runs),
        load_catalog(snakemake.input.catalog, snakemake.config),
        snakemake.output.suite,
    )
