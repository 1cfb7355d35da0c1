"""Rule plot_speedup: each experiment's speedup beside the article's runs."""

import yaml

from analysis.plot_titles import python_text
from analysis.rule_log import logging_to
from analysis.runs import load_catalog, read_runs
from analysis.speedup_plot import plot_speedup
from analysis.summary import read_summary

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
