"""The scraping scenario the article sets out from: fetch a page, then parse it.

Each task fetches a generated HTML page (concurrency_bench.target.pages) from the embedded
target (always: a real URL's pages are not known in advance, so target.url
applies to the http workload only), after the target's delay, and parses its links with html.parser,
`passes` times over: the knob of the task's CPU share, which each run
measures (the sync loop's CPU time / wall time) rather than assumes. Before
the timed region the session measures, on this machine, what one parse pass
and one request cost in CPU, and what sending a page to a worker process and
its links back costs: the bound is made of them.

Bound, for n pages, each waiting w (the target's delay and round trip) and
costing c seconds of CPU (its request's, measured with the sync client, and
passes x one parse pass), W fetches at once (1, the
threads or coroutines in flight, or the pool's processes) in ceil(n / W) waves:
  max(n · c / CPUs at work, waves · w)   the parses cannot go faster than their
                                         CPUs (1 under the GIL, min(workers,
                                         usable CPUs) in processes), the waits
                                         than W at once
  waves · (w + c)                        ... nor, where one worker both fetches
                                         and parses on a CPU of its own (the
                                         sync loop, a process pool), than its
                                         own tasks one after another
  + n · transfer_s                       parses handed to a process pool: each
                                         page pickled there, its links back

Under a model of `any` (config `workloads: {scrape: {}}`) each page is an
item: the task is tasks.scrape (fetch, then parse, as the sync loop's per page),
the async task tasks.scrape_async over one httpx.AsyncClient per event loop,
and each result, the page's links, is checked against those it was made with.
W is the model's (its kind's in_flight), the CPUs at work its kind's.
"""

import functools
import math
import pickle
import time
from contextlib import contextmanager

from concurrency_bench import models
from concurrency_bench.core.declarations import asked
from concurrency_bench.target import pages
from concurrency_bench.target.embedded import embedded_target
from concurrency_bench.workloads.base import Option, Setup, Study, Workload, missing
from concurrency_bench.workloads.references import article_task
from concurrency_bench.workloads.scrape.fields import FIELDS, PARAMETERS, SECTIONS

# The parameters a run's record keeps as they were asked for.
ASKED = (
    *("n_pages", "page_kb", "delay_s", "rtt_s", "timeout_s", "deadline_factor", "min_deadline_s"),
    *("workers", "in_flight"),
)


def fetches_at_once(row):
    """Pages a model fetches at once: one, in_flight where it caps them so,
    else its pool's workers (each fetching and parsing its own)."""
    if models.of(row).is_sync:
        return 1
    return int(row["workers"] if missing(row["in_flight"]) else row["in_flight"])


def measured_costs(html, site, trials=3):
    """{'parse_pass_s', 'fetch_cpu_s', 'transfer_s'}: the CPU seconds of one
    parse pass (of a few in a row) and of one request by the sync client (requests.get of the
    target's /delay/0: the request without its wait), and the seconds to
    pickle a page and unpickle its links; each the least of a few trials: what
    this machine needs, not an estimate."""
    import requests

    from concurrency_bench.tasks import parse_links

    costs = dict.fromkeys(("parse_pass_s", "fetch_cpu_s", "transfer_s"), math.inf)

    def least(key, seconds):
        costs[key] = min(costs[key], seconds)

    # Enough passes per trial for about 20 ms of CPU: a single pass, cold,
    # costs more than one of a run's many.
    started = time.process_time()
    links = parse_links(html, 1)
    passes = max(1, math.ceil(0.02 / max(time.process_time() - started, 1e-6)))
    for _ in range(trials):
        started = time.process_time()
        parse_links(html, passes)
        least("parse_pass_s", (time.process_time() - started) / passes)
        started = time.process_time()
        requests.get(f"{site}/delay/0", timeout=30).raise_for_status()
        least("fetch_cpu_s", time.process_time() - started)
        started = time.perf_counter()
        pickle.loads(pickle.dumps(html))
        pickle.loads(pickle.dumps(links))
        least("transfer_s", time.perf_counter() - started)
    return costs


