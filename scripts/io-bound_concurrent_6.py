"""io-bound_concurrent_6: asyncio.gather over one aiohttp.ClientSession.

Beyond the article: io-bound_concurrent_3 with aiohttp's client instead of
httpx's. Everything else stays: one coroutine per request on one event loop
started with asyncio.run, one client shared by all of them and created inside
the timed region, at most 100 connections open at once (TCPConnector(limit=100),
the same cap as httpx.AsyncClient's default Limits), and a total timeout per
request. Compared with io-bound_concurrent_3, it separates asyncio from its HTTP
client: if asyncio is slow here only because of httpx, this one is faster.

One difference comes with the client: aiohttp builds its default SSL context
when it is imported, before the timed region, while httpx builds one in every
AsyncClient, inside it; io-bound_concurrent_9 (httpx's client made before the
timed region) is the comparison without that difference.
"""

import asyncio

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

from tasks import make_request_aiohttp

with needed():
    import aiohttp


async def main(n_requests, url, timeout):
    connector = aiohttp.TCPConnector(limit=100)
    client_timeout = aiohttp.ClientTimeout(total=timeout)
    async with aiohttp.ClientSession(connector=connector, timeout=client_timeout) as session:
        return await asyncio.gather(
            *[make_request_aiohttp(num, session, url) for num in range(1, n_requests + 1)]
        )


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
