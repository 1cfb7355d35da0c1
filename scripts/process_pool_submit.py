"""process_pool_submit: your workload in a ProcessPoolExecutor, one submit per item.

As the article's cpu-bound_parallel_2: every item is a work item of its own,
a round trip through a pipe to a worker. workers 'auto' is the usable CPUs.
"""

from concurrent.futures import ProcessPoolExecutor

from concurrency_bench.run.harness import run_experiment


def main(task, items, workers):
    with ProcessPoolExecutor(max_workers=workers) as executor:
        futures = [executor.submit(task, item) for item in items]
        return [future.result() for future in futures]


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
