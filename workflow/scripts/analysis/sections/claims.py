"""The article's claims, checked: each claim's ratio, CI, p-values and
verdict (claims.csv, from check_claims)."""

import pandas as pd

from analysis.report_tables import claim_rows
from analysis.sections import Section

SECTION = Section(
    "claims",
    20,
    lambda report: {"claims": claim_rows(pd.read_csv(report.inputs["claims"]))},
    inputs=lambda config: {"claims": "results/{machine}/claims.csv"},
)
