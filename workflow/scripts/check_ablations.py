"""Rule check_ablations: the catalog's ablations, as ratios with their CIs."""

import sys

from concurrency_bench.analysis.ablations import check_ablations
from concurrency_bench.analysis.runs import load_catalog, read_runs
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    analysis = snakemake.params.analysis
    ablations = check_ablations(
        read_runs(snakemake.input.runs),
        load_catalog(snakemake.input.catalog, snakemake.config),
        seed=analysis["bootstrap_seed"],
        resamples=analysis["bootstrap_resamples"],
    )
    ablations.to_csv(snakemake.output.ablations, index=False)
    print(f"{len(ablations)} comparisons -> {snakemake.output.ablations}", file=sys.stderr)
