"""Rule summary_table: per experiment, its statistics, speedup and bound."""

import sys

from concurrency_bench.analysis.runs import load_catalog, read_runs
from concurrency_bench.analysis.summary import summarize
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    analysis = snakemake.params.analysis
    summary = summarize(
        read_runs(snakemake.input.runs),
        load_catalog(snakemake.input.catalog, snakemake.config),
        seed=analysis["bootstrap_seed"],
        resamples=analysis["bootstrap_resamples"],
        max_cv=analysis["max_cv"],
        max_ci_halfwidth=analysis["max_ci_halfwidth"],
    )
    summary.to_csv(snakemake.output.summary, index=False)
    print(f"{len(summary)} experiments -> {snakemake.output.summary}", file=sys.stderr)
