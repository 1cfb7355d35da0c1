"""cpu-bound_concurrent_1: a ThreadPoolExecutor over the CPU-bound sieve.

Beyond the article, which says without measuring it that concurrency is not
worth it for CPU-bound work: with the GIL only one thread runs Python code at
a time, so threads should be no faster than sync. On a free-threaded build
(python3.13t and later, GIL off) they may be; every record says whether the
GIL was on (environment.gil_enabled). workers threads, one submit per number.
"""

from concurrent.futures import ThreadPoolExecutor, wait

from concurrency_bench.run.harness import run_experiment

from tasks import get_prime_numbers


def main(start, stop, workers):
    futures = []
    with ThreadPoolExecutor(workers) as executor:
        for num in range(start, stop):
            futures.append(executor.submit(get_prime_numbers, num))

    wait(futures)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
