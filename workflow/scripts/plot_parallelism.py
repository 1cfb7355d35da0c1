"""Rule plot_parallelism: the CPUs each experiment kept busy, one panel per workload."""

from analysis.parallelism_plot import plot_parallelism
from analysis.rule_log import logging_to
from analysis.runs import read_runs
from analysis.summary import read_summary

with logging_to(snakemake.log[0]):
    plot_parallelism(
        read_runs(snakemake.input.runs),
        read_summary(snakemake.input.summary),
        snakemake.output.parallelism,
    )
