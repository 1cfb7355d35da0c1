"""The profile of a user's workload, run in a child process and watched: a
task that hangs, exits or crashes is stopped or named, and whatever it
started is ended.

The child (concurrency_bench.run.calibration with --progress-fd) tells where
it is before each step, a line `step<TAB>index<TAB>item`: `load`, `item` (the
sync pass), `async` (the task_async pass), and `end` once the user's code is
done (or failed in a way the child names itself). Past the deadline, or when
the child ends before `end`, the reason names the step and the item.
"""

import os
import reprlib
import select
import signal
import subprocess
import sys
import time

from concurrency_bench.run import leftovers, lifecycle

# How often the supervisor looks at its child between its progress lines.
POLL_S = 0.2


class Progress:
    """The child's side: one line per step, written before it starts."""

    # An item as the reasons show it: short, even for a large one (reprlib's
    # limits: a 100 MB bytes item is not printed whole before its task runs).
    SHORT = reprlib.Repr()
    SHORT.maxstring = SHORT.maxother = 60

    def __init__(self, fd=None):
        self.fd = fd

    def shown(self, item):
        if self.fd is None:
            return ""
        try:
            return self.SHORT.repr(item)
        except Exception:  # noqa: BLE001 (the user's __repr__ may raise anything)
            return f"a {type(item).__name__}"

    def __call__(self, step, index="", item=""):
        if self.fd is None:
            return
        line = f"{step}\t{index}\t{item}".replace("\n", " ")
        os.write(self.fd, f"{line}\n".encode(errors="replace"))


class Watch:
    """The supervisor's side: the last step the child began, and when."""

    def __init__(self, fd):
        self.fd, self.buffer = fd, b""
        self.step, self.since = ("load", "", ""), time.monotonic()

    def read(self, timeout):
        if select.select([self.fd], [], [], max(timeout, 0))[0]:
            chunk = os.read(self.fd, 65536)
            *lines, self.buffer = (self.buffer + chunk).split(b"\n")
            if lines:
                self.step = tuple(lines[-1].decode(errors="replace").split("\t", 2))
                self.since = time.monotonic()

    def item(self):
        """'item 2 (4)', 'item 2 (4) of task_async'; None while loading."""
        step, index, item = (*self.step, "", "")[:3]
        if step not in ("item", "async"):
            return None
        return f"item {index} ({item}){' of task_async' if step == 'async' else ''}"


def why_it_ended(returncode, watch):
    """The one-line reason of a child that ended in the user's code."""
    if returncode < 0:
        cause = f"the task's process was killed by {signal.Signals(-returncode).name}"
    else:
        cause = f"the task exited with status {returncode}"
    item = watch.item()
    return f"{cause} {f'on {item}' if item else 'while its task and inputs were loaded'}"


def why_it_timed_out(watch, name, timeout_s):
    """'item 3 (3) did not finish in 58 s: the profile reached its deadline ...'."""
    item = watch.item()
    late = (
        f"{item} did not finish in {time.monotonic() - watch.since:.0f} s"
        if item
        else "its task and inputs did not load"
    )
    return (
        f"{late}: the profile reached its deadline of {timeout_s:g} s (workloads.{name}.timeout_s)"
    )


def supervise(command, name, timeout_s):
    """Run `command` (the profile's child) to its end or its deadline, then
    end whatever it left running; the exit status this job should end with."""
    lifecycle.stop_cleanly_on_signals()
    leftovers.adopt_orphans()
    read_end, write_end = os.pipe()
    child = subprocess.Popen([*command, "--progress-fd", str(write_end)], pass_fds=(write_end,))
    os.close(write_end)
    watch, deadline = Watch(read_end), time.monotonic() + timeout_s
    while child.poll() is None and time.monotonic() < deadline:
        watch.read(min(POLL_S, deadline - time.monotonic()))
    watch.read(0)
    returncode = child.poll()
    if returncode is None:
        reason = why_it_timed_out(watch, name, timeout_s)
    elif watch.step[0] != "end":
        reason = why_it_ended(returncode, watch)
    else:
        reason = None
    left = leftovers.end_leftovers()
    if reason:
        print(f"fatal: workload {name}: {reason}", file=sys.stderr, flush=True)
        return 1
    if left["n"]:
        print(f"note: workload {name}: {leftovers.said(left)}", file=sys.stderr, flush=True)
    return returncode
