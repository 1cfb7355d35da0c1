"""A workload's files, as the config names them (`path/to/file.py:function`):
read without running them before anything runs, then imported for a run.

The file's folder goes on sys.path and the file is imported by its name, so
that worker processes and sub-interpreters import the same function (a
sub-interpreter gets the folder with the task: concurrency_bench.core.traced).
"""

import ast
import importlib
import inspect
import pickle
import sys
from pathlib import Path

from concurrency_bench.core.traced import Traced, TracedAsync
from concurrency_bench.workloads.base import WorkloadError


def split_reference(reference, key):
    path, sep, name = str(reference).rpartition(":")
    if not sep or not path or not name.isidentifier():
        raise WorkloadError(f"config: {key}: {reference!r} is not path/to/file.py:function")
    return Path(path), name


def check_reference(reference, key, root=".", coroutine=False, async_key=None):
    """Refuse, naming `key`, a file that is missing or does not define the
    function, before anything runs (read, not imported: nothing of it runs);
    with `async_key`, a coroutine function too, which belongs there."""
    path, name = split_reference(reference, key)
    path = Path(root) / path
    if path.suffix != ".py" or not path.is_file():
        raise WorkloadError(f"config: {key}: {path} is not a Python file")
    try:
        tree = ast.parse(path.read_text(), filename=str(path))
    except SyntaxError as error:
        raise WorkloadError(f"config: {key}: {path} does not parse: {error}") from None
    defined = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            defined[node.name] = node
        elif isinstance(node, (ast.Assign, ast.ImportFrom, ast.Import)):
            targets = getattr(node, "targets", None) or node.names
            for target in targets:
                defined.setdefault(
                    getattr(target, "id", None)
                    or getattr(target, "asname", None)
                    or getattr(target, "name", None),
                    node,
                )
    if name not in defined:
        raise WorkloadError(f"config: {key}: {path} defines no function {name!r}")
    node = defined[name]
    if coroutine and isinstance(node, ast.FunctionDef):
        raise WorkloadError(
            f"config: {key}: {name} in {path} is not a coroutine function (async def)"
        )
    if async_key and isinstance(node, ast.AsyncFunctionDef):
        raise async_given(key, f"{name} in {path}", async_key)


def async_given(key, what, async_key):
    # Called, it would return a coroutine, never a result: the sync models cannot run it.
    return WorkloadError(
        f"config: {key}: {what} is a coroutine function (async def): give it as "
        f"{async_key}, and a plain function as {key.rpartition('.')[2]}"
    )


def load_reference(reference, key):
    """The object `reference` names, imported; WorkloadError naming `key`."""
    path, name = split_reference(reference, key)
    path = path.resolve()
    if not path.is_file():
        raise WorkloadError(f"config: {key}: {path} is not a file")
    folder = str(path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    try:
        module = importlib.import_module(path.stem)
    except Exception as error:  # noqa: BLE001 (the user's code may raise anything)
        raise WorkloadError(
            f"config: {key}: importing {path} failed: {type(error).__name__}: {error}"
        ) from None
    if Path(getattr(module, "__file__", "") or "").resolve() != path:
        raise WorkloadError(
            f"config: {key}: the module name {path.stem!r} is taken by {module.__file__}; rename {path.name}"
        )
    if not hasattr(module, name):
        raise WorkloadError(f"config: {key}: {path} defines no {name!r}")
    return getattr(module, name)


def load_items(reference, key):
    inputs = load_reference(reference, key)
    if not callable(inputs):
        raise WorkloadError(f"config: {key}: {reference} is not a function")
    try:
        items = list(inputs())
    except TypeError as error:
        raise WorkloadError(
            f"config: {key}: {reference}() did not return an iterable of items ({error})"
        ) from None
    if not items:
        raise WorkloadError(f"config: {key}: {reference}() returned no items")
    return items


def article_task(name):
    """A task of the article's tasks (concurrency_bench.tasks), as its
    scripts import it: by reference, so that it pickles for worker processes."""
    from concurrency_bench import tasks  # loads requests: only once a run asks

    return getattr(tasks, name)


def pickle_problem(task):
    """Why worker processes and sub-interpreters cannot get the task
    ('PicklingError: ...'), or None if it pickles."""
    try:
        pickle.loads(pickle.dumps(task))
    except Exception as error:  # noqa: BLE001 (the user's code may raise anything)
        return f"{type(error).__name__}: {error}"
    return None


def load_task(reference, key, coroutine=False):
    task = load_reference(reference, key)
    if coroutine and not inspect.iscoroutinefunction(task):
        raise WorkloadError(f"config: {key}: {reference} is not a coroutine function (async def)")
    if not coroutine and not callable(task):
        raise WorkloadError(f"config: {key}: {reference} is not a function")
    if not coroutine and inspect.iscoroutinefunction(task):
        raise async_given(key, reference, f"{key.rpartition('.')[0]}.task_async")
    folder = str(split_reference(reference, key)[0].resolve().parent)
    return (TracedAsync if coroutine else Traced)(task, folder)
