"""The article's claims, checked: each claim's ratio, CI, p-values and
verdict (claims.csv, from check_claims)."""

from concurrency_bench.report.section import Section


def context(report):
    import pandas as pd

    from concurrency_bench.report.experiment_rows import claim_rows

    return {"claims": claim_rows(pd.read_csv(report.inputs["claims"]))}


SECTION = Section(
    "claims",
    20,
    context,
    inputs=lambda config: {"claims": "results/{machine}/claims.csv"},
)
