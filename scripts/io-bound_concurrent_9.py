"""io-bound_concurrent_9: io-bound_concurrent_3 with its httpx.AsyncClient
created before the timed region.

Beyond the article: the article's main() creates the AsyncClient inside the
timed region, and creating one is not free (it loads certifi's CA bundle into a
new SSL context, some tens of milliseconds, even for plain http:// URLs). Here
prepare() creates it before the clock starts and hands it to main() as
`prepared`; main() still enters and closes it (`async with prepared as client`),
so only the creation moves out of the timed region. Compared with
io-bound_concurrent_3, it measures the claim that asyncio loses at 100 requests
because of that creation.

A client created outside any event loop works in asyncio.run's loop: httpx
0.28's connection pool creates its locks and connections on first use, inside
the running loop.
"""

import asyncio

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

from tasks import make_request_async

with needed():
    import httpx


def prepare(timeout):
    return httpx.AsyncClient(timeout=timeout)


async def main(n_requests, url, prepared):
    async with prepared as client:
        return await asyncio.gather(
            *[make_request_async(num, client, url) for num in range(1, n_requests + 1)]
        )


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__, prepare=prepare)
