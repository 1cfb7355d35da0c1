"""The user's task as the models call it: a failure names its item.

Kept apart, with no imports, so that a sub-interpreter or a spawned worker
that unpickles a Traced task loads nothing else of the project.
"""


class TaskFailed(Exception):
    """A task raised: which item, and what (a plain message, so that it
    crosses from a worker process or a sub-interpreter intact)."""


def describe_item(item, limit=80):
    text = repr(item)
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


class Traced:
    """The user's task, raising TaskFailed naming the item it failed on."""

    def __init__(self, task):
        self.task = task

    def __call__(self, item):
        try:
            return self.task(item)
        except Exception as error:
            raise TaskFailed(f"item {describe_item(item)}: {type(error).__name__}: {error}") from None


class TracedAsync(Traced):
    async def __call__(self, item):
        try:
            return await self.task(item)
        except Exception as error:
            raise TaskFailed(f"item {describe_item(item)}: {type(error).__name__}: {error}") from None
