"""The runs that other processes or CPU steal disturbed."""

from analysis.report_noise import disturbed_rows
from analysis.sections import Section

SECTION = Section("disturbed", 100, lambda report: {"disturbed": disturbed_rows(report.runs)})
