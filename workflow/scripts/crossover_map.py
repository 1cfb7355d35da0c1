"""Rule crossover_map: the sweeps over the scrape workload's passes as one
table (each model's time against the measured CPU share) and one figure."""

import pandas as pd

from analysis.crossover import crossover_table
from analysis.crossover_plot import plot_crossover
from analysis.rule_log import logging_to

with logging_to(snakemake.log[0]):
    sweeps = pd.concat(
        [
            pd.read_csv(path).assign(sweep=sweep)
            for sweep, path in zip(snakemake.params.sweeps, snakemake.input.sweeps, strict=True)
        ],
        ignore_index=True,
    )
    table = crossover_table(sweeps)
    table.to_csv(snakemake.output.table, index=False)
    shares = table["cpu_share"]
    plot_crossover(
        table,
        f"Fetch, then parse, on {snakemake.wildcards.machine}: where each model wins as the "
        f"CPU share of a task grows ({100 * shares.min():.0f}% to {100 * shares.max():.0f}%)",
        snakemake.output.plot,
    )
