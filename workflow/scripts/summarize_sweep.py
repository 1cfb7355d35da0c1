"""Rule summarize_sweep: one sweep's points, as a table and a plot."""

import sys

from concurrency_bench.analysis.runs import load_catalog, runs_table
from concurrency_bench.analysis.summary import read_summary
from concurrency_bench.analysis.sweeps import plot_sweep, summarize_sweep
from concurrency_bench.plots.titles import facts, python_text
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    analysis = snakemake.params.analysis
    experiments = load_catalog(snakemake.input.catalog, snakemake.config)
    runs = runs_table(snakemake.input.records, experiments, analysis=analysis)
    summary = summarize_sweep(
        runs,
        read_summary(snakemake.input.summary),
        snakemake.params.sweep["param"],
        experiments,
        seed=analysis["bootstrap_seed"],
        resamples=analysis["bootstrap_resamples"],
    )
    summary.to_csv(snakemake.output.summary, index=False)
    machine = snakemake.wildcards.machine
    about = facts(machine, python_text(runs), summary["n"], per="point")
    plot_sweep(summary, snakemake.wildcards.sweep, snakemake.output.plot, about=about)
    print(f"{len(summary)} points -> {snakemake.output.summary}", file=sys.stderr)
