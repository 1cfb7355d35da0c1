"""Rule plot_memory: each experiment's time against its peak memory, one panel per workload."""

from analysis.memory_plot import plot_memory
from analysis.rule_log import logging_to
from analysis.runs import read_runs
from analysis.summary import read_summary

with logging_to(snakemake.log[0]):
    plot_memory(
        read_runs(snakemake.input.runs),
        read_summary(snakemake.input.summary),
        snakemake.output.memory,
    )
