"""An I/O stand-in: a call that waits 10 ms (as a fast API would), then a
little work on its answer; a sync and an async variant with equal results.

While a task waits it holds no CPU: threads and coroutines overlap the waits,
and the CPU share of a task (measured in its profile) is small.
"""

import asyncio
import time


def work(item):
    return sum(i * i for i in range(item, item + 2_000)) % 9973


def task(item):
    time.sleep(0.01)
    return work(item)


async def fetch(item):
    await asyncio.sleep(0.01)
    return work(item)


def inputs():
    return list(range(200))
