"""The models of a workload of `any` ranked, fastest first (its page's
ranking, concurrency_bench.report.workload_pages): each one's median, its CI,
its speedup against the sync loop, the parallelism it reached; why a model
was not measured, and what its task left running."""

import pandas as pd

from concurrency_bench.analysis.choice import by_speed
from concurrency_bench.run import leftovers
from concurrency_bench.words import format_seconds, format_speedup, interval


def cpus(value):
    """'1.0 CPU', '1.9 CPUs': the parallelism as the sentences say it."""
    if pd.isna(value):
        return "an unmeasured number of CPUs"
    text = f"{value:.1f}"
    return f"{text} CPU" if text == "1.0" else f"{text} CPUs"


def ranking(rows):
    """Fastest first: median, its CI, speedup against the sync loop with its
    CI, and the parallelism reached."""
    said = []
    for row in by_speed(rows).itertuples():
        left = left_text(row)
        if pd.isna(row.median_s):
            why = text_or_none(row, "skipped_reason") or text_or_none(row, "failed_reason")
            said.append(
                f"`{row.experiment}` ({row.method}): not measured, {why or 'no run'}.{left}"
            )
            continue
        ci = interval(row.ci_low_s, row.ci_high_s, format_seconds)
        said.append(
            f"`{row.experiment}` ({row.method}): {format_seconds(row.median_s)} s "
            f"(95% CI {ci} s), {speedup_text(row)}, parallelism {cpus(row.parallelism)}.{left}"
        )
    return said


def text_or_none(row, column):
    value = getattr(row, column, None)
    return value if isinstance(value, str) else None


def left_text(row):
    """' After a run, the task left 1 process running (sleep); it was ended.', or ''."""
    n = getattr(row, "left_running", None)
    if n is None or pd.isna(n) or not n:
        return ""
    left = {"n": int(n), "names": (text_or_none(row, "left_running_names") or "?").split(", ")}
    return f" After a run, {leftovers.said(left)}."


def speedup_text(row):
    if row.experiment == row.baseline:
        return "the baseline"
    ci = interval(row.speedup_ci_low, row.speedup_ci_high, format_speedup)
    return f"{format_speedup(row.speedup)} the sync loop (95% CI {ci})"
