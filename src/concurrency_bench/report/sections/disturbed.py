"""The runs that other processes or CPU steal disturbed."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.report.disturbance import disturbed_rows

    return {"disturbed": disturbed_rows(report.runs)}


SECTION = Section("disturbed", 100, context)
