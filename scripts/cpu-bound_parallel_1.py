"""cpu-bound_parallel_1: multiprocessing.Pool(workers).starmap over the range.

workers 'auto' is the article's cpu_count() - 1 (at least 1).
"""

from multiprocessing import Pool

from concurrency_bench.run.harness import run_experiment

from tasks import get_prime_numbers


def main(start, stop, workers):
    with Pool(workers) as p:
        p.starmap(get_prime_numbers, zip(range(start, stop)))
        p.close()
        p.join()


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
