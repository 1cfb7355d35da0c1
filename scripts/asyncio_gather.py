"""asyncio_gather: your workload's async task, asyncio.gather with a cap.

One coroutine per item on one event loop, at most in_flight of them past the
Semaphore at once; gather returns the results in the items' order. Waiting
overlaps; the coroutines' CPU work runs one at a time, on the loop's thread.
"""

import asyncio

from concurrency_bench.run.harness import run_experiment


async def main(task_async, items, in_flight):
    semaphore = asyncio.Semaphore(in_flight)

    async def limited(item):
        async with semaphore:
            return await task_async(item)

    return await asyncio.gather(*(limited(item) for item in items))


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
