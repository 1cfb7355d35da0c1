"""io-bound_concurrent_7: asyncio.gather over one httpx.AsyncClient with no
connection limit.

Beyond the article: io-bound_concurrent_3 with httpx.Limits(max_connections=None,
max_keepalive_connections=None) instead of httpx's default (at most 100
connections, 20 of them kept alive). Every request gets a connection at once,
as every thread of io-bound_concurrent_1 does; above 100 requests, the default
pool makes the others wait for a free connection. Compared with
io-bound_concurrent_3, it shows what that cap costs (or saves).
"""

import asyncio

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

from tasks import make_request_async

with needed():
    import httpx


async def main(n_requests, url, timeout):
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:
        return await asyncio.gather(
            *[make_request_async(num, client, url) for num in range(1, n_requests + 1)]
        )


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
