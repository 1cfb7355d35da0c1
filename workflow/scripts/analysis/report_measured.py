"""The report's "What was measured": per workload, one line from its runs,
in its own words (its package's `say.measured`)."""

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


def measured(runs, config):
    """Per workload, its label and what its runs did."""
    return [
        {
            "label": workloads.label(name),
            "text": workloads.family(name).says.measured(name, runs, config),
        }
        for name in workloads.order(runs["workload"])
    ]
