"""src/concurrency_bench/models/in_flight.py: how many tasks an experiment runs at once, and why, as
its catalog row's kind and options say; how the numbers travel. (The workers
of the pools: tests/test_models.py.)"""

import dataclasses

import pytest
from concurrency_bench.models import in_flight

from script_runner import CATALOG

IO_EXPERIMENT = CATALOG["io-bound_sync"]
CPU_EXPERIMENT = CATALOG["cpu-bound_sync"]


def io_experiment(kind, **options):
    """An I/O catalog row of the given kind and options."""
    return dataclasses.replace(IO_EXPERIMENT, kind=kind, options=options)


CONNECTIONS = {"at_once": "connections"}


@pytest.mark.parametrize(
    "kind, options, n, in_flight_now, said",
    [
        ("sync", {}, 50, 1, "one request at a time"),
        ("threads", {"at_once": "per_request"}, 50, 50, "one thread per request"),
        (
            "threads",
            {"at_once": "pool", "pool_size": "n_requests"},
            50,
            50,
            "one thread per request",
        ),
        ("coroutines", {**CONNECTIONS, "connection_limit": 100}, 250, 100, "connection limit 100"),
        ("coroutines", {**CONNECTIONS, "connection_limit": 100}, 50, 50, "connection limit 100"),
        ("coroutines", {**CONNECTIONS, "connection_limit": None}, 250, 250, "no connection limit"),
    ],
)
def test_io_concurrency_follows_the_catalogs_kind_and_options(
    kind, options, n, in_flight_now, said
):
    """At most how many requests are in flight, and the reason, from the row's
    kind and its options (at_once, pool_size, connection_limit) alone."""
    got = in_flight.io_concurrency(io_experiment(kind, **options), n)
    assert got["max_workers"] == in_flight_now
    assert said in got["max_workers_reason"]


@pytest.mark.parametrize(
    "kind, executor",
    [("threads", "ThreadPoolExecutor"), ("processes", "ProcessPoolExecutor")],
)
def test_io_concurrency_of_an_executor_is_its_default_or_as_set(kind, executor, monkeypatch):
    """A pool's executor is its kind's; its default max_workers is read from
    the executor, and the reason names it; a max_workers asked for is taken as set."""
    monkeypatch.setattr(in_flight, "default_max_workers", lambda cls: {executor: 7}[cls.__name__])
    default = in_flight.io_concurrency(io_experiment(kind, at_once="pool"), 100)
    assert default["max_workers"] == 7
    assert default["max_workers_reason"].startswith(f"{executor}() default max_workers = 7")
    assert in_flight.io_concurrency(io_experiment(kind, at_once="pool"), 100, max_workers=3) == {
        "max_workers": 3,
        "max_workers_reason": "set: 3",
    }


def test_default_max_workers_is_the_executors_own():
    """The default is what the executor itself picks, at least one."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor() as executor:
        expected = executor._max_workers
    assert in_flight.default_max_workers(ThreadPoolExecutor) == expected >= 1


@pytest.mark.parametrize(
    "chunks, n, workers, chunksize, items",
    [
        ("one", 100, 2, 1, 100),
        ("pool", 100, 2, 13, 8),  # Pool.starmap: ceil(100 / (4 x 2)) = 13
        ("pool", 15000, 1, 3750, 4),
        ("pool", 3, 4, 1, 3),
    ],
)
def test_cpu_work_items_follow_the_catalogs_chunks(chunks, n, workers, chunksize, items):
    """One work item per number, or Pool's chunks of about n / (4 workers)."""
    experiment = dataclasses.replace(CPU_EXPERIMENT, options={"chunks": chunks})
    assert in_flight.cpu_work_items(experiment, n, workers) == {
        "chunksize": chunksize,
        "work_items": items,
    }
