"""cpu-bound_parallel_3: ProcessPoolExecutor.map with the chunk size Pool uses.

Beyond the article, which found ProcessPoolExecutor slower than Pool.
Pool.starmap sends the numbers in chunks of about len / (4 workers), while one
submit per number (cpu-bound_parallel_2) sends every number as its own work
item. Here the executor gets Pool's chunks: if chunking explains the gap, this
runs as fast as cpu-bound_parallel_1.
"""

from concurrent.futures import ProcessPoolExecutor

from concurrency_bench.models.in_flight import pool_chunksize
from concurrency_bench.run.harness import run_experiment

from tasks import get_prime_numbers


def main(start, stop, workers):
    numbers = range(start, stop)
    with ProcessPoolExecutor(workers) as executor:
        chunksize = pool_chunksize(len(numbers), workers)
        list(executor.map(get_prime_numbers, numbers, chunksize=chunksize))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
