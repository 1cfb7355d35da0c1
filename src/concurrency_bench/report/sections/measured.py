"""What was measured: per workload, one line from its runs in its own words."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.report.what_was_measured import measured

    return {"measured": measured(report.runs, report.config)}


SECTION = Section("measured", 40, context)
