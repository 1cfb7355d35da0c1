"""The user's task as the models call it: a failure names its item.

Kept apart, with no imports of the project's, so that a sub-interpreter or a
spawned worker that unpickles a Traced task loads nothing else of it.

It also counts the items done, for a run stopped at its deadline: each
interpreter that runs the task (the job's, a worker process's, a
sub-interpreter's) keeps its count in a file of its own, mapped in memory, in
the folder DONE_FOLDER names: no system call an item. The job sums them.
"""

import os
import threading

DONE_FOLDER = "CONCURRENCY_BENCH_DONE"


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
    """This interpreter's count of items done, in the memory its file maps
    (or in memory alone without a folder). Threads that finish at once may
    lose a count between them: the count is told, never used to measure."""

    cell = None  # memoryview of one int64; None until the first item
    starting = threading.Lock()  # the threads' first items: one of them maps the file

    @classmethod
    def start(cls):
        with cls.starting:
            if cls.cell is None:
                cls.cell = cls.mapped()
        return cls.cell

    @staticmethod
    def mapped():
        import mmap
        import tempfile

        folder = os.environ.get(DONE_FOLDER)
        if folder and os.path.isdir(folder):
            handle, _ = tempfile.mkstemp(dir=folder)
            os.ftruncate(handle, 8)
            shown = mmap.mmap(handle, 8)
            os.close(handle)
        else:
            shown = bytearray(8)
        return memoryview(shown).cast("q")

    @classmethod
    def forget(cls):
        """In a forked child: a count of its own, from its first item."""
        cls.cell, cls.starting = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    try:
        os.register_at_fork(after_in_child=Done.forget)
    except RuntimeError:  # a sub-interpreter may not: it never forks
        pass


def one_done():
    (Done.cell or Done.start())[0] += 1


def count_done_in(folder):
    """In the job, before the run: every interpreter that runs the task counts in `folder`."""
    os.environ[DONE_FOLDER] = str(folder)
    Done.forget()


def items_done():
    """The items done so far, by every interpreter that ran the task."""
    folder = os.environ.get(DONE_FOLDER)
    if not folder or not os.path.isdir(folder):
        return 0
    total = 0
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), "rb") as shown:
            total += int.from_bytes(shown.read(8).ljust(8, b"\0"), "little")
    return total


def stop_counting():
    """Forget the folder and remove it (a run that leaves at its deadline)."""
    import shutil

    folder = os.environ.pop(DONE_FOLDER, None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
