"""A workload of the tests' own: a few items, a sync and an async task with
the same results (asyncio's, and anyio's for any loop), a slow task, and a
task that returns a wrong result in worker processes."""

import asyncio
import os
import threading
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


def square_or_function(item):
    """item², but for 5 (item 3) a function, which pickle refuses."""
    return (lambda: item) if item == 5 else item * item


async def square_or_function_async(item):
    await asyncio.sleep(0)
    return square_or_function(item)


def type_name(item):
    return type(item).__name__


def items_and_a_lock():
    """Items the last of which pickle refuses."""
    return [1, 2, 3, threading.Lock()]


def wrong_or_function(item):
    """square_or_function, but 5 for 2 (item 0)."""
    return 5 if item == 2 else square_or_function(item)


def local_point(item):
    """A namedtuple of a class made here: pickle cannot find it, its repr is the same everywhere."""
    import collections

    point = collections.namedtuple("Point", "x y")
    point.__qualname__ = "local_point.<locals>.Point"
    return point(item, item * item)
