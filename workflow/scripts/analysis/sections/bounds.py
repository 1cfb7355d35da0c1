"""Bounds: how each workload's bound is computed (its paragraph, from its
package), what bounded the pools, and what starting a worker costs."""

from analysis import report_tables
from analysis.sections import Section


def context(report):
    inputs = report.inputs
    return {
        "bounds": {
            "connection_limits": report_tables.connection_limits(report.summary, report.catalog),
            "idle_cpus": report_tables.idle_cpus(report.runs),
        },
        "start_costs": report_tables.start_cost_sentences(
            inputs.get("start_method_sweeps", []), inputs.get("start_method_labels")
        ),
    }


SECTION = Section("bounds", 130, context)
