"""scrape_threads: a ThreadPoolExecutor of in_flight threads, each fetching a
page and then parsing it.

The waits overlap; under the GIL the parses run one at a time.
"""

from concurrent.futures import ThreadPoolExecutor
from functools import partial

from concurrency_bench.run.harness import run_experiment

from tasks import scrape


def main(pages, passes, timeout, in_flight):
    with ThreadPoolExecutor(max_workers=in_flight) as executor:
        return list(executor.map(partial(scrape, passes=passes, timeout=timeout), pages))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
