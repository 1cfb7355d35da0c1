"""scrape_thread_pool_process_pool: a ThreadPoolExecutor of in_flight threads
fetches, a ProcessPoolExecutor of `workers` processes parses.

A thread hands its page to the process pool and waits for the links: the
waits overlap in the threads, the parses run in parallel in the processes.
"""

from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

from concurrency_bench.run.harness import run_experiment

from tasks import make_request, parse_links


def main(pages, passes, timeout, in_flight, workers):
    with ProcessPoolExecutor(max_workers=workers) as parsers:

        def scrape(page):
            num, url = page
            html = make_request(num, url, timeout, keep=True)
            return parsers.submit(parse_links, html, passes).result()

        with ThreadPoolExecutor(max_workers=in_flight) as fetchers:
            return list(fetchers.map(scrape, pages))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
