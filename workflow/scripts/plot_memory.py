"""Rule plot_memory: each experiment's time against its peak memory, one panel per workload."""

from concurrency_bench.analysis.runs import read_runs
from concurrency_bench.analysis.summary import read_summary
from concurrency_bench.plots.memory_front import plot_memory
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    plot_memory(
        read_runs(snakemake.input.runs),
        read_summary(snakemake.input.summary),
        snakemake.output.memory,
    )
