"""Rule compare_machines: every machine label in results/ side by side, and
the interpreters of the matrix (config key `pythons`) compared, the
free-threaded builds against the default ones too."""

import json

from concurrency_bench.analysis import free_threading
from concurrency_bench.analysis.across_interpreters import compare_interpreters
from concurrency_bench.analysis.across_machines import compare
from concurrency_bench.analysis.runs import load_catalog, read_runs
from concurrency_bench.plots.machine_speedups import plot
from concurrency_bench.workflow.rule_log import logging_to

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
