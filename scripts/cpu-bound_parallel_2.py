"""cpu-bound_parallel_2: ProcessPoolExecutor(workers), one submit per number.

Submits get_prime_numbers(num) for every num in the range, then waits for all.
workers 'auto' is the article's cpu_count() - 1 (at least 1).
"""

from concurrent.futures import ProcessPoolExecutor, wait

from concurrency_bench.run.harness import run_experiment

from tasks import get_prime_numbers


def main(start, stop, workers):
    futures = []
    with ProcessPoolExecutor(workers) as executor:
        for num in range(start, stop):
            futures.append(executor.submit(get_prime_numbers, num))

    wait(futures)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
