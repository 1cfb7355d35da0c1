"""io-bound_sync_2: the sync loop over one requests.Session.

Beyond the article: requests.get opens a new connection for every call, while
httpx's AsyncClient (io-bound_concurrent_3) keeps its connections open. One
Session reuses its connection too, which separates connection reuse from the
concurrency model when compared with io-bound_sync.
"""

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

from tasks import make_request

with needed():
    import requests


def main(n_requests, url, timeout):
    with requests.Session() as session:
        for num in range(1, n_requests + 1):
            make_request(num, url, timeout, session=session)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
