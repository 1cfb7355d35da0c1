"""io-bound_concurrent_4: a ThreadPoolExecutor with one worker per request.

Beyond the article: io-bound_concurrent_2 with max_workers = n_requests, so
that its pool is as wide as io-bound_concurrent_1's threads. If the article's
ThreadPoolExecutor was slower than a thread per request only because of its
default worker cap, min(32, cpu_count + 4), this one is as fast as threads.
"""

from concurrent.futures import ThreadPoolExecutor, wait

from concurrency_bench.run.harness import run_experiment

from tasks import make_request


def main(n_requests, url, timeout):
    futures = []

    with ThreadPoolExecutor(max_workers=n_requests) as executor:
        for num in range(1, n_requests + 1):
            futures.append(executor.submit(make_request, num, url, timeout))

    wait(futures)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
