"""The article's tasks: two I/O-bound requests and one CPU-bound sieve.

Two deliberate changes from the article, both stated in the report:
- the URL (and a timeout) come from the run's parameters instead of a hard-coded
  https://httpbin.org/ip;
- every response's status is checked: a failed request prints an ``ERROR`` line
  (counted by the harness as an error), never passes as a timed success.

The article's per-task print line stays. It is written in one piece and flushed
at once, as on the article's terminal, so that lines from parallel threads and
processes never run into each other in the log.
"""

import os
from multiprocessing import current_process
from threading import current_thread

import requests

from bench.task_output import ERROR_PREFIX


def print_worker():
    # The article's line: which process and thread ran this task.
    pid = os.getpid()
    thread_name = current_thread().name
    process_name = current_process().name
    print(f"{pid} - {process_name} - {thread_name}\n", end="", flush=True)


def print_error(num, problem):
    print(f"{ERROR_PREFIX} request {num}: {problem}\n", end="", flush=True)


def make_request(num, url, timeout=30.0, session=requests):
    # io-bound

    print_worker()

    try:
        response = session.get(url, timeout=timeout)
        response.raise_for_status()
    except requests.HTTPError as error:
        print_error(num, f"HTTP {error.response.status_code}")
    except requests.RequestException as error:
        print_error(num, type(error).__name__)


async def make_request_async(num, client, url):
    # io-bound

    import httpx  # here, so that the CPU-bound scripts need not import it

    print_worker()

    try:
        response = await client.get(url)
        response.raise_for_status()
    except httpx.HTTPStatusError as error:
        print_error(num, f"HTTP {error.response.status_code}")
    except httpx.HTTPError as error:
        print_error(num, type(error).__name__)


def get_prime_numbers(num):
    # cpu-bound

    print_worker()

    numbers = []
    prime = [True for i in range(num + 1)]
    p = 2

    while p * p <= num:
        if prime[p]:
            for i in range(p * 2, num + 1, p):
                prime[i] = False
        p += 1

    prime[0] = False
    prime[1] = False

    for p in range(num + 1):
        if prime[p]:
            numbers.append(p)

    return numbers
