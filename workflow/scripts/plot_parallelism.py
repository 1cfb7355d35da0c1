"""Rule plot_parallelism: the CPUs each experiment kept busy, one panel per workload."""

from concurrency_bench.analysis.runs import read_runs
from concurrency_bench.analysis.summary import read_summary
from concurrency_bench.plots.parallelism import plot_parallelism
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    plot_parallelism(
        read_runs(snakemake.input.runs),
        read_summary(snakemake.input.summary),
        snakemake.output.parallelism,
    )
