"""process_pool_map: your workload in a ProcessPoolExecutor, in Pool's chunks.

executor.map(task, items, chunksize=...) with multiprocessing.Pool's chunk size
(about n / (4 workers)): few round trips to the workers. workers 'auto' is the
usable CPUs.
"""

from concurrent.futures import ProcessPoolExecutor

from concurrency_bench.models.in_flight import pool_chunksize
from concurrency_bench.run.harness import run_experiment


def main(task, items, workers):
    with ProcessPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(task, items, chunksize=pool_chunksize(len(items), workers)))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
