"""One generated sentence per experiment: what its parameters allowed (the
bound of bounds.py) and what it measured, e.g.

  ThreadPoolExecutor ran 6 workers (ThreadPoolExecutor() default max_workers
  = 6 (os.cpu_count() = 2)), so 17 waves of requests: bound 1.7 s, measured
  1.74 s, 98% efficient.

Each workload says it its own way (the `say` module of its package,
src/concurrency_bench/workloads/<name>/say.py); here are the words they share. What a model
runs its tasks on, and whether they share the GIL, is its kind's to say
(concurrency_bench.models).
"""

from concurrency_bench.analysis import peak_memory
from concurrency_bench.analysis.says import says
from concurrency_bench.words import format_seconds, plural

# What starting a worker costs with each start method (src/concurrency_bench/analysis/start_costs.py).
START_METHODS = {
    "spawn": "starts a fresh interpreter for every worker, which imports the script's module",
    "forkserver": "forks the workers from one fresh interpreter per run, which imported "
    "the script's module",
    "fork": "copies the parent's page tables and imports nothing",
}


def start_cost_sentence(row):
    """What starting a worker cost, measured: a row of a sweep over start_method
    (src/concurrency_bench/analysis/start_costs.py: the difference of the medians over the workers)."""
    method, reference, workers = row.value, row.reference, row.workers
    measured = f"(median with {method} - median with {reference}) / {plural(workers, 'worker')}"
    ci = (
        f"95% CI {format_seconds(row.start_cost_ci_low_s)}–"
        f"{format_seconds(row.start_cost_ci_high_s)} s"
    )
    if row.start_cost_ci_low_s <= 0 <= row.start_cost_ci_high_s:
        cost = f"no measurable start cost beside {reference} ({ci}; {measured})"
    else:
        more = "more" if row.start_cost_s > 0 else "less"
        cost = (
            f"{format_seconds(abs(row.start_cost_s))} s {more} per worker to start than "
            f"{reference} ({ci}; {measured})"
        )
    why = f"; {method} {START_METHODS[method]}" if method in START_METHODS else ""
    return f"{row.method} with {method}: {cost}{why}."


def sentence(row):
    """`row`: a summary row (itertuples) with its bound and efficiency; or why
    its runs were skipped. Its memory follows what its workload says."""
    if isinstance(getattr(row, "skipped_reason", None), str):
        return f"{row.method}: skipped, {row.skipped_reason}."
    said = says(row.workload).sentence(row)
    return " ".join(filter(None, (said, peak_memory.sentence(row))))
