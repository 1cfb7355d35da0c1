"""scrape_process_pool: a ProcessPoolExecutor of `workers` processes, each
fetching a page and then parsing it.

The parses run in parallel, but a worker waits for its page before it can
parse it: only `workers` fetches are in flight at once.
"""

from concurrent.futures import ProcessPoolExecutor
from functools import partial

from concurrency_bench.run.harness import run_experiment

from tasks import scrape


def main(pages, passes, timeout, workers):
    with ProcessPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(partial(scrape, passes=passes, timeout=timeout), pages))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
