"""Rule compare_machines: every machine label in results/ side by side, and
the interpreters of the matrix (config key `pythons`) compared."""

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
    interpreters = compare_interpreters(
        table,
        {label: read_runs(runs[label]) for label in params.interpreters},
        params.interpreters,
        params.experiments,
        load_catalog(inputs.catalog, snakemake.config),
        seed=params.analysis["bootstrap_seed"],
        resamples=params.analysis["bootstrap_resamples"],
    )
    interpreters.to_csv(snakemake.output.interpreters, index=False)
