"""What the http workload says in the report: one sentence per experiment
(its waves and the client's CPU), what one run did, why a claim holds."""

import math

import pandas as pd

from concurrency_bench import models
from concurrency_bench.words import distinct, format_seconds, outcome, plural
from concurrency_bench.workloads.reasons import waiting_reason as claim_reason  # noqa: F401 (the workload's reason)


def sentence(row):
    """How its kind and its `at_once` (the catalog's options) capped the
    requests in flight, and the waves that made."""
    waves = plural(row.waves_or_cpus, "wave")
    n, kind = row.n_requests, models.of(row)
    if kind.is_sync:
        how = f"made its {n} requests one after another"
        if row.reuses_connections:
            how += " over one kept-open connection"
    elif row.at_once == "per_request":
        how = f"started {plural(n, kind.unit)}, one per request"
    elif row.at_once == "connections":
        how = (
            f"gathered {plural(n, kind.unit)} over at most {row.concurrency} "
            f"connections ({row.concurrency_reason}), so {waves}"
        )
    else:
        how = (
            f"ran {plural(row.concurrency, 'worker')} ({row.concurrency_reason}), "
            f"so {waves} of requests"
        )
    return f"{row.method} {how}: {outcome(row)}{time_split(row)}"


def time_split(row):
    """' Of its 0.27 s: 0.1 s waiting (the bound), 0.15 s the client's CPU, 0.02 s the rest.'
    The client's CPU may overlap the waiting: then the rest is negative, and said so."""
    if math.isnan(row.bound_s) or pd.isna(row.client_cpu_s):
        return ""
    rest = row.median_s - row.bound_s - row.client_cpu_s
    split = (
        f" Of its {format_seconds(row.median_s)} s: {format_seconds(row.bound_s)} s waiting "
        f"(the bound), {format_seconds(row.client_cpu_s)} s the client's CPU "
        f"({row.cpu_ms_per_request:.2f} ms per request), "
    )
    if rest >= 0:
        return split + f"{format_seconds(rest)} s the rest."
    return split + f"the CPU overlapping the waiting by {format_seconds(-rest)} s."


def tasks(runs):
    requests = f"{distinct(runs['n_requests'])} HTTP requests"
    embedded = runs["target_embedded"].astype(bool)
    if embedded.all():
        return f"{requests} to the local target ({distinct(runs['delay_s'])} s delay each)"
    return f"{requests} to {distinct(runs.loc[~embedded, 'url'])}"


def measured(name, runs, config):
    http, where = runs[runs["workload"] == name], target(runs, config)
    text = f"{distinct(http['n_requests'])} HTTP GET requests per run to "
    if not where["embedded"]:
        text += f"`{where['url']}`."
    else:
        text += f"the embedded local target (`{where['url']}`, a fresh port per run"
        if where["tls"]:
            text += ", over HTTPS with a certificate made for the run and verified by the clients"
        text += f"), which waits {distinct(http['delay_s'])} s before answering each request"
        rtt = distinct(http["rtt_s"])
        if rtt not in ("0", "0.0", ""):
            tls = "; and one for TLS" if where["tls"] else ""
            text += (
                f", plus an emulated network round trip of {rtt} s per request and one "
                f"more per new connection (its TCP handshake{tls})"
            )
        text += "."
    pools = models.mask(http, lambda kind: kind.gil_bound) & (http["at_once"] == "pool")
    pool = http[pools & (http["origin"] == "article")]
    if distinct(pool["concurrency_reason"]):
        text += f" ThreadPoolExecutor: {distinct(pool['concurrency_reason'])}."
    return text


def target(runs, config):
    """The HTTP target as the deviations name it: embedded or a URL (of the
    runs that had one)."""
    http = runs[runs["n_requests"].notna()]
    embedded = bool(http["target_embedded"].all()) if not http.empty else None
    tls = bool(http["tls"].fillna(False).any())
    # The embedded target listens on a fresh port per run: name it once.
    url = f"http{'s' if tls else ''}://127.0.0.1:<port>/ip" if embedded else distinct(http["url"])
    return {"embedded": embedded, "tls": tls, "url": url, "timeout_s": config["io"]["timeout_s"]}
