"""gevent_pool: your workload's sync task in greenlets, gevent monkey-patched.

monkey.patch_all() runs first, before anything imports what it patches
(socket, ssl, time, select, threading...): the sync task, unchanged, then
yields to the other greenlets wherever it would block in those modules. A
gevent.pool.Pool of in_flight greenlets maps it over the items, in order, in
one thread of one process: the waiting overlaps, the CPU work does not. A task
whose module took a blocking function before the patch (imported earlier, by
a sitecustomize say) would block every greenlet: that run is skipped, saying
which function, as it is where gevent is not installed.
"""

from concurrency_bench.interpreters.packages import needed

with needed():  # gevent is built for CPython only
    from gevent import monkey

    monkey.patch_all()

import sys

from concurrency_bench.run.harness import run_experiment

# What blocks a thread and is patched to yield to the other greenlets instead.
BLOCKING = [("time", "sleep"), ("socket", "socket"), ("socket", "create_connection")]
BLOCKING += [("select", "select"), ("select", "poll"), ("ssl", "SSLSocket")]


def unpatched(task):
    """Why the task cannot yield: a blocking function its module holds as it
    was before patch_all; None if it holds none."""
    while hasattr(task, "task") or hasattr(
        task, "func"
    ):  # concurrency_bench.core.traced, functools.partial
        task = getattr(task, "task", None) or task.func
    module = sys.modules.get(getattr(task, "__module__", None))
    originals = {id(monkey.get_original(*where)): ".".join(where) for where in BLOCKING}
    for name, value in vars(module or object()).items():
        if id(value) in originals and monkey.is_object_patched(*originals[id(value)].split(".")):
            return (
                f"gevent cannot patch this task: {module.__name__}.{name} is the blocking "
                f"{originals[id(value)]}, taken before monkey.patch_all()"
            )
    return None


def main(task, items, in_flight):
    from gevent.pool import Pool

    return Pool(in_flight).map(task, items)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__, unavailable=unpatched)
