"""Rule check_claims: the catalog's claims, each with a verdict from this machine's runs."""

import sys

import yaml
from concurrency_bench.analysis.runs import load_catalog, read_runs
from concurrency_bench.analysis.summary import read_summary
from concurrency_bench.analysis.verdicts import check_claims
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    analysis = snakemake.params.analysis
    with open(snakemake.input.article) as article_file:
        article = yaml.safe_load(article_file)
    claims = check_claims(
        read_runs(snakemake.input.runs),
        read_summary(snakemake.input.summary),
        article,
        load_catalog(snakemake.input.catalog, snakemake.config),
        seed=analysis["bootstrap_seed"],
        resamples=analysis["bootstrap_resamples"],
    )
    claims.to_csv(snakemake.output.claims, index=False)
    print(f"{len(claims)} claims -> {snakemake.output.claims}", file=sys.stderr)
