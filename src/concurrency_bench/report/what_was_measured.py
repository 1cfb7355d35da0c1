"""The report's "What was measured": per workload, one line from its runs,
in its own words (its package's `say.measured`)."""

from concurrency_bench import workloads
from concurrency_bench.analysis.says import says


def measured(runs, config):
    """Per workload, its label and what its runs did."""
    return [
        {
            "label": workloads.label(name),
            "text": says(name).measured(name, runs, config),
        }
        for name in workloads.order(runs["workload"])
    ]
