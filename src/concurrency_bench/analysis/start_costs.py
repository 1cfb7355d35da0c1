"""What starting a worker process costs, measured rather than assumed: from a
sweep over the multiprocessing start method, per experiment and method,

  (median time with the method - median time with fork) / W workers,

with a bootstrap CI of that difference (each method's runs resampled on their
own). fork copies the parent's page tables: the worker shares its parent's
memory copy-on-write and imports nothing. spawn starts a fresh interpreter for
every worker, which imports the script's module (with tasks.py, the bench
runtime, requests) before its first task. forkserver starts one such
interpreter per run, the server, and forks each worker from it: its cost is
mostly once per run, so divided by W it shrinks as W grows. Without fork in
the sweep, the cheapest method measured is the reference.
"""

import numpy as np
import pandas as pd

from concurrency_bench.analysis.stats import bootstrap_difference_ci
from concurrency_bench.analysis.summary import DEFAULT_RESAMPLES, DEFAULT_SEED, succeeded

REFERENCE = "fork"
COLUMNS = (
    "experiment",
    "value",
    "reference",
    "workers",
    "start_cost_s",
    "start_cost_ci_low_s",
    "start_cost_ci_high_s",
)


def start_costs(runs, seed=DEFAULT_SEED, resamples=DEFAULT_RESAMPLES):
    """One row per experiment and start method of a sweep's runs (runs.csv's
    columns): the extra start cost per worker against the reference method."""
    ok = succeeded(runs)
    rows = []
    for experiment, runs_of in ok.groupby("experiment", sort=False):
        times = {
            method: group["elapsed_s"].to_numpy(float)
            for method, group in runs_of.groupby("start_method")
        }
        if not times:
            continue
        medians = {method: float(np.median(t)) for method, t in times.items()}
        reference = REFERENCE if REFERENCE in times else min(medians, key=medians.get)
        workers = int(runs_of["workers"].max())
        for method, own in times.items():
            low, high = bootstrap_difference_ci(own, times[reference], seed, resamples)
            rows.append(
                {
                    "experiment": experiment,
                    "value": method,
                    "reference": reference,
                    "workers": workers,
                    "start_cost_s": (medians[method] - medians[reference]) / workers,
                    "start_cost_ci_low_s": low / workers,
                    "start_cost_ci_high_s": high / workers,
                }
            )
    return pd.DataFrame(rows, columns=list(COLUMNS))
