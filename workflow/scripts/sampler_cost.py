"""Rule sampler_cost: the memory sampler's own cost, from each ablation run
with it off and the run of the same repeat with it on (src/concurrency_bench/analysis/peak_memory.py)."""

from concurrency_bench.analysis.peak_memory import sampler_cost
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    analysis = snakemake.params.analysis
    sampler_cost(
        snakemake.input.sampled,
        snakemake.input.unsampled,
        analysis["bootstrap_seed"],
        analysis["bootstrap_resamples"],
    ).to_csv(snakemake.output.table, index=False)
