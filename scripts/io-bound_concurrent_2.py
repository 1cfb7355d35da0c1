"""io-bound_concurrent_2: a ThreadPoolExecutor with its default max_workers.

Submits one requests.get call per request to the pool, then waits for all.
--max-workers sets the pool's size instead (the article uses the default).
"""

from concurrent.futures import ThreadPoolExecutor, wait

from concurrency_bench.run.harness import run_experiment

from tasks import make_request


def main(n_requests, url, timeout, max_workers=None):
    futures = []

    with ThreadPoolExecutor(max_workers) as executor:
        for num in range(1, n_requests + 1):
            futures.append(executor.submit(make_request, num, url, timeout))

    wait(futures)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
