"""Rule compare_machines: every machine label in results/ side by side, and
the interpreters of the matrix (config key `pythons`) compared, the
free-threaded builds against the default ones too."""

import json

from analysis import free_threading
from analysis.interpreters import compare_interpreters
from analysis.machines import compare, plot
from analysis.rule_log import logging_to
from analysis.runs import load_catalog, read_runs

with logging_to(snakemake.log[0]):
    params, inputs = snakemake.params, snakemake.input
    table = compare(params.machines, inputs.runs, inputs.summaries)
    table.to_csv(snakemake.output.table, index=False)
    plot(table, snakemake.output.plot)
    runs = dict(zip(params.machines, inputs.runs, strict=True))
    catalog = load_catalog(inputs.catalog, snakemake.config)
    matrix = {label: read_runs(runs[label]) for label in params.interpreters}
    seed, resamples = params.analysis["bootstrap_seed"], params.analysis["bootstrap_resamples"]
    interpreters = compare_interpreters(
        table, matrix, params.interpreters, params.experiments, catalog, seed, resamples
    )
    interpreters.to_csv(snakemake.output.interpreters, index=False)
    with open(snakemake.output.free_threading, "w") as output:
        json.dump(free_threading.compare(matrix, catalog, seed, resamples), output, indent=1)
