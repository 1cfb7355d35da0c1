"""Where the pipeline deviates from the article, and why (the target named
as the runs had it)."""

from analysis.report_measured import target
from analysis.sections import Section

SECTION = Section("deviations", 150, lambda report: {"target": target(report.runs, report.config)})
