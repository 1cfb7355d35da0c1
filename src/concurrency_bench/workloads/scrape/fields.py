"""What the scrape workload's runs take (the config's section scrape, and the
embedded target's settings) and what their records keep besides: what one
page, one parse pass and one request cost here, measured before the timed
region (scrape.measured_costs)."""

from concurrency_bench.core.declarations import f, p
from concurrency_bench.workloads.shared import (
    MAYBE_SECONDS,
    SERVED,
    TARGET,
    TRANSFER_S,
    WORKERS_ASKED,
    pool_workers,
    tasks_in_flight,
)

SECTIONS = {
    "scrape": "the scrape workload (experiments scrape_*): each task fetches a page of the "
    "embedded target (its delay and round trip are target.delay_s and target.rtt_s; "
    "target.url does not apply: the pages are generated) and parses its links",
}
PARAMETERS = (
    p(
        "n_pages",
        "scrape.n_pages",
        "--n-pages",
        schema={
            "type": "integer",
            "minimum": 1,
            "maximum": 100000,
            "description": "pages per run, one task each",
            "default": 16,
        },
        recorded={"type": "integer", "minimum": 1},
        summary=True,
    ),
    p(
        "page_kb",
        "scrape.page_kb",
        "--page-kb",
        schema={
            "type": "integer",
            "minimum": 1,
            "maximum": 4096,
            "description": "size of each generated HTML page, KiB",
            "default": 16,
        },
        recorded={"type": "integer", "minimum": 1},
        summary=True,
    ),
    p(
        "passes",
        "scrape.passes",
        "--passes",
        schema={
            "type": "integer",
            "minimum": 1,
            "maximum": 100000,
            "description": "times each page is parsed: the knob of a task's CPU share "
            "(measured, per run, as CPU time / wall time of the sync loop)",
            "default": 1,
        },
        recorded={"type": "integer", "minimum": 1},
        # Every scrape experiment's, the models of `any` on it included: their
        # pages get the same parse as the sync loop's.
        sweep=True,
        summary=True,
    ),
    *TARGET.values(),
    pool_workers("scrape.workers", "processes of the process pools; auto = the usable CPUs"),
    tasks_in_flight("scrape.in_flight", "pages fetched at once by the threads and the coroutines"),
)
FIELDS = (
    f("page_bytes", {"type": "integer", "minimum": 1}, measured=True),
    f("parse_pass_s", MAYBE_SECONDS, summary=True, measured=True),
    f("fetch_cpu_s", MAYBE_SECONDS, summary=True, measured=True),
    TRANSFER_S,
    *SERVED,
    *WORKERS_ASKED,
)
