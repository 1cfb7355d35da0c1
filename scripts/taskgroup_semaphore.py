"""taskgroup_semaphore: your workload's async task in an asyncio.TaskGroup (3.11+).

asyncio_gather's cap, the structured way: one task per item in a TaskGroup,
at most in_flight of them past the Semaphore at once; the group waits for all
of them, and a task that fails cancels the others. The results are read back
from the tasks in the items' order.
"""

import asyncio

from concurrency_bench.run.harness import run_experiment


async def main(task_async, items, in_flight):
    semaphore = asyncio.Semaphore(in_flight)

    async def limited(item):
        async with semaphore:
            return await task_async(item)

    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(limited(item)) for item in items]
    return [task.result() for task in tasks]


if __name__ == "__main__":
    run_experiment(main, __file__, doc=__doc__)
