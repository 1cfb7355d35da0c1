"""Bounds: how each workload's bound is computed (its paragraph, from its
package), what bounded the pools, and what starting a worker costs."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.report import experiment_rows

    inputs = report.inputs
    return {
        "bounds": {
            "connection_limits": experiment_rows.connection_limits(report.summary, report.catalog),
            "idle_cpus": experiment_rows.idle_cpus(report.runs),
        },
        "start_costs": experiment_rows.start_cost_sentences(
            inputs.get("start_method_sweeps", []), inputs.get("start_method_labels")
        ),
    }


SECTION = Section("bounds", 130, context)
