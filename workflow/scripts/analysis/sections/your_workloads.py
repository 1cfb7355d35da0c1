"""A section per workload of the user's: its profile, bounds, ranking and
recommendation."""

from analysis import report_workloads
from analysis.sections import Section

SECTION = Section(
    "your_workloads",
    60,
    lambda report: {
        "your_workloads": report_workloads.sections(
            report.summary, report.config["analysis"]["practical_tie"]
        )
    },
)
