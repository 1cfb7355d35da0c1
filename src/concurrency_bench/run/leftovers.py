"""What a task starts and leaves running: the job adopts it, and ends it.

The job is the subreaper of its descendants (Linux): a process the task
starts and detaches (a new session, a double fork) is adopted by the job
instead of init, so that the job still sees it, and ends it after the run.
The pools' own helpers, which outlive a run by design and end with the job
(multiprocessing's resource tracker and forkserver, loky's workers and
tracker), are the model's, not the task's: they are left to their pools.
"""

import ctypes
import sys

import psutil

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
# How long a leftover has to end on SIGTERM before it gets SIGKILL.
GRACE_S = 1.0
# What the command line of a pool's own helper process holds.
POOL_HELPERS = (
    "multiprocessing.resource_tracker",
    "multiprocessing.forkserver",
    "joblib.externals.loky",
    "loky.backend",
)


def adopt_orphans():
    """Make this process the reaper of its orphaned descendants (Linux only)."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1)


def running(process):
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def pool_helper(process):
    try:
        command = " ".join(process.cmdline())
    except psutil.Error:
        return False
    return any(helper in command for helper in POOL_HELPERS)


def name_of(process):
    try:
        return process.name()
    except psutil.Error:
        return "?"


def end_leftovers():
    """End every descendant still running (the pools' helpers aside):
    SIGTERM, then SIGKILL after a grace; reap them. {'n': how many,
    'names': their command names, sorted}."""
    left = [p for p in psutil.Process().children(recursive=True) if not pool_helper(p)]
    names = sorted(name_of(p) for p in left if running(p))
    for ending in ("terminate", "kill"):
        for process in left:
            try:
                getattr(process, ending)()
            except psutil.NoSuchProcess:
                pass
        _, left = psutil.wait_procs(left, timeout=GRACE_S)
        if not left:
            break
    return {"n": len(names), "names": names}


def said(left):
    """'the task left 2 processes running (sleep); they were ended', or '' for none."""
    if not left or not left["n"]:
        return ""
    n, names = left["n"], ", ".join(sorted(set(left["names"])))
    processes = "1 process" if n == 1 else f"{n} processes"
    return (
        f"the task left {processes} running ({names}); {'it was' if n == 1 else 'they were'} ended"
    )
