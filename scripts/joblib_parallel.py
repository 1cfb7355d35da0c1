"""joblib_parallel: your workload with joblib.Parallel on its default backend, loky.

Parallel(n_jobs=workers)(delayed(task)(item) for item in items): loky's worker
processes (each a fresh interpreter, as with spawn), which it keeps alive for
the next call in the same process; each run here is a new process, so the
timed region starts them, as the process pools' starts theirs, but leaves
them running past main() (loky shuts them down at exit), where the pools'
`with` waits for its workers to end. Items travel in batches that joblib
sizes as it goes (batch_size='auto': grown until a batch takes 0.2-2 s).
"""

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

with needed():
    from joblib import Parallel, delayed


def main(task, items, workers):
    return Parallel(n_jobs=workers)(delayed(task)(item) for item in items)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
