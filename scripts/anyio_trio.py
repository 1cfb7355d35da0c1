"""anyio_trio: anyio_asyncio's task group and CapacityLimiter, on trio.

anyio.run(..., backend="trio"): the same code on trio's event loop (httpx
follows through anyio). A task written for asyncio alone (asyncio.sleep, an
asyncio-only client) cannot run there: tried on the first item before the
timed region, the run is then skipped with the error, as it is where trio is
not installed.
"""

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

from anyio_asyncio import limited

with needed():
    import anyio
    import trio  # noqa: F401 (anyio's backend, imported by name)


def not_on_trio(task_async, items):
    """Why the task cannot run on trio (tried on its first item); None if it can."""
    try:
        anyio.run(task_async, items[0], backend="trio")
    except Exception as error:  # noqa: BLE001 (the task's own code may raise anything)
        return f"the task cannot run on trio: {type(error).__name__}: {error}"
    return None


def main(task_async, items, in_flight):
    return anyio.run(limited, task_async, items, in_flight, backend="trio")


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__, unavailable=not_on_trio)
