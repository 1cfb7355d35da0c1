"""thread_pool_map: your workload in a ThreadPoolExecutor of in_flight threads.

executor.map(task, items) keeps the items' order. Under the GIL the threads'
Python code runs one at a time; C code that releases the GIL (hashlib, zlib,
I/O) runs in parallel: the run's measured parallelism tells which.
"""

from concurrent.futures import ThreadPoolExecutor

from concurrency_bench.run.harness import run_experiment


def main(task, items, in_flight):
    with ThreadPoolExecutor(max_workers=in_flight) as executor:
        return list(executor.map(task, items))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
