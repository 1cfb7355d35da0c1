"""What was measured: per workload, one line from its runs in its own words."""

from analysis.report_measured import measured
from analysis.sections import Section

SECTION = Section("measured", 40, lambda report: {"measured": measured(report.runs, report.config)})
