"""io-bound_concurrent_1: one threading.Thread per request, as in the article.

Starts n_requests threads, each making one requests.get call, then joins them.
"""

import threading

from concurrency_bench.run.harness import run_experiment

from tasks import make_request


def main(n_requests, url, timeout):
    tasks = []

    for num in range(1, n_requests + 1):
        tasks.append(threading.Thread(target=make_request, args=(num, url, timeout)))
        tasks[-1].start()

    for task in tasks:
        task.join()


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
