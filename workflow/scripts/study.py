"""Rule study: a workload's study (its package's subpackage) from its
sweeps' summaries: one table and one figure."""

from concurrency_bench import workloads
from concurrency_bench.report.study_sections import module_of, read_sweeps
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    study = module_of(workloads.studies()[snakemake.wildcards.study])
    table = study.table(read_sweeps(snakemake.params.sweeps, snakemake.input.sweeps))
    table.to_csv(snakemake.output.table, index=False)
    study.plot(table, snakemake.wildcards.machine, snakemake.output.plot)
