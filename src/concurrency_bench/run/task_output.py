"""Collect what the tasks print during the timed region.

Every task prints the article's line "<pid> - <process> - <thread>"; a failed
request adds an "ERROR ..." line, an answered one an "ANSWERED request ..." line
with its latency, and a sieve an "ANSWERED number ..." line with its time. File
descriptor 1 is pointed at a temporary file while main() runs, so the lines
of child processes (Pool, ProcessPoolExecutor workers) are caught too;
afterwards they are copied to the job's log and counted: which workers really
ran tasks, how many requests failed, and how long each task took. What was
printed so far can also be read mid-run (at a deadline).
"""

import os
import re
import sys
import tempfile
from collections import Counter
from contextlib import contextmanager

from concurrency_bench.tasks import ANSWERED_PREFIX, ERROR_PREFIX

WORKER_LINE = re.compile(r"^(\d+) - (.+?) - (.+)$")
ERROR_LINE = re.compile(rf"^{ERROR_PREFIX} request \d+: (.+)$")
ANSWERED_LINE = re.compile(rf"^{ANSWERED_PREFIX} (request|number) (\d+) after ([0-9.e+-]+) s$")
# A task's size, from its line: every request alike; a sieve's work grows
# with its number (about in proportion: n log log n).
SIZE = {"request": lambda num: 1, "number": lambda num: num}
# The first tenth of the tasks, against the others: a JIT's warm-up.
FIRST_SHARE = 0.1


def quantile(values, q):
    """numpy.quantile's default (linear interpolation between the closest
    ranks), without numpy: the benchmark environments of the interpreter
    matrix do not install it, and a sub-interpreter could not import it."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


class TaskOutput:
    def __init__(self, text="", capture_fd=None):
        self.lines = text.splitlines()
        self.capture_fd = capture_fd

    def so_far(self):
        """A TaskOutput of what was printed until now (while main() still runs)."""
        sys.stdout.flush()
        size = os.fstat(self.capture_fd).st_size
        return TaskOutput(os.pread(self.capture_fd, size, 0).decode(errors="replace"))

    def workers(self):
        seen = [m.groups() for m in map(WORKER_LINE.match, self.lines) if m]
        pids = sorted({int(pid) for pid, _, _ in seen})
        threads = sorted({f"{pid}/{thread}" for pid, _, thread in seen})
        return {
            "tasks": len(seen),
            "pids": pids,
            "n_pids": len(pids),
            "threads": threads,
            "n_threads": len(threads),
        }

    def errors(self):
        problems = Counter(m.group(1) for m in map(ERROR_LINE.match, self.lines) if m)
        return {"count": sum(problems.values()), "by_problem": dict(problems)}

    def latencies(self):
        """{'raw_s': [...], 'n', 'p50_s', 'p90_s', 'p99_s', 'max_s',
        'first_decile_mean_s', 'rest_median_s'} of the answered requests (or the
        sieved numbers), in the order they finished; None without any."""
        answered = [m.groups() for m in map(ANSWERED_LINE.match, self.lines) if m]
        if not answered:
            return None
        raw = [float(seconds) for _, _, seconds in answered]
        sizes = [SIZE[noun](int(num)) for noun, num, _ in answered]
        p50, p90, p99 = (quantile(raw, q) for q in (0.5, 0.9, 0.99))
        return {
            "n": len(raw),
            "p50_s": p50,
            "p90_s": p90,
            "p99_s": p99,
            "max_s": max(raw),
            **warm_up(raw, sizes),
            "raw_s": raw,
        }


def warm_up(raw, sizes):
    """The mean time of the first tenth of the tasks, and the median of the
    others (a pause among them, a collection or a late compilation, is not the
    warm-up), each task's time scaled to the average task's size (a sieve of
    1,000 counts as a tenth of one of 10,000): None for both below ten tasks."""
    first = int(len(raw) * FIRST_SHARE)
    if not first:
        return {"first_decile_mean_s": None, "rest_median_s": None}
    average = sum(sizes) / len(sizes)
    scaled = [seconds * average / size for seconds, size in zip(raw, sizes, strict=True)]
    return {
        "first_decile_mean_s": sum(scaled[:first]) / first,
        "rest_median_s": quantile(scaled[first:], 0.5),
    }


@contextmanager
def captured_task_output():
    sys.stdout.flush()
    saved_stdout = os.dup(1)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 1)
        output = TaskOutput(capture_fd=capture.fileno())
        try:
            yield output
        finally:
            sys.stdout.flush()
            os.dup2(saved_stdout, 1)
            os.close(saved_stdout)
            capture.seek(0)
            text = capture.read().decode(errors="replace")
            sys.stdout.write(text)
            sys.stdout.flush()
            output.lines = text.splitlines()
