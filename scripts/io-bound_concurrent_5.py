"""io-bound_concurrent_5: io-bound_concurrent_2 with one requests.Session per
worker thread.

Beyond the article: a Session is not safe to share between threads blindly,
so each of the pool's threads keeps its own and reuses its connection for the
requests it makes. Compared with io-bound_concurrent_2 (a new connection per
request), it shows what connection reuse is worth to threads.
"""

import threading
from concurrent.futures import ThreadPoolExecutor, wait

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

from tasks import make_request

with needed():
    import requests


def main(n_requests, url, timeout, max_workers=None):
    futures = []
    local = threading.local()
    sessions = []

    def make_request_in_session(num):
        if not hasattr(local, "session"):
            local.session = requests.Session()
            sessions.append(local.session)
        make_request(num, url, timeout, session=local.session)

    with ThreadPoolExecutor(max_workers) as executor:
        for num in range(1, n_requests + 1):
            futures.append(executor.submit(make_request_in_session, num))

    wait(futures)
    for session in sessions:
        session.close()


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
