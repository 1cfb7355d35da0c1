"""cpu-bound_parallel_5: InterpreterPoolExecutor(workers), one submit per number.

Beyond the article, which predates it: Python 3.14's InterpreterPoolExecutor
runs each worker as a sub-interpreter, with a GIL of its own, in a thread of
this process. The code is cpu-bound_parallel_2's with the executor swapped,
so that the ratio of the two changes one thing: worker processes against
sub-interpreters. One submit per number, not map in Pool's chunks
(cpu-bound_parallel_3): InterpreterPoolExecutor is a ThreadPoolExecutor, whose
map ignores chunksize, so a chunked map would send the numbers one by one
anyway. Each sub-interpreter imports tasks.py (with what it imports: requests,
concurrency_bench.run.task_output) on its first task, as a spawned worker process imports the
script's module; no process starts and no memory is copied. requests loads
there without charset_normalizer, a compiled module that refuses
sub-interpreters: its warning goes to the job's log.

Runs on Python >= 3.14 only; before, the harness refuses the run by name.
workers 'auto' is the article's cpu_count() - 1 (at least 1).
"""

from concurrent.futures import wait

from concurrency_bench.run.harness import run_experiment

from tasks import get_prime_numbers

try:
    from concurrent.futures import InterpreterPoolExecutor
except ImportError:  # before 3.14: the harness refuses the run, naming the version
    InterpreterPoolExecutor = None


def main(start, stop, workers):
    futures = []
    with InterpreterPoolExecutor(workers) as executor:
        for num in range(start, stop):
            futures.append(executor.submit(get_prime_numbers, num))

    wait(futures)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
