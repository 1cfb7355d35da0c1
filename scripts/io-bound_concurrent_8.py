"""io-bound_concurrent_8: io-bound_concurrent_6 (aiohttp) on uvloop's event loop.

Beyond the article: the same coroutines, client and limits as
io-bound_concurrent_6 (one aiohttp.ClientSession, TCPConnector(limit=100), a
total timeout per request), run on uvloop's loop (libuv) instead of asyncio's
own. Compared with io-bound_concurrent_6, it shows what the event loop itself
costs.

The loop is started with uvloop.run, uvloop's documented way (its
EventLoopPolicy is deprecated since Python 3.12 and gone in 3.16): main() is a
plain function that runs the coroutines on a new uvloop loop, so the timed
region holds the loop's start and close, as asyncio.run's does for the others.
uvloop has no build for every Python (none for PyPy or Windows): without it the
run is recorded as skipped, saying why (concurrency_bench.interpreters.packages), and nothing is timed.
"""

import asyncio

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

from tasks import make_request_aiohttp

with needed():
    import aiohttp
    import uvloop


async def make_requests(n_requests, url, timeout):
    connector = aiohttp.TCPConnector(limit=100)
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout) as session:
        return await asyncio.gather(
            *[make_request_aiohttp(num, session, url) for num in range(1, n_requests + 1)]
        )


def main(n_requests, url, timeout):
    return uvloop.run(make_requests(n_requests, url, timeout))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
