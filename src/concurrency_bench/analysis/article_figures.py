"""The article's published figures (report/article_figures.yaml) beside this
machine's: speedups against each run's own baseline, and the order of the
methods, fastest first."""

import math

import pandas as pd

from concurrency_bench import workloads
from concurrency_bench.words import format_speedup, interval


def article_speedups(article, catalog):
    """The article's figures as rows: experiment, source, time_s, speedup (its
    baseline's time over its own, in the same published run)."""
    rows = []
    for source in article["sources"]:
        times = {
            experiment: figures[source]
            for experiment, figures in article["figures"].items()
            if figures.get(source) is not None and experiment in catalog
        }
        for experiment, time in times.items():
            baseline = times.get(catalog[experiment].baseline, math.nan)
            rows.append((experiment, source, time, baseline / time))
    return pd.DataFrame(rows, columns=["experiment", "source", "time_s", "speedup"])


def article_ratio(article, source, faster, slower):
    """min(time of `slower`) / time of `faster` in one published run; NaN where
    it lacks one of them."""
    figures = article["figures"]
    fast = figures[faster].get(source)
    slow = [figures[e].get(source) for e in slower]
    if fast is None or None in slow:
        return math.nan
    return min(slow) / fast


def article_cell(figures, experiment, source):
    """'15.711 s (1.0×)': the article's time as published, and its speedup
    against its own sync."""
    row = figures[(figures["experiment"] == experiment) & (figures["source"] == source)]
    if row.empty:
        return "–"
    time, speedup = row.iloc[0][["time_s", "speedup"]]
    return f"{time:g} s ({format_speedup(speedup)})"


def article_rows(summary, figures, sources):
    """This machine's speedups beside each published run's (against its own sync)."""
    return [
        {
            "experiment": row.experiment,
            "method": row.method,
            "speedup": format_speedup(row.speedup),
            "speedup_ci": interval(row.speedup_ci_low, row.speedup_ci_high, format_speedup),
            "article": [article_cell(figures, row.experiment, s) for s in sources],
        }
        for row in summary.itertuples()
    ]


def fastest_first(experiments, methods):
    return " < ".join(methods[e] for e in experiments)


def ordering_cell(theirs, ours, methods):
    """'sync < asyncio.gather (differs)': a published run's order against ours."""
    if not theirs:
        return "not measured in the article"
    return f"{fastest_first(theirs, methods)} ({'same' if theirs == ours else 'differs'})"


def orderings(summary, article, sources):
    """Per workload, the methods from fastest to slowest here and in each
    published run, and whether the order is the same as here; each row names
    its workload and the label the report gives it."""
    methods = dict(zip(summary["experiment"], summary["method"], strict=True))
    rows = []
    for workload in workloads.order(summary["workload"]):
        timed = summary[(summary["workload"] == workload) & summary["median_s"].notna()]
        order = list(timed.sort_values("median_s")["experiment"])
        if not order:  # every run skipped here (TLS on PyPy, say): nothing to order
            continue
        row = {
            "workload": workload,
            "label": workloads.label(workload),
            "here": fastest_first(order, methods),
            "article": [],
        }
        for source in sources:
            times = {e: article["figures"].get(e, {}).get(source) for e in order}
            theirs = sorted((e for e in order if times[e] is not None), key=times.get)
            row["article"].append(ordering_cell(theirs, order, methods))
        rows.append(row)
    return rows
