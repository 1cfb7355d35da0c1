"""joblib_threads: your workload with joblib.Parallel(prefer="threads").

The same call as joblib_parallel on joblib's thread backend: in_flight threads
of this process, under the GIL as a ThreadPoolExecutor's, with the items in
joblib's automatic batches.
"""

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

with needed():
    from joblib import Parallel, delayed


def main(task, items, in_flight):
    return Parallel(n_jobs=in_flight, prefer="threads")(delayed(task)(item) for item in items)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
