"""Rule plot_speedup: each experiment's speedup beside the article's runs."""

import yaml
from concurrency_bench.analysis.runs import load_catalog, read_runs
from concurrency_bench.analysis.summary import read_summary
from concurrency_bench.plots.speedup import plot_speedup
from concurrency_bench.plots.titles import python_text
from concurrency_bench.workflow.rule_log import logging_to

with logging_to(snakemake.log[0]):
    with open(snakemake.input.article) as article_file:
        article = yaml.safe_load(article_file)
    plot_speedup(
        read_summary(snakemake.input.summary),
        article,
        load_catalog(snakemake.input.catalog, snakemake.config),
        snakemake.output.speedup,
        machine=snakemake.wildcards.machine,
        python=python_text(read_runs(snakemake.input.runs)),
    )
