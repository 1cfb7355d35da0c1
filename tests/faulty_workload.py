"""A workload of the tests' own whose task goes wrong at run time: it hangs,
exits, crashes, kills its worker, or leaves a process running; and tasks that
start a program and report its signal mask, or end it with SIGTERM. Its
items are their own indices (0..7)."""

import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
import time

# SIGINT and SIGTERM in /proc/<pid>/status's SigBlk (bit n-1 for signal n).
SIGINT_AND_SIGTERM = (1 << (signal.SIGINT - 1)) | (1 << (signal.SIGTERM - 1))


def items():
    return list(range(8))


def same(item):
    """A task that goes right, for the models whose pools keep helper processes."""
    return item


def hangs_on_3(item):
    if item == 3:
        time.sleep(3600)
    return item


def in_a_worker():
    """In a pool's worker process (forked, spawned or from a forkserver)."""
    return multiprocessing.parent_process() is not None


def hangs_in_workers(item):
    """Hangs on item 3 in a pool's worker process only (not in the profile)."""
    if item == 3 and in_a_worker():
        time.sleep(3600)
    return item


def exits_on_2(item):
    if item == 2:
        sys.exit(3)
    return item


def os_exits_on_2(item):
    if item == 2:
        os._exit(3)
    return item


def segfaults_on_4(item):
    if item == 4:
        ctypes.string_at(0)
    return item


def killed_in_workers(item):
    """item, but a worker process kills itself with SIGKILL on item 4 (as the OOM killer would)."""
    if item == 4 and in_a_worker():
        os.kill(os.getpid(), signal.SIGKILL)
    return item


def leaves_a_sleep(item):
    """Starts a detached `sleep 577` on item 0 and leaves it running."""
    if item == 0:
        subprocess.Popen(["sleep", "577"], start_new_session=True)
    return item


def blocked_signals_of_a_child(item):
    """Whether a program the task starts has SIGINT or SIGTERM blocked (its SigBlk)."""
    child = subprocess.Popen(["sleep", "577"])
    try:
        with open(f"/proc/{child.pid}/status") as status:
            line = next(line for line in status if line.startswith("SigBlk:"))
        return bool(int(line.split()[1], 16) & SIGINT_AND_SIGTERM)
    finally:
        child.kill()
        child.wait()


def sigterm_ends_a_child(item):
    """The exit status of a program the task starts and sends SIGTERM: -15 if
    it ended of it, 'deaf' if it did not within 10 s."""
    child = subprocess.Popen(["sleep", "577"])
    child.terminate()
    try:
        return child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        return "deaf"
