"""Where the pipeline deviates from the article, and why (the target named
as the runs had it)."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.workloads.http.say import target

    return {"target": target(report.runs, report.config)}


SECTION = Section("deviations", 150, context)
