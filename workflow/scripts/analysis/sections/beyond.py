"""Beyond the article: the experiments added to its seven, the ablations
(ablations.csv) and every sweep."""

import pandas as pd

from analysis import report_workloads
from analysis.report_tables import (
    ADDITION_COLUMNS,
    ablation_rows,
    experiment_table,
    sweep_sections,
)
from analysis.sections import Section


def context(report):
    summary = report.summary
    added = ~report.original & ~summary["origin"].isin(report_workloads.ORIGINS)
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
