"""How every number of the tables, plots and report is written, and the
words that the workloads' sentences (their `say` modules) and the report share."""

import math

import pandas as pd

from concurrency_bench import models
from concurrency_bench.core.environment import name_of


def format_seconds(value):
    """About three significant digits, never scientific notation."""
    if pd.isna(value):
        return "–"
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


def gil_state(free_threaded, gil_enabled):
    """' free-threaded, GIL off' (or on) for a free-threaded build's run, else ''."""
    if pd.isna(free_threaded) or str(free_threaded) not in ("True", "1"):
        return ""
    return f" free-threaded, GIL {'on' if models.gil_on(gil_enabled) else 'off'}"


def python_names(runs):
    """Each run's Python as the report names it (concurrency_bench.core.environment.name_of):
    'CPython 3.12.1', 'PyPy 8.0.1 (Python 3.11.17)'; a free-threaded build's
    with its GIL's state: 'CPython 3.14.0 free-threaded, GIL off'."""
    implementation = runs.get("python_implementation", pd.Series("Python", index=runs.index))
    own = runs.get("implementation_version", pd.Series(None, index=runs.index, dtype=object))
    free = runs.get("free_threaded", pd.Series(None, index=runs.index, dtype=object))
    gil = runs.get("gil_enabled", pd.Series(None, index=runs.index, dtype=object))
    return pd.Series(
        [
            name_of(i, None if pd.isna(o) else o, language) + gil_state(f, g)
            for i, o, language, f, g in zip(
                implementation.fillna("Python"),
                own,
                runs["python_version"].astype(str),
                free,
                gil,
                strict=True,
            )
        ],
        index=runs.index,
        dtype=object,
    )


def interpreter_of(python):
    """'PyPy 8.0.1' of a python_names name, 'PyPy 8.0.1 (Python 3.11.17)';
    'CPython 3.12.1' as it is."""
    return str(python).split(" (Python ")[0]


def implementation_of(python):
    """'PyPy' of a python_names name, 'PyPy 8.0.1 (Python 3.11.17)'."""
    return str(python).split()[0]


def with_unit(value):
    """A duration in the unit that keeps it readable: '0.975 s', '14.5 ms', '0.471 µs'."""
    for unit, scale in (("s", 1), ("ms", 1e3), ("µs", 1e6)):
        if abs(value) * scale >= 1 or unit == "µs":
            return f"{format_seconds(value * scale)} {unit}"


def format_speedup(value):
    if pd.isna(value):
        return "–"
    digits = 0 if value >= 100 else 1 if value >= 1 else 2
    return f"{value:.{digits}f}×"


def interval(low, high, format_value):
    return f"{format_value(low)}–{format_value(high)}"


def percent(value, digits=0):
    return "–" if pd.isna(value) else f"{100 * value:.{digits}f}%"


def plural(n, word):
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word}{'es' if word.endswith('s') else 's'}"


def distinct(values):
    """The distinct values joined: one value when every run agrees."""
    return ", ".join(str(value) for value in pd.unique(values.dropna()))


def format_p(value):
    """A p-value: two significant digits, '<0.001' below that, '–' if none."""
    if pd.isna(value):
        return "–"
    return "<0.001" if value < 0.001 else f"{value:.2g}"


# A run of threads (or coroutines) that kept more CPUs than this busy ran its
# task in parallel: the task lets go of the GIL.
PARALLEL = 1.2
# A task on the CPU more than this share of its time holds the GIL for most of it.
CPU_HEAVY = 0.5


def outcome(row):
    median = f"measured {format_seconds(row.median_s)} s"
    if math.isnan(row.bound_s):
        return f"{median} (no bound: a real target's latency is not a parameter)."
    return (
        f"bound {format_seconds(row.bound_s)} s, {median}, {100 * row.efficiency:.0f}% efficient."
    )


def busy(row):
    """'parallelism 1.92 CPUs of 2 usable': the runs' CPU seconds per wall second."""
    if pd.isna(row.parallelism):
        return "parallelism not measured"
    return f"parallelism {row.parallelism:.2f} CPUs of {row.usable_cpus} usable"
