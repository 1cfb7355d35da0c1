"""io-bound_parallel_1: a ProcessPoolExecutor over the I/O-bound task.

Beyond the article, which claims without measuring it that processes on
make_request are "much slower than threads, since processes have to wait for
I/O, but faster than sync". One submit per request to a pool of the
executor's default size (--max-workers to set it), then a wait for all.
"""

from concurrent.futures import ProcessPoolExecutor, wait

from concurrency_bench.run.harness import run_experiment

from tasks import make_request


def main(n_requests, url, timeout, max_workers=None):
    futures = []

    with ProcessPoolExecutor(max_workers) as executor:
        for num in range(1, n_requests + 1):
            futures.append(executor.submit(make_request, num, url, timeout))

    wait(futures)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
