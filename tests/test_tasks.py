"""The article's tasks: the sieve is right, every task prints the article's line,
an answered request its latency, and a failed request is reported as an ERROR
line, never raised."""

import asyncio
import os
import re

import anyio
import httpx
import pytest
from concurrency_bench import tasks
from concurrency_bench.run.task_output import TaskOutput, warm_up
from concurrency_bench.tasks import get_prime_numbers, make_request, make_request_async

from script_runner import closed_port

WORKER_LINE = f"{os.getpid()} - MainProcess - MainThread\n"


@pytest.mark.parametrize("num, count", [(2, 1), (10, 4), (100, 25), (1000, 168), (7919, 1000)])
def test_sieve_counts_the_primes_up_to_num(num, count, capsys):
    """get_prime_numbers(n) returns the pi(n) primes <= n."""
    primes = get_prime_numbers(num)
    assert len(primes) == count
    assert primes == sorted(set(primes))
    assert primes[-1] <= num


def test_sieve_includes_num_itself_when_prime_and_starts_at_2(capsys):
    """The 1000th prime, 7919, is the last element; the list starts 2, 3, 5, 7."""
    primes = get_prime_numbers(7919)
    assert primes[-1] == 7919
    assert primes[:4] == [2, 3, 5, 7]
    assert get_prime_numbers(10) == [2, 3, 5, 7]


def test_sieve_prints_the_articles_worker_line_and_one_number_in_ten_its_time(capsys):
    """Every task prints '<pid> - <process> - <thread>'; a number divisible by
    ten (TIMED_EVERY) adds its time, which TaskOutput reads as one task's."""
    get_prime_numbers(101)
    assert capsys.readouterr().out == WORKER_LINE
    get_prime_numbers(100)
    out = capsys.readouterr().out
    assert out.startswith(WORKER_LINE)
    timed = re.fullmatch(r"ANSWERED number 100 after ([0-9.]+) s\n", out.removeprefix(WORKER_LINE))
    assert timed, out
    assert TaskOutput(out).latencies()["raw_s"] == [float(timed.group(1))]


def test_the_warm_up_compares_the_first_tenth_of_the_tasks_with_the_rest_per_size():
    """Twenty sieves, each taking 1 µs per unit of its number, the first two
    three times as long, one later a hundred times (a pause): the first
    decile's mean is 3x the rest's median, sizes aside."""
    sizes = range(1000, 21000, 1000)
    slower = {0: 3, 1: 3, 12: 100}
    lines = [
        f"ANSWERED number {size} after {size * 1e-6 * slower.get(i, 1):.6f} s"
        for i, size in enumerate(sizes)
    ]
    latencies = TaskOutput("\n".join(lines)).latencies()
    assert latencies["first_decile_mean_s"] == pytest.approx(3 * latencies["rest_median_s"])
    assert latencies["rest_median_s"] == pytest.approx(1e-6 * sum(sizes) / len(sizes))
    assert warm_up([0.1] * 9, [1] * 9) == {"first_decile_mean_s": None, "rest_median_s": None}


ANSWERED_LINE = re.compile(r"ANSWERED request (\d+) after ([0-9.]+) s\n")


def check_answered(out, num):
    """The worker line, then the ANSWERED line with the request's latency, which
    TaskOutput counts as one answer and no error."""
    assert out.startswith(WORKER_LINE), out
    answered = ANSWERED_LINE.fullmatch(out.removeprefix(WORKER_LINE))
    assert answered, out
    assert int(answered.group(1)) == num
    latency = float(answered.group(2))
    assert latency > 0
    task_output = TaskOutput(out)
    assert task_output.errors() == {"count": 0, "by_problem": {}}
    assert task_output.latencies()["raw_s"] == [latency]


def test_request_that_succeeds_prints_the_worker_line_and_its_latency(target, capsys):
    """A good response gives the worker line, its ANSWERED line and no ERROR
    line, and returns its status code."""
    assert make_request(1, target.url, timeout=10) == 200
    check_answered(capsys.readouterr().out, 1)


def failing_url(base, failure):
    if failure == "http-404":
        return f"{base}/nope"
    return f"http://127.0.0.1:{closed_port()}/ip"


@pytest.mark.parametrize(
    "failure, problem",
    [("http-404", "HTTP 404"), ("closed-port", "ConnectionError")],
)
def test_failed_request_prints_an_error_line_naming_the_problem(base, failure, problem, capsys):
    """A 404 or a refused connection is an 'ERROR request N: ...' line, not a raise."""
    make_request(7, failing_url(base, failure), timeout=10)
    out = capsys.readouterr().out
    assert out == WORKER_LINE + f"ERROR request 7: {problem}\n"
    assert TaskOutput(out).errors() == {"count": 1, "by_problem": {problem: 1}}


def test_request_timeout_is_an_error_line(base, capsys):
    """A request slower than its timeout counts as failed: ERROR ... ReadTimeout."""
    make_request(3, f"{base}/delay/0.5", timeout=0.05)
    assert capsys.readouterr().out.endswith("ERROR request 3: ReadTimeout\n")


def run_async(url, num=1, timeout=10.0):
    async def one_request():
        async with httpx.AsyncClient(timeout=timeout) as client:
            return await make_request_async(num, client, url)

    return asyncio.run(one_request())


def test_async_request_that_succeeds_prints_the_worker_line_and_its_latency(target, capsys):
    """make_request_async: a good response gives the worker line and its ANSWERED
    line, and returns its status code."""
    assert run_async(target.url) == 200
    check_answered(capsys.readouterr().out, 1)


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_get_async_shares_one_client_per_event_loop(target, backend, capsys):
    """The async task of one item (the library models): one httpx.AsyncClient
    for every request of a running loop, asyncio's or trio's, and a new one
    for the next loop."""

    async def three():
        statuses = [await tasks.get_async(num, target.url) for num in (1, 2, 3)]
        return statuses, list(tasks.CLIENTS.values())

    first, clients = anyio.run(three, backend=backend)
    second, others = anyio.run(three, backend=backend)
    assert first == second == [200, 200, 200]
    assert len(clients) == len(others) == 1 and clients[0] is not others[0]


@pytest.mark.parametrize(
    "failure, problem",
    [("http-404", "HTTP 404"), ("closed-port", "ConnectError")],
)
def test_async_failed_request_prints_an_error_line(base, failure, problem, capsys):
    """make_request_async reports a 404 or a refused connection, never raises."""
    run_async(failing_url(base, failure), num=9)
    out = capsys.readouterr().out
    assert out == WORKER_LINE + f"ERROR request 9: {problem}\n"


def test_async_request_timeout_is_an_error_line(base, capsys):
    """make_request_async: a request slower than the client's timeout fails."""
    run_async(f"{base}/delay/0.5", num=4, timeout=0.05)
    out = capsys.readouterr().out
    assert re.search(r"^ERROR request 4: \w*Timeout$", out, re.MULTILINE), out
