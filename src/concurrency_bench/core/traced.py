"""The user's task as the models call it: a failure names its item.

Kept apart, with no imports at its top, so that a sub-interpreter or a spawned worker
that unpickles a Traced task loads nothing else of the project.
"""


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
            return self.task(item)
        except Exception as error:  # noqa: BLE001 (the user's code may raise anything)
            raise TaskFailed(
                f"item {describe_item(item)}: {type(error).__name__}: {error}"
            ) from None


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
            return await self.task(item)
        except Exception as error:  # noqa: BLE001 (the user's code may raise anything)
            raise TaskFailed(
                f"item {describe_item(item)}: {type(error).__name__}: {error}"
            ) from None
