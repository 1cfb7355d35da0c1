"""Collect what the tasks print during the timed region.

Every task prints the article's line "<pid> - <process> - <thread>", and a
failed request an "ERROR ..." line. File descriptor 1 is pointed at a temporary
file while main() runs, so the lines of child processes (Pool, ProcessPool-
Executor workers) are caught too; afterwards they are copied to the job's log
and counted: which workers really ran tasks, and how many requests failed.
"""

import os
import re
import sys
import tempfile
from collections import Counter
from contextlib import contextmanager

ERROR_PREFIX = "ERROR"  # tasks.py starts a failed request's line with it

WORKER_LINE = re.compile(r"^(\d+) - (.+?) - (.+)$")
ERROR_LINE = re.compile(rf"^{ERROR_PREFIX} request \d+: (.+)$")


class TaskOutput:
    def __init__(self, text):
        self.lines = text.splitlines()

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


@contextmanager
def captured_task_output():
    sys.stdout.flush()
    saved_stdout = os.dup(1)
    with tempfile.TemporaryFile() as capture:
        os.dup2(capture.fileno(), 1)
        output = TaskOutput("")
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
