"""scrape_asyncio: one event loop fetching every page with httpx (at most
in_flight at once) and parsing each as it arrives.

The parse runs on the loop's thread: while it runs, no other coroutine does,
so answers that have arrived wait to be read (the fetches' latencies show it).
"""

import asyncio

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

from tasks import make_request_async, parse_links

with needed():
    import httpx


async def main(pages, passes, timeout, in_flight):
    semaphore = asyncio.Semaphore(in_flight)
    async with httpx.AsyncClient(timeout=timeout) as client:

        async def scrape(num, url):
            async with semaphore:
                html = await make_request_async(num, client, url, keep=True)
            return parse_links(html, passes)  # blocks the loop

        return await asyncio.gather(*(scrape(num, url) for num, url in pages))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
