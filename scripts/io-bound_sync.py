"""io-bound_sync: the article's baseline, one HTTP request after another.

Makes n_requests requests.get calls in a plain loop and times them.
"""

from concurrency_bench.run.harness import run_experiment

from tasks import make_request


def main(n_requests, url, timeout):
    for num in range(1, n_requests + 1):
        make_request(num, url, timeout)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
