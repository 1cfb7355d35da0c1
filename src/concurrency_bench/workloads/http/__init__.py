"""The article's I/O-bound workload: n HTTP GETs to a target.

Its context is the target: the embedded server, started on a free port before
the timed region and stopped after it whatever happens, or a real URL. Its
bound is the waves of requests the experiment lets in flight at once, each
waiting for the target's delay (concurrency_bench.models.in_flight).

Under a model of `any` (config `workloads: {http: {}}`) each request number is
an item: the task is the article's make_request, the async task its
make_request_async over one httpx.AsyncClient per event loop (tasks.get_async),
and each result is the response's status code.
"""

import functools
import math
import resource
from contextlib import contextmanager

from concurrency_bench import models
from concurrency_bench.core.declarations import asked
from concurrency_bench.models import deadline, in_flight
from concurrency_bench.target.embedded import embedded_target, tls_unavailable
from concurrency_bench.workloads.base import Option, Setup, Study, Workload, missing, models_params
from concurrency_bench.workloads.http.fields import FIELDS, PARAMETERS
from concurrency_bench.workloads.references import article_task

OK = 200


def status_check(n_requests, allowed_errors):
    """A model's results: one status code per request, in order, each 200 but
    for the errors allowed (the ERROR lines count them too)."""

    def check(results):
        results = list(results or [])
        if len(results) != n_requests:
            return f"{len(results)} results for {n_requests} requests"
        wrong = [(i, status) for i, status in enumerate(results) if status != OK]
        if len(wrong) > allowed_errors:
            i, status = wrong[0]
            return f"{len(wrong)} requests did not answer {OK}, the first request {i + 1}: {status}"
        return None

    return check


