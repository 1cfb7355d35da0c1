"""bench/in_flight.py: how many tasks an experiment runs at once, and why, as
its catalog row says; the workers of the CPU pools; how the numbers travel."""

import dataclasses

import pytest

from bench import in_flight
from script_runner import CATALOG

IO_EXPERIMENT = CATALOG["io-bound_sync"]
CPU_EXPERIMENT = CATALOG["cpu-bound_sync"]


def io_experiment(concurrency, connection_limit=None):
    """An I/O catalog row of the given concurrency."""
    return dataclasses.replace(
        IO_EXPERIMENT, concurrency=concurrency, connection_limit=connection_limit
    )


@pytest.mark.parametrize("count", [2, 4, 17])
def test_auto_workers_is_cpu_count_minus_one(monkeypatch, count):
    """workers 'auto' is the article's cpu_count() - 1, and the reason says how
    it was worked out."""
    monkeypatch.setattr(in_flight, "cpu_count", lambda: count)
    workers, reason = in_flight.resolve_workers("auto")
    assert workers == count - 1
    assert reason.startswith("auto: cpu_count() - 1")
    assert f"= {count} - 1" in reason


def test_auto_workers_on_one_cpu_is_raised_to_one(monkeypatch):
    """On a 1-CPU machine the article's 0 workers (a ValueError in Pool) becomes 1,
    and the reason says it was raised."""
    monkeypatch.setattr(in_flight, "cpu_count", lambda: 1)
    workers, reason = in_flight.resolve_workers("auto")
    assert workers == 1
    assert "raised" in reason


@pytest.mark.parametrize("requested, workers", [("3", 3), (2, 2), ("1", 1)])
def test_explicit_workers_are_taken_as_given(requested, workers):
    """A number of workers is used as it is, and the reason says it was set."""
    assert in_flight.resolve_workers(requested) == (workers, f"set: {workers}")


@pytest.mark.parametrize("requested", ["0", "-2", "many", "1.5", ""])
def test_invalid_workers_is_refused_naming_the_value(requested):
    """A --workers that is neither 'auto' nor a number >= 1 stops the run with a
    message naming the option and the value."""
    with pytest.raises(SystemExit) as refused:
        in_flight.resolve_workers(requested)
    assert "--workers" in str(refused.value.code)
    assert repr(requested) in str(refused.value.code)


@pytest.mark.parametrize(
    "concurrency, limit, n, in_flight_now, said",
    [
        ("one", None, 50, 1, "one request at a time"),
        ("n_requests", None, 50, 50, "one thread per request"),
        ("connection_pool", 100, 250, 100, "connection limit 100"),
        ("connection_pool", 100, 50, 50, "connection limit 100"),
        ("connection_pool", None, 250, 250, "no connection limit"),
    ],
)
def test_io_concurrency_follows_the_catalogs_concurrency(
    concurrency, limit, n, in_flight_now, said
):
    """At most how many requests are in flight, and the reason, from the row's
    concurrency (and connection_limit) alone."""
    got = in_flight.io_concurrency(io_experiment(concurrency, limit), n)
    assert got["max_workers"] == in_flight_now
    assert said in got["max_workers_reason"]


@pytest.mark.parametrize(
    "concurrency, executor",
    [("thread_pool", "ThreadPoolExecutor"), ("process_pool", "ProcessPoolExecutor")],
)
def test_io_concurrency_of_an_executor_is_its_default_or_as_set(concurrency, executor, monkeypatch):
    """An executor's default max_workers is read from the executor, and the
    reason names it; a max_workers asked for is taken as set."""
    monkeypatch.setattr(in_flight, "default_max_workers", lambda cls: {executor: 7}[cls.__name__])
    default = in_flight.io_concurrency(io_experiment(concurrency), 100)
    assert default["max_workers"] == 7
    assert default["max_workers_reason"].startswith(f"{executor}() default max_workers = 7")
    assert in_flight.io_concurrency(io_experiment(concurrency), 100, max_workers=3) == {
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
    experiment = dataclasses.replace(CPU_EXPERIMENT, chunks=chunks)
    assert in_flight.cpu_work_items(experiment, n, workers) == {
        "chunksize": chunksize,
        "work_items": items,
    }
