"""Rule scale_study: the sweeps over n_requests as one table and one figure."""

import pandas as pd

from analysis.rule_log import logging_to
from analysis.scale import scale_table
from analysis.scale_plot import plot_scale

with logging_to(snakemake.log[0]):
    sweeps = pd.concat([pd.read_csv(path) for path in snakemake.input.sweeps], ignore_index=True)
    table = scale_table(sweeps)
    table.to_csv(snakemake.output.table, index=False)
    plot_scale(
        table,
        f"I/O at scale on {snakemake.wildcards.machine}: every method from "
        f"{table['n_requests'].min():,} to {table['n_requests'].max():,} requests",
        snakemake.output.plot,
    )
