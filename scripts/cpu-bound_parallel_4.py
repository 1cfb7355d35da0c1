"""cpu-bound_parallel_4: ProcessPoolExecutor.map with chunksize=1.

Beyond the article: the control for cpu-bound_parallel_3. The same map, but
one number per work item, as cpu-bound_parallel_2's one submit per number.
"""

from concurrent.futures import ProcessPoolExecutor

from concurrency_bench.run.harness import run_experiment

from tasks import get_prime_numbers


def main(start, stop, workers):
    with ProcessPoolExecutor(workers) as executor:
        list(executor.map(get_prime_numbers, range(start, stop), chunksize=1))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
