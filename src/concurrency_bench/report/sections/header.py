"""The title: which workloads, how many runs, when; a warning where the
label's runs mix machines (the machines section says which)."""

from concurrency_bench.report.section import Section

SECTION = Section("header", 10, lambda report: {})