def raise_open_files_limit():
    """Many requests at once need many sockets: the soft limit goes up to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return {"nofile_soft_before": soft, "nofile_soft": hard, "nofile_hard": hard}


class Http(Workload):
    name = "http"
    order = 1
    article = True
    # Every sweep over n_requests side by side: where each method stops scaling.
    studies = (Study("scale", "n_requests", order=80),)
    label = "I/O-bound"
    what = "HTTP GET requests"
    parameters = PARAMETERS
    fields = FIELDS

    options = (
        # How a model caps its requests in flight: a thread of its own per
        # request, its pool's max_workers, or its client's open connections.
        Option("at_once", ("per_request", "pool", "connections")),
        Option("pool_size", ("n_requests",)),  # a pool sized to the requests
        Option("connection_limit", (None,), count=True),  # null: no limit
        Option("reuses_connections", (True, False), default=False),
    )

    def gives(self, task, spec):
        return True  # make_request, and make_request_async

    def check_options(self, experiment):
        kind, at_once = models.of(experiment), experiment.option("at_once")
        if kind.is_sync:
            return "at_once: the sync loop has one request in flight" if at_once else None
        if at_once is None:
            return f"at_once: a model of {kind.name} must say how it caps its requests"
        if at_once == "pool" and not kind.executor:
            return f"at_once: pool: {kind.name} has no executor"
        if (at_once == "connections") != ("connection_limit" in experiment.options):
            return "connection_limit: what caps a model of at_once connections, and only it"
        if experiment.option("pool_size") and at_once != "pool":
            return "pool_size: the size of a pool, for at_once pool only"
        return None

    @contextmanager
    def session(self, experiment, args):
        limits = raise_open_files_limit()
        unavailable = None if args.url or not args.tls else tls_unavailable()
        if unavailable:  # no target started: the run is recorded as skipped
            yield Setup(
                params=self.params_of(experiment, args, "https://127.0.0.1", embedded=True),
                arguments={},
                n_tasks=args.n_requests,
                limits=limits,
                unavailable=unavailable,
            )
            return
        with embedded_target(
            args.url,
            args.delay,
            args.timeout,
            rtt_s=args.rtt,
            tls=args.tls,
            python=args.target_python,
        ) as target:
            params = self.params_of(experiment, args, target.url, target.embedded)
            arguments = {
                "n_requests": args.n_requests,
                "url": target.url,
                "timeout": args.timeout,
                "max_workers": getattr(args, "max_workers", None),
            }
            check = None
            if experiment.is_model:
                workers = params["workers"]
                arguments.update(self.interface(target.url, args.timeout, args.n_requests))
                arguments.update(workers=workers, in_flight=workers)
                check = status_check(args.n_requests, args.max_errors)
            yield Setup(
                params=params,
                arguments=arguments,
                check_result=check,
                n_tasks=args.n_requests,
                task_noun="requests",
                allowed_errors=args.max_errors,
                deadline_s=params["deadline_s"],
                target=target,
                limits=limits,
                latencies=True,
            )
            target.check_alive()

    def least_s(self, experiment, options):
        """The waves of the run's waiting (0 for a real URL: its latency is unknown)."""
        if "--url" in options:
            return 0.0
        n, max_workers = int(options["--n-requests"]), options.get("--max-workers")
        if experiment.is_model:  # its W: one, in_flight, or its workers (by its kind's rule)
            workers = options.get("--in-flight") or options.get("--workers") or 1
            at_once = min(n, models.of(experiment).resolve_workers(workers)[0])
        else:
            at_once = in_flight.io_concurrency(experiment, n, max_workers)["max_workers"]
        bound_s, _ = in_flight.io_bound_s(
            n,
            float(options["--delay"]),
            at_once,
            float(options.get("--rtt", 0)),
            bool(options.get("--tls")),
            experiment.option("reuses_connections"),
        )
        return bound_s

    def params_of(self, experiment, args, url, embedded):
        """The record's params of a run against `url`."""
        asked_for = ("n_requests", "timeout_s", "max_errors", "deadline_factor", "min_deadline_s")
        params = {
            **asked(self.parameters, args, *asked_for, "max_workers"),
            "n_tasks": args.n_requests,
            "url": url,
            "target_embedded": embedded,
            "delay_s": args.delay if embedded else None,
            "rtt_s": args.rtt if embedded else None,
            "tls": url.startswith("https://"),
        }
        if experiment.is_model:  # its W: one, in_flight, or its workers
            workers, reason = models.of(experiment).in_flight(experiment, args)
            params.update(models_params(experiment, args, workers, reason))
            params.update(max_workers=min(workers, args.n_requests), max_workers_reason=reason)
        else:
            max_workers = getattr(args, "max_workers", None)
            params.update(in_flight.io_concurrency(experiment, args.n_requests, max_workers))
        reuses = experiment.option("reuses_connections")
        params["deadline_s"] = deadline.deadline_s(
            params, args.deadline_factor, args.min_deadline, reuses
        )
        return params

    @staticmethod
    def interface(url, timeout, n_requests):
        """The task interface of the models of `any`: request numbers 1..n as items."""
        return {
            "task": functools.partial(article_task("make_request"), url=url, timeout=timeout),
            "task_async": functools.partial(article_task("get_async"), url=url, timeout=timeout),
            "items": list(range(1, n_requests + 1)),
        }

    def bound(self, row, baseline_median_s):
        """ceil(n / W) waves, each waiting for the delay (and the emulated
        round trips); NaN without a known delay (a real URL)."""
        n, in_flight_at_once = int(row["n_requests"]), int(row["max_workers"])
        if missing(row["delay_s"]):
            return math.nan, -(-n // in_flight_at_once)
        rtt_s = 0.0 if missing(row["rtt_s"]) else row["rtt_s"]
        tls = not missing(row["tls"]) and bool(row["tls"])
        return in_flight.io_bound_s(
            n, row["delay_s"], in_flight_at_once, rtt_s, tls, bool(row["reuses_connections"])
        )


HTTP = Http()
WORKLOAD = HTTP
