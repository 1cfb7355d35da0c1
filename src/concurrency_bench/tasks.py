"""The article's tasks (its tasks.py; scripts/tasks.py gives them to the
scripts under that name): two I/O-bound requests and one CPU-bound sieve; and
the scraping the article sets out from: fetch a page, then parse its links.

Deliberate changes from the article, each stated in the report:
- the URL (and a timeout) come from the run's parameters instead of a hard-coded
  https://httpbin.org/ip;
- every response's status is checked: a failed request prints an ``ERROR`` line
  (counted by the harness as an error), never passes as a timed success;
- an answered request prints an ``ANSWERED`` line with its latency, from the
  call to its answer, and one sieve in ten its time, which the record keeps
  (a JIT's warm-up shows in the first tasks' times);
- a request returns its status code (None without an answer), so that the
  models of any workload can check their results (the article's scripts
  ignore it), or with `keep` its page (the scrape workload parses it).

The sieve needs no HTTP client: where one cannot be loaded (a sub-interpreter
refuses extension modules written for one interpreter), tasks.py still imports.

The article's per-task print line stays. It is written in one piece and flushed
at once, as on the article's terminal, so that lines from parallel threads and
processes never run into each other in the log.
"""

import os
import time
from html.parser import HTMLParser
from multiprocessing import current_process
from threading import current_thread

# A failed request's line starts with the first, an answered one's with the
# second (concurrency_bench.run.task_output reads them).
ERROR_PREFIX = "ERROR"
ANSWERED_PREFIX = "ANSWERED"

try:
    import requests
except ImportError:  # in a sub-interpreter: only the sieve is used there
    requests = None

try:  # Python >= 3.14: the interpreter a task runs in (InterpreterPoolExecutor)
    from concurrent.interpreters import get_current as current_interpreter
except ImportError:
    current_interpreter = None


def print_worker():
    # The article's line: which process and thread ran this task.
    pid = os.getpid()
    thread_name = current_thread().name
    if current_interpreter is not None and current_interpreter().id != 0:
        # A sub-interpreter sees its pool's thread as a new "Dummy-<n>" at every
        # task: the interpreter, one per worker, names it instead.
        thread_name = f"interpreter-{current_interpreter().id}"
    process_name = current_process().name
    print(f"{pid} - {process_name} - {thread_name}\n", end="", flush=True)


def print_error(num, problem):
    print(f"{ERROR_PREFIX} request {num}: {problem}\n", end="", flush=True)


def print_answered(num, sent):
    print(
        f"{ANSWERED_PREFIX} request {num} after {time.perf_counter() - sent:.6f} s\n",
        end="",
        flush=True,
    )


# One number in this many prints its sieve's time: a line for every number
# would cost PyPy's sieve about 5% more, one in ten costs nothing measurable.
TIMED_EVERY = 10


def print_sieved(num, started):
    # No flush of its own: the line goes out with the next task's, or with the
    # run's last flush, so the timed region pays no extra write for it.
    print(f"{ANSWERED_PREFIX} number {num} after {time.perf_counter() - started:.6f} s\n", end="")


def make_request(num, url, timeout=30.0, session=None, keep=False):
    # io-bound

    print_worker()

    sent = time.perf_counter()
    try:
        response = (session or requests).get(url, timeout=timeout)
        response.raise_for_status()
        print_answered(num, sent)
        # The scrape workload keeps the page; the models check the status. The
        # body is never decoded otherwise (CPU the article never spent).
        return response.text if keep else response.status_code
    except requests.HTTPError as error:
        print_error(num, f"HTTP {error.response.status_code}")
        return None if keep else error.response.status_code  # no page to parse
    except requests.RequestException as error:
        print_error(num, type(error).__name__)
        return None


async def make_request_async(num, client, url, keep=False):
    # io-bound

    import httpx  # here, so that the CPU-bound scripts need not import it

    print_worker()

    sent = time.perf_counter()
    try:
        response = await client.get(url)
        response.raise_for_status()
        print_answered(num, sent)
        return response.text if keep else response.status_code
    except httpx.HTTPStatusError as error:
        print_error(num, f"HTTP {error.response.status_code}")
        return None if keep else error.response.status_code
    except httpx.HTTPError as error:
        print_error(num, type(error).__name__)
        return None


# One httpx.AsyncClient per running event loop: a client's connections belong
# to the loop that opened them (asyncio's, or trio's under anyio).
CLIENTS = {}


def running_loop():
    """The running event loop's identity: asyncio's loop, or trio's run."""
    import sniffio

    if sniffio.current_async_library() == "trio":
        import trio

        return trio.lowlevel.current_trio_token()
    import asyncio

    return asyncio.get_running_loop()


def loop_client(timeout):
    # The running loop's client, made at its first request (as the article's,
    # inside the timed region)

    import httpx

    loop = running_loop()
    if loop not in CLIENTS:
        CLIENTS.clear()  # a former loop's client: its loop has ended
        CLIENTS[loop] = httpx.AsyncClient(timeout=timeout)
    return CLIENTS[loop]


async def get_async(num, url, timeout=30.0):
    # io-bound, as a task of one item: make_request_async over the loop's client

    return await make_request_async(num, loop_client(timeout), url)


async def make_request_aiohttp(num, session, url):
    # io-bound, with aiohttp's client instead of httpx's

    import aiohttp  # here, so that the CPU-bound scripts need not import it

    print_worker()

    sent = time.perf_counter()
    try:
        async with session.get(url) as response:
            # The whole body, as httpx's client.get reads it; a response read
            # to its end also leaves its connection open for the next request.
            await response.read()
            response.raise_for_status()
        print_answered(num, sent)
    except aiohttp.ClientResponseError as error:
        print_error(num, f"HTTP {error.status}")
    except (aiohttp.ClientError, TimeoutError) as error:
        # Past ClientTimeout's total: a TimeoutError (or an aiohttp subclass of it).
        print_error(num, type(error).__name__)


def get_prime_numbers(num):
    # cpu-bound

    print_worker()

    timed = num % TIMED_EVERY == 0
    started = time.perf_counter() if timed else None
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

    if timed:
        print_sieved(num, started)
    return numbers


# The scraping scenario of the article's introduction: fetching is I/O,
# parsing is CPU. The parse is the standard library's html.parser collecting
# the links, made `passes` times over the page: the knob of a task's CPU share.


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.extend(value for name, value in attrs if name == "href")


def parse_links(html, passes=1):
    # cpu-bound

    for _ in range(passes):
        parser = LinkParser()
        parser.feed(html or "")  # a failed fetch (None): counted as an error, no links
        parser.close()
    return parser.links


def scrape(page, passes=1, timeout=30.0):
    # both: one page fetched, then parsed, in the same worker

    num, url = page
    return parse_links(make_request(num, url, timeout, keep=True), passes)


async def scrape_async(page, passes=1, timeout=30.0):
    # both, as a task of one item: the page fetched over the loop's client, then
    # parsed on the loop's thread (no other coroutine runs meanwhile)

    num, url = page
    html = await make_request_async(num, loop_client(timeout), url, keep=True)
    return parse_links(html, passes)
