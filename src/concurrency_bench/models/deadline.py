"""A deadline for an I/O run: past it, the run stops at once with its reason,
instead of waiting minutes for requests that will not come back.

The deadline follows from the run's bound (the best time its parameters
allow): `factor` times it, never below `min_s`; for a real URL, whose latency
is no parameter, every wave may take up to the request timeout.
"""

import threading
from contextlib import contextmanager

from concurrency_bench.models.in_flight import io_bound_s


def deadline_s(params, factor, min_s, reuses):
    """The deadline of an I/O run, from its record's params."""
    n, in_flight = params["n_requests"], params["max_workers"]
    if params["target_embedded"]:
        bound, _ = io_bound_s(
            n, params["delay_s"], in_flight, params["rtt_s"], params["tls"], reuses
        )
        return max(min_s, factor * bound)
    waves = -(-n // in_flight)
    return max(min_s, waves * params["timeout"])


@contextmanager
def watching(seconds, on_expiry):
    """Call on_expiry() from a watcher thread if the block lasts beyond
    `seconds`; on_expiry is expected to end the process."""
    done = threading.Event()

    def watch():
        if not done.wait(seconds):
            on_expiry()

    if seconds is not None:
        threading.Thread(target=watch, name="deadline", daemon=True).start()
    try:
        yield
    finally:
        done.set()
