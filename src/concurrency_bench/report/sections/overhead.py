"""What the pipeline itself costs: its set-up beside the timed regions."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.report.experiment_rows import overhead_facts

    return {"overhead": overhead_facts(report.runs)}


SECTION = Section("overhead", 140, context)
