"""A section per workload of the user's: its profile, bounds, ranking and
recommendation."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.report import workload_pages

    tie = report.config["analysis"]["practical_tie"]
    return {"your_workloads": workload_pages.sections(report.summary, tie)}


SECTION = Section("your_workloads", 60, context)
