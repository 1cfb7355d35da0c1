"""One table per article workload, its plot, and the CPUs each experiment
kept busy."""

from analysis.report_tables import workload_tables
from analysis.sections import Section

SECTION = Section(
    "tables",
    50,
    lambda report: {"tables": workload_tables(report.summary[report.original])},
)
