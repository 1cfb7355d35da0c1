"""Beyond the article: the experiments added to its seven, the ablations
(ablations.csv) and every sweep."""

from concurrency_bench.report.section import Section


def context(report):
    import pandas as pd

    from concurrency_bench.report import workload_pages
    from concurrency_bench.report.experiment_rows import (
        ADDITION_COLUMNS,
        ablation_rows,
        experiment_table,
        sweep_sections,
    )

    summary = report.summary
    added = ~report.original & ~summary["origin"].isin(workload_pages.ORIGINS)
    return {
        "additions": experiment_table(summary[added], ADDITION_COLUMNS),
        "ablations": ablation_rows(pd.read_csv(report.inputs["ablations"])),
        "sweeps": sweep_sections(report.inputs["sweeps"], report.inputs["plots"], report.dir),
    }


SECTION = Section(
    "beyond",
    70,
    context,
    inputs=lambda config: {"ablations": "results/{machine}/ablations.csv"},
)
