"""The verdict card, first after the title: which model to use for each
workload run, from summary.csv (concurrency_bench.report.verdict_card)."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.report import verdict_card

    rows = verdict_card.card(report.summary, report.config["analysis"]["practical_tie"])
    return {"card": rows} if rows else None


SECTION = Section("card", 15, context)
