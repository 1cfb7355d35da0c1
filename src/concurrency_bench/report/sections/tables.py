"""One table per article workload, its plot, and the CPUs each experiment
kept busy."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.report.experiment_rows import workload_tables

    return {"tables": workload_tables(report.summary[report.original])}


SECTION = Section("tables", 50, context)
