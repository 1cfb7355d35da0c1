"""One computed sentence per library model (catalog origin `library`): its
time against the standard-library model it stands in for (the catalog's
`instead_of`), on the same workload, the CPUs it kept busy, and what that
difference costs per task; dask also its cluster's start, measured outside
the timed region. Each family says what it does differently (LIBRARIES); the
numbers are all measured (summary.csv)."""

import pandas as pd

from concurrency_bench.words import format_seconds, interval, with_unit

# The library rows of the catalog, apart from the standard library's models.
ORIGIN = "library"


# What each family of library models does differently from the model it stands in for.
LIBRARIES = {
    "process pool (joblib)": (
        "loky starts its worker processes inside the timed region as the pool does, "
        "but sizes its batches as it goes (auto) where the pool sends Pool's chunks, "
        "and leaves its workers running past main() where the pool waits for them to end"
    ),
    "thread pool (joblib)": (
        "the same threads under the GIL, with joblib's batching and dispatch on top"
    ),
    "greenlets": (
        "one thread: the monkey-patched calls yield to the other greenlets where "
        "threads would block, and CPU work does not overlap"
    ),
    "structured asyncio": (
        "the same coroutines behind the same cap, in a task group that waits for "
        "all of them and cancels the others when one fails"
    ),
    "distributed": (
        "every task goes through the scheduler, one future each, where the pool sends Pool's chunks"
    ),
}


def counterpart(row, rows):
    """The standard-library model `row` stands in for, on its workload; None if it did not run."""
    found = rows[(rows["model"] == row.instead_of) & (rows["workload"] == row.workload)]
    return None if found.empty else found.iloc[0]


def cpus(value):
    return "an unmeasured number of CPUs" if pd.isna(value) else f"{value:.1f} CPUs"


def per_task(row, other):
    """'2.1 ms more per task' (the difference of the medians over the tasks)."""
    difference = (row.median_s - other.median_s) / int(row.n_tasks)
    more = "more" if difference >= 0 else "less"
    return f"{with_unit(abs(difference))} {more} per task"


def start_up(row):
    """dask's cluster start, outside the timed region (the record's prepare_s),
    and so what each task cost beyond the bound, (median - bound) / n: the
    scheduler's share, where the pool's time also holds its workers' start."""
    if pd.isna(getattr(row, "prepare_s", None)):
        return ""
    said = f"; its cluster started in {format_seconds(row.prepare_s)} s before the clock"
    if pd.isna(row.bound_s):
        return said
    beyond = (row.median_s - row.bound_s) / int(row.n_tasks)
    return (
        f"{said}, so it spent (median − bound) / n = {with_unit(beyond)} per task beyond "
        f"its bound of {format_seconds(row.bound_s)} s, in its scheduler and transfers"
    )


def sentence(row, rows):
    """`row`: a library model's summary row; `rows`: its workload's."""
    ci = interval(row.ci_low_s, row.ci_high_s, format_seconds)
    said = (
        f"`{row.experiment}` ({row.method}) took {format_seconds(row.median_s)} s "
        f"(95% CI {ci} s) at {cpus(row.parallelism)}"
    )
    differently = LIBRARIES[row.family]
    other = counterpart(row, rows)
    if other is None:
        return (
            f"{said}; `{row.instead_of}`, which it stands in for, did not run here{start_up(row)}."
        )
    ratio = row.median_s / other.median_s
    return (
        f"{said}: {ratio:.2f}× the time of `{other.experiment}` "
        f"({format_seconds(other.median_s)} s at {cpus(other.parallelism)}), "
        f"{per_task(row, other)} over its {int(row.n_tasks)} tasks{start_up(row)}. "
        f"{differently[0].upper()}{differently[1:]}."
    )


def sentences(rows):
    """A sentence per library model that ran on this workload, fastest first."""
    ran = rows[(rows["origin"] == ORIGIN) & rows["median_s"].notna()]
    return [sentence(row, rows) for row in ran.sort_values("median_s").itertuples()]
