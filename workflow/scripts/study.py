"""Rule study: a workload's study (its package's subpackage) from its
sweeps' summaries: one table and one figure."""

from analysis.rule_log import logging_to
from analysis.studies import read_sweeps
from bench import workloads

with logging_to(snakemake.log[0]):
    study = workloads.studies()[snakemake.wildcards.study].module
    table = study.table(read_sweeps(snakemake.params.sweeps, snakemake.input.sweeps))
    table.to_csv(snakemake.output.table, index=False)
    study.plot(table, snakemake.wildcards.machine, snakemake.output.plot)
