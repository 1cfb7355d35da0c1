"""How every number of the tables, plots and report is written."""

import pandas as pd


def format_seconds(value):
    """About three significant digits, never scientific notation."""
    if pd.isna(value):
        return "–"
    return f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"


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
