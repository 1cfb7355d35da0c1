"""What the toy workload says in the report."""

from analysis.claims import computing_reason as claim_reason  # noqa: F401 (its reason)
from analysis.explanations import outcome
from analysis.formatting import distinct, plural
from bench import models


def sentence(row):
    unit = models.of(row).unit
    return f"{row.method} squared {plural(int(row.size), 'toy')} on {plural(int(row.workers), unit)}: {outcome(row)}"


def tasks(runs):
    return f"{distinct(runs['size'])} toys squared"


def measured(name, runs, config):
    return f"`square(n)` for n in `range({distinct(runs['size'])})`, each after a short wait."
