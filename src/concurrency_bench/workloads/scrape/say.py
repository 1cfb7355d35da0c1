"""What the scrape workload says in the report: the pages it fetched at
once, where it parsed them, the CPUs its runs kept busy."""

import pandas as pd

from concurrency_bench import models
from concurrency_bench.words import busy, distinct, outcome, plural
from concurrency_bench.workloads.reasons import waiting_reason as claim_reason  # noqa: F401 (the workload's reason)


def sentence(row):
    """The scrape workload: how many pages it fetched at once, on how many CPUs
    its parses ran, what CPUs its runs kept busy, and the bound."""
    kind = models.of(row)
    if kind.is_sync:
        fetched = "fetched one page at a time"
    elif pd.isna(row.in_flight):  # its pool's workers, each fetching its own (as its bound)
        fetched = f"fetched {plural(int(row.workers), 'page')} at once, one per {kind.unit}"
    else:
        fetched = f"fetched up to {plural(int(row.in_flight), 'page')} at once ({kind.said})"
    if row.cpu_step != "same":  # handed to a pool of that kind
        parsed = f"parsed them in {plural(int(row.workers), models.of(row.cpu_step).unit)}"
    else:
        parsed = "parsed each where it was fetched"
    return (
        f"{row.method} {fetched} and {parsed} (at most {plural(int(row.waves_or_cpus), 'CPU')} "
        f"at work on the parses): {busy(row)}; {outcome(row)}"
    )


def tasks(runs):
    return (
        f"{distinct(runs['n_pages'])} pages of {distinct(runs['page_kb'])} KiB from the local "
        f"target ({distinct(runs['delay_s'])} s delay each), each parsed "
        f"{distinct(runs['passes'])} times"
    )


def measured(name, runs, config):
    """The scrape workload: its pages, the target's delay and what a parse costs."""
    scrape = runs[runs["workload"] == name]
    pass_ms = 1000 * scrape["parse_pass_s"].astype(float)
    return (
        f"{distinct(scrape['n_pages'])} pages per run of {distinct(scrape['page_kb'])} KiB "
        f"({distinct(scrape['page_bytes'])} bytes), generated and served by the embedded "
        f"target after {distinct(scrape['delay_s'])} s each; each page fetched, then its "
        f"links parsed with `html.parser` {distinct(scrape['passes'])} time(s) (one pass: "
        f"{pass_ms.min():.2f}–{pass_ms.max():.2f} ms of CPU here, measured before each run). "
        "Every model's links are checked against those each page was made with."
    )
