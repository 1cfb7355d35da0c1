"""A workload of the tests' own: a few items, a sync and an async task with
the same results (asyncio's, and anyio's for any loop), a slow task, and a
task that returns a wrong result in worker processes."""

import asyncio
import os
import time

import anyio
import anyio.lowlevel

PARENT = os.getpid()


def square(item):
    return item * item


async def square_async(item):
    await asyncio.sleep(0)
    return item * item


async def square_anyio(item):
    """square_async on any event loop anyio runs (asyncio's, trio's)."""
    await anyio.lowlevel.checkpoint()
    return item * item


def slow_square(item):
    time.sleep(0.5)
    return item * item


def wrong_in_workers(item):
    """item², but item³ in any other process: the process pools must be refused."""
    return item * item if os.getpid() == PARENT else item**3


def fails_on_seven(item):
    if item == 7:
        raise ValueError("seven")
    return item


def items():
    return list(range(2, 22))


def not_a_list():
    return 5


async def fails_on_seven_async(item):
    await asyncio.sleep(0)
    return fails_on_seven(item)


# A task pickle cannot send by reference: the process models skip it.
lambda_cube = lambda item: item**3
