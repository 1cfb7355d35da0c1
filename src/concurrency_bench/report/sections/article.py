"""Against the article's figures: this machine's speedups beside its three
published runs, and the methods' order in each."""

from concurrency_bench.report.section import Section


def context(report):
    from concurrency_bench.analysis.article_figures import article_rows, article_speedups, orderings

    original = report.summary[report.original]
    figures = article_speedups(report.article, report.catalog)
    return {
        "article_rows": article_rows(original, figures, report.sources),
        "orderings": orderings(original, report.article, report.sources),
    }


SECTION = Section("article", 110, context)
