"""sync_loop: your workload's baseline, one task after another.

Calls task(item) for each item in a plain loop and returns the results in
order: every other model must return the same. Run it by hand with
--workload <name> --task file.py:function --inputs file.py:function.
"""

from concurrency_bench.run.harness import run_experiment


def main(task, items):
    return [task(item) for item in items]


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
