"""The headline figure, after the verdict card: every experiment's speedup
here beside the article's three published runs."""

from concurrency_bench.report.section import Section

SECTION = Section("headline", 17, lambda report: {})
