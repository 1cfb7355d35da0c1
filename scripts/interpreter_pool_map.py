"""interpreter_pool_map: your workload in an InterpreterPoolExecutor (Python 3.14+).

Each worker is a sub-interpreter with a GIL of its own, in a thread of this
process; the task and its items are pickled to it, and its module is imported
there. A module whose extensions refuse sub-interpreters cannot run here: the
run fails naming the error. workers 'auto' is the usable CPUs.
"""

from concurrency_bench.run.harness import run_experiment

try:
    from concurrent.futures import InterpreterPoolExecutor
except ImportError:  # before 3.14: the harness refuses the run, naming the version
    InterpreterPoolExecutor = None


def main(task, items, workers):
    with InterpreterPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(task, items))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