class Scrape(Workload):
    name = "scrape"
    order = 3
    # The crossover map: where each model wins as a task's CPU share grows.
    # One sweep over passes, or its points of two would be read as one axis.
    studies = (Study("crossover", "passes", order=85, one_sweep=True),)
    label = "Mixed (fetch, then parse)"
    what = "pages fetched, then parsed"
    parameters = PARAMETERS
    fields = FIELDS
    sections = SECTIONS
    # Where a task's parse runs: in the worker that fetched its page (same),
    # or handed to a pool of `workers` of another kind (the hybrids: processes).
    options = (Option("cpu_step", ("same", "processes"), default="same"),)

    def gives(self, task, spec):
        return True  # tasks.scrape, and tasks.scrape_async

    @contextmanager
    def session(self, experiment, args):
        passes = getattr(args, "passes", None) or 1
        in_flight = getattr(args, "in_flight", None)
        kind = models.of(experiment)
        workers, reason = kind.in_flight(experiment, args, noun="page")
        if experiment.is_model:  # its W: one, in_flight, or its workers
            in_flight = workers
        elif "workers" in experiment.params:  # a pool's processes, fetching or parsing
            workers, reason = models.rule_of(experiment).resolve(getattr(args, "workers", None))
        elif not kind.is_sync:
            workers = None  # its pages are in flight, with no pool of workers
        with embedded_target(
            None, args.delay, args.timeout, rtt_s=args.rtt, python=args.target_python
        ) as target:
            site = target.url.rsplit("/", 1)[0]
            to_fetch = [
                (num, f"{site}/page/{num}?kb={args.page_kb}") for num in range(args.n_pages)
            ]
            expected = [pages.links(num, args.page_kb) for num in range(args.n_pages)]
            first = pages.page(0, args.page_kb)
            params = {
                **asked(self.parameters, args, *ASKED),
                "n_tasks": args.n_pages,
                "page_bytes": len(first.encode()),
                "passes": passes,
                **measured_costs(first, site),
                "url": f"{site}/page/{{n}}?kb={args.page_kb}",
                "target_embedded": True,
                "workers": workers,
                "workers_reason": reason,
            }
            if experiment.is_model:  # in_flight as asked for: its bound reads it so
                params["in_flight"] = getattr(args, "in_flight", None)
            params["deadline_s"] = max(
                args.min_deadline,
                args.deadline_factor
                * args.n_pages
                * (args.delay + 2 * args.rtt + passes * params["parse_pass_s"]),
            )
            arguments = {
                "pages": to_fetch,
                "passes": passes,
                "timeout": args.timeout,
                "workers": workers,
                "in_flight": in_flight,
            }
            if experiment.is_model:
                arguments.update(self.interface(to_fetch, passes, args.timeout))
            yield Setup(
                params=params,
                arguments=arguments,
                n_tasks=args.n_pages,
                task_noun="pages",
                deadline_s=params["deadline_s"],
                target=target,
                latencies=True,
                check_result=lambda results: links_check(experiment, results, expected),
            )
            target.check_alive()

    @staticmethod
    def interface(to_fetch, passes, timeout):
        """The task interface of the models of `any`: the pages (number, URL) as items."""
        return {
            "task": functools.partial(article_task("scrape"), passes=passes, timeout=timeout),
            "task_async": functools.partial(
                article_task("scrape_async"), passes=passes, timeout=timeout
            ),
            "items": to_fetch,
        }

    def least_s(self, experiment, options):
        """The waves of the run's waiting; its parses' CPU is known only once measured."""
        row = {
            "kind": experiment.kind,
            "workers": models.rule_of(experiment).resolve(options.get("--workers"))[0],
            "in_flight": options.get("--in-flight", 1)
            if "in_flight" in experiment.params
            else None,
        }
        waves = -(-int(options["--n-pages"]) // fetches_at_once(row))
        return waves * (float(options["--delay"]) + float(options.get("--rtt", 0)))

    def bound(self, row, baseline_median_s):
        """(bound_s, CPUs at work) of one experiment: see the module's docstring."""
        if missing(row.get("parse_pass_s")):
            return math.nan, math.nan
        rtt_s = 0.0 if missing(row["rtt_s"]) else float(row["rtt_s"])
        n, wait_s = int(row["n_tasks"]), float(row["delay_s"]) + rtt_s
        fetch_cpu_s = 0.0 if missing(row.get("fetch_cpu_s")) else float(row["fetch_cpu_s"])
        cpu_s = fetch_cpu_s + int(row["passes"]) * float(row["parse_pass_s"])
        at_once = fetches_at_once(row)
        step = row.get("cpu_step")
        handed_over = not missing(step) and step != "same"
        parsing = models.of(step if handed_over else row)  # the kind its parses run on
        # A pool's workers parse; else the fetches in flight, each where it was fetched.
        workers = at_once if missing(row["workers"]) else row["workers"]
        cpus = parsing.cpus_at_work(workers, row["usable_cpus"], row["gil_enabled"])
        waves = -(-n // at_once)
        # Handed-over parses leave the requests' CPU in the parent, on one CPU.
        bound_s = max(n * cpu_s / cpus, waves * wait_s, n * fetch_cpu_s if handed_over else 0)
        if not handed_over and at_once <= cpus:
            bound_s = max(bound_s, waves * (wait_s + cpu_s))
        if handed_over:
            bound_s += n * float(row["transfer_s"])
        return bound_s, cpus


def links_check(experiment, results, expected):
    """Why the run's links are not the pages' (None if they are)."""
    results = list(results or [])
    for num, (got, wanted) in enumerate(zip(results, expected)):
        if got != wanted:
            return (
                f"{experiment.name} parsed {len(got)} links of page {num} instead of "
                f"its {len(wanted)}"
            )
    if len(results) != len(expected):
        return f"{experiment.name} returned {len(results)} pages' links of {len(expected)}"
    return None


SCRAPE = Scrape()
WORKLOAD = SCRAPE
