"""cpu-bound_sync: the article's baseline, the sieve for every number in a range.

Calls get_prime_numbers(num) for num in range(start, stop), one after another.
"""

from concurrency_bench.run.harness import run_experiment

from tasks import get_prime_numbers


def main(start, stop):
    for num in range(start, stop):
        get_prime_numbers(num)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
