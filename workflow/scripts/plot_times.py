"""Rule plot_times: every repeat's time per experiment, one figure per workload."""

from concurrency_bench.analysis.runs import read_runs
from concurrency_bench.analysis.summary import read_summary
from concurrency_bench.plots.times import plot_times
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    plot_times(
        read_runs(snakemake.input.runs),
        read_summary(snakemake.input.summary),
        snakemake.wildcards.workload,
        snakemake.output.times,
    )
