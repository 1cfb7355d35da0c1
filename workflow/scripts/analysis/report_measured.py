"""The report's "What was measured": per workload, one line from its runs
(the HTTP target, the sieve's range, your task and its items)."""

from analysis.formatting import distinct
from bench import workloads


def target(runs, config):
    """The HTTP target as the deviations name it: embedded or a URL (of the
    runs that had one)."""
    http = runs[runs["n_requests"].notna()]
    embedded = bool(http["target_embedded"].all()) if not http.empty else None
    tls = bool(http["tls"].fillna(False).any())
    # The embedded target listens on a fresh port per run: name it once.
    url = f"http{'s' if tls else ''}://127.0.0.1:<port>/ip" if embedded else distinct(http["url"])
    return {"embedded": embedded, "tls": tls, "url": url, "timeout_s": config["io"]["timeout_s"]}


def http_measured(name, runs, config):
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
    pool = http[(http["concurrency_model"] == "thread_pool") & (http["origin"] == "article")]
    if distinct(pool["concurrency_reason"]):
        text += f" ThreadPoolExecutor: {distinct(pool['concurrency_reason'])}."
    return text


def sieve_measured(name, runs, config):
    sieve = runs[runs["workload"] == name]
    text = (
        f"`get_prime_numbers(num)` for `num` in "
        f"`range({distinct(sieve['start'])}, {distinct(sieve['stop'])})`."
    )
    pools = sieve[sieve["concurrency_model"] != "one"]
    if distinct(pools["workers"]):
        text += (
            f" The pools ran {distinct(pools['workers'])} worker process(es) "
            f"({distinct(pools['concurrency_reason'])})."
        )
    return text


def scrape_measured(name, runs, config):
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


def function_measured(name, runs, config):
    """A user's workload: its task, its items and how many there were."""
    spec, own = (config.get("workloads") or {}).get(name) or {}, runs[runs["workload"] == name]
    task = distinct(own["task"]) if "task" in own else spec.get("task")
    inputs = distinct(own["inputs"]) if "inputs" in own else spec.get("inputs")
    text = (
        f"`{task}` ({workloads.family(name).what}) over the {distinct(own['n_tasks'])} "
        f"items that `{inputs}` returns; every model's results are checked against the "
        "sync loop's."
    )
    if spec.get("task_async"):
        text += f" The asyncio models await `{spec['task_async']}` instead."
    return text


# What each built-in workload's runs did; a user's workload says it one way.
SAYS = {"http": http_measured, "sieve": sieve_measured, "scrape": scrape_measured}


def measured(runs, config):
    """Per workload, its label and what its runs did."""
    return [
        {
            "label": workloads.label(name),
            "text": SAYS.get(name, function_measured)(name, runs, config),
        }
        for name in workloads.order(runs["workload"])
    ]
