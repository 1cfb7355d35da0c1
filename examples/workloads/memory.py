"""A task that holds memory: each builds a 40 MB block, keeps it 0.3 s, then lets it go.

What a model costs in memory shows here: the sync loop holds one block at a
time, a thread pool one per thread at once in one process, a process pool one
per worker, each worker an interpreter of its own besides.
"""

import time

BLOCK_BYTES = 40 * 2**20
HOLD_S = 0.3


def task(item):
    block = b"x" * BLOCK_BYTES  # written, so every page is resident
    time.sleep(HOLD_S)
    return item + len(block)


def inputs():
    return list(range(8))
