"""The runs too spread to trust, and what disturbed each."""

from analysis.report_tables import unstable_rows
from analysis.sections import Section

SECTION = Section(
    "unstable",
    90,
    lambda report: {
        "unstable": unstable_rows(report.summary, report.runs, report.config["analysis"])
    },
)
