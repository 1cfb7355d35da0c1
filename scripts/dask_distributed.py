"""dask_distributed: your workload on a dask.distributed LocalCluster of processes.

prepare() starts a LocalCluster of `workers` worker processes, one thread
each, without its dashboard, and a Client to it, outside the timed region (the
record's prepare_s is that start); they are closed after it, whatever
happens. main() submits one task per item with Client.map (pure=False: equal
items still each run) and gathers the results in the items' order: every task
goes through the scheduler, what a cluster of many machines needs and one
machine pays for. Where dask is not installed the run is skipped, saying so.
"""

import logging

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

with needed():
    from distributed import Client, LocalCluster


def prepare(workers):
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def main(task, items, prepared):
    return prepared.gather(prepared.map(task, items, pure=False))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__, prepare=prepare)
