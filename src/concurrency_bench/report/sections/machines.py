"""Machines and interpreters: every label's medians side by side, the
interpreters' ranking, and the experiments a label's Python cannot run."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.analysis.across_interpreters import section as interpreters_section
    from concurrency_bench.report.machine_comparison import machines_section, not_available

    inputs = report.inputs
    return {
        "machines": machines_section(inputs["machines"], report.machine),
        "interpreters": interpreters_section(inputs["interpreters"]),
        "not_available": not_available(report.config["experiments"], report.runs, report.catalog),
    }


SECTION = Section(
    "machines",
    120,
    context,
    inputs=lambda config: {
        "machines": "results/machines.csv",
        "machines_plot": "results/plots/machines.png",
        "interpreters": "results/interpreters.csv",
    },
    plots=("machines_plot",),
)
