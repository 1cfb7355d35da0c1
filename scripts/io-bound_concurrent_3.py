"""io-bound_concurrent_3: asyncio.gather over one shared httpx.AsyncClient.

Runs one coroutine per request on a single event loop. The loop is started with
asyncio.run: the article's asyncio.get_event_loop() fails without a running
loop on Python 3.14.
"""

import asyncio

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

from tasks import make_request_async

with needed():
    import httpx


async def main(n_requests, url, timeout):
    async with httpx.AsyncClient(timeout=timeout) as client:
        return await asyncio.gather(
            *[make_request_async(num, client, url) for num in range(1, n_requests + 1)]
        )


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
