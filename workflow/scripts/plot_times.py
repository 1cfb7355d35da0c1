"""Rule plot_times: every repeat's time per experiment, one figure per workload."""

from analysis.rule_log import logging_to
from analysis.runs import read_runs
from analysis.summary import read_summary
from analysis.times_plot import plot_times

with logging_to(snakemake.log[0]):
    plot_times(
        read_runs(snakemake.input.runs),
        read_summary(snakemake.input.summary),
        snakemake.wildcards.workload,
        snakemake.output.times,
    )
