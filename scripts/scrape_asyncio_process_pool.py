"""scrape_asyncio_process_pool: the event loop fetches, a ProcessPoolExecutor
of `workers` processes parses (loop.run_in_executor).

The loop only waits on the parses: it goes on reading answers meanwhile, and
the parses run on as many CPUs as there are workers, at the price of sending
each page to a worker and its links back.
"""

import asyncio
from concurrent.futures import ProcessPoolExecutor

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

from tasks import make_request_async, parse_links

with needed():
    import httpx


async def main(pages, passes, timeout, in_flight, workers):
    loop = asyncio.get_running_loop()
    semaphore = asyncio.Semaphore(in_flight)
    with ProcessPoolExecutor(max_workers=workers) as parsers:
        async with httpx.AsyncClient(timeout=timeout) as client:

            async def scrape(num, url):
                async with semaphore:
                    html = await make_request_async(num, client, url, keep=True)
                return await loop.run_in_executor(parsers, parse_links, html, passes)

            return await asyncio.gather(*(scrape(num, url) for num, url in pages))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
