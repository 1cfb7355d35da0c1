"""anyio_asyncio: your workload's async task in an anyio task group, on asyncio.

anyio.run(..., backend="asyncio"): one task per item started in a task group,
at most in_flight of them holding the CapacityLimiter at once; each writes its
result at its item's place. anyio_trio runs the same on trio's event loop.
"""

from concurrency_bench.interpreters.packages import needed
from concurrency_bench.run.harness import run_experiment

with needed():
    import anyio

BACKEND = "asyncio"


async def limited(task_async, items, in_flight):
    limiter = anyio.CapacityLimiter(in_flight)
    results = [None] * len(items)

    async def run(i, item):
        async with limiter:
            results[i] = await task_async(item)

    async with anyio.create_task_group() as group:
        for i, item in enumerate(items):
            group.start_soon(run, i, item)
    return results


def main(task_async, items, in_flight):
    return anyio.run(limited, task_async, items, in_flight, backend=BACKEND)


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
