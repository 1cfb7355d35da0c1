"""What the toy workload says in the report."""

from concurrency_bench import models
from concurrency_bench.words import distinct, outcome, plural
from concurrency_bench.workloads.reasons import computing_reason as claim_reason  # noqa: F401 (its reason)


def sentence(row):
    unit = models.of(row).unit
    return f"{row.method} squared {plural(int(row.size), 'toy')} on {plural(int(row.workers), unit)}: {outcome(row)}"


def tasks(runs):
    return f"{distinct(runs['size'])} toys squared"


def measured(name, runs, config):
    return f"`square(n)` for n in `range({distinct(runs['size'])})`, each after a short wait."
