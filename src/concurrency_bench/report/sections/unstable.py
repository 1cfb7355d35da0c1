"""The runs too spread to trust, and what disturbed each."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.report.experiment_rows import unstable_rows

    return {"unstable": unstable_rows(report.summary, report.runs, report.config["analysis"])}


SECTION = Section("unstable", 90, context)
