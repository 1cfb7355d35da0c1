"""The sync loop's results as every model must return them, and what of the
work cannot be pickled (which only the models that pickle need).

Results that pickle are kept as they are and compared with ==. A result
that does not pickle cannot reach the model's job as itself: it is kept as
the digest of its repr, and the model's result is compared by its own. That
is sound only where the repr is the same in every process for equal
results: one naming a memory address ('<function <lambda> at 0x...>') or
printing a set (whose order follows the process's string hashes) is not,
and such a result is compared by its type alone; the record says how the
results were checked (results_checked).
"""

import hashlib
import pickle
import re
from dataclasses import dataclass, field

from concurrency_bench.core.traced import describe_item

# An object's address in its repr: another in every process.
ADDRESS = re.compile(r"\bat 0x[0-9a-fA-F]+")
# Values printed alike in every process, and how many others a result may hold.
SCALARS = (str, bytes, int, float, complex, type(None))
MAX_WALKED = 100_000
# How the results were checked, as the profile and each run's params say it.
EQUAL, BY_REPR, IN_PART = "equal", "repr", "in part"


def with_article(noun):
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def first_unpicklable(values):
    """(index, value, error) of the first of `values` that does not come back
    from pickle (as a worker would get it); None if all do."""
    for index, value in enumerate(values):
        try:
            pickle.loads(pickle.dumps(value))
        except Exception as error:  # noqa: BLE001 (the user's objects may raise anything)
            return index, value, error
    return None


def unpicklable(items, results, inputs_ref, task_ref):
    """What pickle refuses first, the items before the results: {'what', 'index',
    'type', 'error', 'said'}; None if everything pickles."""
    for what, values, ref in (("items", items, inputs_ref), ("results", results, task_ref)):
        found = first_unpicklable(values)
        if found:
            index, value, error = found
            kind = type(value).__name__
            return {
                "what": what,
                "index": index,
                "type": kind,
                "error": f"{type(error).__name__}: {error}",
                "said": f"{what} of `{ref}` cannot be pickled (item {index}: {with_article(kind)})",
            }
    return None


@dataclass(frozen=True)
class Kept:
    """A result kept without pickling it: by the digest of its repr, or by its type."""

    by: str  # "repr" or "type"
    value: str
    shown: str = field(default="", compare=False)

    def __repr__(self):  # what a message about a differing result shows of it
        return self.shown


def holds_a_set(value):
    """Whether `value`, or anything it holds (containers, attributes), is a set
    of other than integers: its repr's order may differ from one process to the next."""
    stack, seen = [value], set()
    while stack:
        value = stack.pop()
        if isinstance(value, SCALARS) or id(value) in seen:
            continue
        seen.add(id(value))
        if len(seen) > MAX_WALKED:  # too much to tell: not taken as printed alike
            return True
        if isinstance(value, (set, frozenset)):
            if not all(isinstance(member, int) for member in value):
                return True
        elif isinstance(value, dict):
            stack += [*value.keys(), *value.values()]
        elif isinstance(value, (list, tuple)):
            stack += value
        else:
            stack += list(getattr(value, "__dict__", {}).values())
    return False


def kept(result):
    """The result as kept for comparison: its repr's digest where that repr is
    the same in every process, else its type's name."""
    shown = describe_item(result)
    try:
        text = repr(result)
    except Exception:  # noqa: BLE001 (the user's __repr__ may raise anything)
        text = None
    if text is not None and not ADDRESS.search(text) and not holds_a_set(result):
        return Kept("repr", hashlib.sha256(text.encode("utf-8", "replace")).hexdigest(), shown)
    kind = type(result)
    return Kept("type", f"{kind.__module__}.{kind.__qualname__}", shown)


def to_keep(results, refused):
    """(what expected.pickle holds, how the models' results are checked): the
    results themselves if they pickle, else each as kept()."""
    if refused is None or refused["what"] != "results":
        return results, EQUAL
    digests = [kept(result) for result in results]
    return digests, BY_REPR if all(d.by == "repr" for d in digests) else IN_PART


def comparable(results, checked):
    """The model's results as the sync loop's were kept."""
    return results if checked in (EQUAL, None) else [kept(result) for result in results]
