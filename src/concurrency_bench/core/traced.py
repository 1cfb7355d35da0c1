"""The user's task as the models call it: a failure names its item.

Kept apart, with no imports of the project's, so that a sub-interpreter or a
spawned worker that unpickles a Traced task loads nothing else of it.

It also counts the items done, for a run stopped at its deadline: in the
job's process a counter; a worker process adds a byte an item to the file
that DONE_FILE names (the job's count is its own plus the file's size).
"""

import os

DONE_FILE = "CONCURRENCY_BENCH_DONE"


class TaskFailed(Exception):
    """A task raised: which item, and what (a plain message, so that it
    crosses from a worker process or a sub-interpreter intact)."""


def describe_item(item, limit=80):
    text = repr(item)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


class Traced:
    """The user's task, raising TaskFailed naming the item it failed on.

    Pickled as the task's module, name and folder: a sub-interpreter starts
    with the sys.path of the interpreter's start, without the folder the
    workload's file was imported from, so the folder travels with the task."""

    def __init__(self, task, folder=None):
        self.task, self.folder = task, folder

    def __reduce__(self):
        name = getattr(self.task, "__qualname__", "<none>")
        if "<" in name:  # a lambda or a nested function: pickle's own rules apply
            return type(self), (self.task, self.folder)
        return rebuild, (type(self), self.folder, self.task.__module__, name)

    def __call__(self, item):
        try:
            result = self.task(item)
        except Exception as error:  # noqa: BLE001 (the user's code may raise anything)
            raise TaskFailed(
                f"item {describe_item(item)}: {type(error).__name__}: {error}"
            ) from None
        one_done()
        return result


def rebuild(kind, folder, module, name):
    """A Traced task in another process or interpreter: its folder on sys.path first."""
    import importlib
    import sys

    if folder and folder not in sys.path:
        sys.path.insert(0, folder)
    task = importlib.import_module(module)
    for part in name.split("."):
        task = getattr(task, part)
    return kind(task, folder)


class TracedAsync(Traced):
    async def __call__(self, item):
        try:
            result = await self.task(item)
        except Exception as error:  # noqa: BLE001 (the user's code may raise anything)
            raise TaskFailed(
                f"item {describe_item(item)}: {type(error).__name__}: {error}"
            ) from None
        one_done()
        return result


class Done:
    """The items done in this process; `fd`, in a worker, the job's file."""

    count = 0
    fd = None
    pid = None  # the process that opened fd

    @classmethod
    def open_in_worker(cls):
        job, _, path = os.environ.get(DONE_FILE, "").partition(":")
        cls.pid = os.getpid()
        if path and job != str(cls.pid):
            cls.fd = os.open(path, os.O_WRONLY | os.O_APPEND)


def one_done():
    Done.count += 1
    if Done.pid != os.getpid():  # first item of this process (a fork or spawn)
        Done.open_in_worker()
    if Done.fd is not None:
        os.write(Done.fd, b".")


def count_done_in_workers(path):
    """In the job: its worker processes add to `path` (created empty) as they finish items."""
    open(path, "wb").close()
    os.environ[DONE_FILE] = f"{os.getpid()}:{path}"


def stop_counting():
    """Remove the workers' file and its folder (a run that leaves at its deadline)."""
    import shutil

    path = os.environ.pop(DONE_FILE, "").partition(":")[2]
    if path:
        shutil.rmtree(os.path.dirname(path), ignore_errors=True)


def items_done():
    """The items done so far: this process's and its workers'."""
    path = os.environ.get(DONE_FILE, "").partition(":")[2]
    return Done.count + (os.path.getsize(path) if path else 0)
