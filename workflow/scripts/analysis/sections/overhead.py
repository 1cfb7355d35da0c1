"""What the pipeline itself costs: its set-up beside the timed regions."""

from analysis.report_tables import overhead_facts
from analysis.sections import Section

SECTION = Section("overhead", 140, lambda report: {"overhead": overhead_facts(report.runs)})
