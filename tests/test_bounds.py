"""src/concurrency_bench/analysis/best_time.py: the best time each experiment's parameters allow."""

import math

import pytest
from concurrency_bench.analysis import best_time
from concurrency_bench.models import in_flight

from script_runner import CATALOG
from synthetic import cpu_bound, io_bound


@pytest.mark.parametrize(
    "experiment, n, bound, waves",
    [
        ("io-bound_sync", 100, 10.0, 100),
        ("io-bound_concurrent_1", 100, 0.1, 1),
        ("io-bound_concurrent_2", 100, 1.7, 17),
        ("io-bound_concurrent_3", 250, 0.3, 3),
        ("io-bound_concurrent_3", 100, 0.1, 1),
        ("io-bound_parallel_1", 100, 5.0, 50),
    ],
)
def test_io_bound_is_waves_times_delay(experiment, n, bound, waves, monkeypatch):
    """The I/O bound is ceil(n / in flight) waves of the delay, in flight as the
    record says for each experiment's concurrency (ThreadPoolExecutor 6,
    ProcessPoolExecutor 2, asyncio its connection limit of 100)."""
    monkeypatch.setattr(
        in_flight,
        "default_max_workers",
        lambda executor: {"ThreadPoolExecutor": 6, "ProcessPoolExecutor": 2}[executor.__name__],
    )
    in_flight_now = in_flight.io_concurrency(CATALOG[experiment], n)["max_workers"]
    got_bound, got_waves = io_bound(n, 0.1, in_flight_now)
    assert got_waves == waves
    assert got_bound == pytest.approx(bound)


@pytest.mark.parametrize("delay", [None, math.nan])
def test_io_bound_is_nan_for_a_real_url(delay):
    """A real URL (no delay parameter) has no bound, but still its waves."""
    bound, waves = io_bound(100, delay, 6)
    assert math.isnan(bound)
    assert waves == 17


@pytest.mark.parametrize(
    "tls, reuses, bound",
    [
        (False, False, 10 * 0.05 + 10 * 0.05),  # a request and a handshake each
        (True, False, 10 * 0.05 + 10 * 0.10),  # ... and TLS's round trip
        (False, True, 10 * 0.05 + 1 * 0.05),  # one connection: one handshake
        (True, True, 10 * 0.05 + 1 * 0.10),
    ],
)
def test_io_bound_with_round_trips_charges_handshakes_per_new_connection(tls, reuses, bound):
    """With an emulated round trip, every wave pays it, and each new connection
    its handshakes: every wave for requests.get, the first only with reuse."""
    got, waves = io_bound(10, 0.0, 1, rtt_s=0.05, tls=tls, reuses=reuses)
    assert waves == 10
    assert got == pytest.approx(bound)


@pytest.mark.parametrize(
    "kind, workers, cpus, bound, parallel",
    [
        ("sync", 1, 2, 8.0, 1),
        ("processes", 4, 2, 4.0, 2),
        ("processes", 1, 2, 8.0, 1),
        ("processes", 3, 4, 8.0 / 3, 3),
    ],
)
def test_cpu_bound_divides_sync_by_usable_parallelism(kind, workers, cpus, bound, parallel):
    """The CPU bound is the sync median over min(workers, usable CPUs)."""
    got_bound, got_parallel = cpu_bound(kind, 8.0, workers, cpus)
    assert got_parallel == parallel
    assert got_bound == pytest.approx(bound)


@pytest.mark.parametrize("gil, bound, parallel", [(True, 8.0, 1), (None, 8.0, 1), (False, 4.0, 2)])
def test_cpu_bound_of_threads_depends_on_the_gil(gil, bound, parallel):
    """Threads on the sieve: no parallelism under the GIL, as processes without it."""
    got_bound, got_parallel = cpu_bound("threads", 8.0, 4, 2, gil)
    assert got_parallel == parallel
    assert got_bound == pytest.approx(bound)


@pytest.mark.parametrize(
    "reuses, bound",
    [(False, 10 * (0.1 + 0.05) + 10 * 0.05), (True, 10 * (0.1 + 0.05) + 1 * 0.05)],
)
def test_of_run_takes_connection_reuse_from_the_row(reuses, bound):
    """of_run reads the catalog's reuses_connections (added by runs.with_catalog):
    a client that keeps its connection pays one handshake, not one per wave."""
    run = {
        "workload": "http",
        "n_requests": 10,
        "delay_s": 0.1,
        "max_workers": 1,
        "rtt_s": 0.05,
        "tls": False,
        "reuses_connections": reuses,
    }
    got, waves = best_time.of_run(run, math.nan)
    assert waves == 10
    assert got == pytest.approx(bound)


@pytest.mark.parametrize(
    "kind, bound, cpus", [("sync", 8.0, 1), ("threads", 8.0, 1), ("processes", 4.0, 2)]
)
def test_of_run_takes_the_cpu_concurrency_from_the_row(kind, bound, cpus):
    """of_run passes the catalog's kind (added by runs.with_catalog) to the
    sieve's bound, with the baseline's median."""
    run = {
        "workload": "sieve",
        "kind": kind,
        "workers": 4,
        "usable_cpus": 2,
        "gil_enabled": None,
    }
    assert best_time.of_run(run, 8.0) == (pytest.approx(bound), cpus)


def your_row(kind, workers=4, cpu_share=1.0, gil_enabled=True, transfer_s=1e-5):
    """A summary row of a model running your workload on 2 usable CPUs, 64 items."""
    return {
        "workload": "hashing",
        "kind": kind,
        "workers": workers,
        "usable_cpus": 2,
        "gil_enabled": gil_enabled,
        "cpu_share": cpu_share,
        "n_tasks": 64,
        "transfer_s": transfer_s,
    }


@pytest.mark.parametrize(
    "row, bound, cpus",
    [
        # max(c·T / CPUs at work, T / W), T = 8 s
        (your_row("sync", workers=1), 8.0, 1),
        (your_row("threads"), 8.0, 1),  # all CPU, under the GIL: one at a time
        (your_row("threads", cpu_share=0.1), 2.0, 1),  # mostly waiting: 4 at once
        (your_row("coroutines", cpu_share=0.1), 2.0, 1),
        (your_row("threads", gil_enabled=False), 4.0, 2),  # free-threaded: the CPUs
        (your_row("interpreters"), 4.0, 2),  # a GIL each, 4 on 2 CPUs
        (your_row("processes"), 4.0 + 64 * 1e-5, 2),  # + n · transfer_s
        (your_row("processes", transfer_s=None), 4.0, 2),  # no profile: nothing to add
        (your_row("threads", cpu_share=None), 8.0, 1),  # no profile: all CPU, assumed
    ],
)
def test_the_bound_of_your_function_is_its_cpu_or_its_waiting(row, bound, cpus):
    """A user's function: the CPU share of the sync loop's time on the CPUs at
    work, or that time over W at once, whichever is longer; process pools also
    pay the parent's pickling of every item."""
    got_bound, got_cpus = best_time.of_run(row, 8.0)
    assert got_cpus == cpus
    assert got_bound == pytest.approx(bound)
