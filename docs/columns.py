"""The CSV reference (docs/reference/csv.md): runs.csv's columns, each traced
to the run record's field it is read from (by flattening a record whose every
value is its own path) and described there, or by the workload's declaration;
summary.csv's, described by the declarations, the catalog, or below."""

import re

from concurrency_bench import workloads
from concurrency_bench.analysis import noise, runs, summary
from concurrency_bench.record import parameters

# summary.csv's columns that the analysis computes (concurrency_bench.analysis.summary,
# peak_memory): what each holds. tests/test_docs.py checks that these and the
# declared ones are every column a summary has.
COMPUTED = {
    "experiment": "the catalog's name",
    "workload": "what its tasks do (`src/concurrency_bench/workloads/`)",
    "method": "how the report names its method",
    "n": "successful runs the statistics are computed from",
    "median_s": "median time of the timed region, seconds",
    "ci_low_s": "95% bootstrap CI of the median, low end",
    "ci_high_s": "95% bootstrap CI of the median, high end",
    "min_s": "fastest run",
    "max_s": "slowest run",
    "q1_s": "first quartile",
    "q3_s": "third quartile",
    "iqr_s": "interquartile range",
    "mean_s": "mean time",
    "std_s": "standard deviation",
    "cv": "coefficient of variation, std / mean",
    "n_outliers": "runs beyond Tukey's fences (1.5 IQR)",
    "outlier_repeats": "the repeats of those runs",
    "ci_halfwidth": "how far the median's CI reaches, as a share of the median (the wider side)",
    "unstable": "cv above `analysis.max_cv` or ci_halfwidth above `analysis.max_ci_halfwidth`",
    "loadavg_max_before": "highest 1-minute load average before a run",
    "concurrency": "max_workers for HTTP runs, the workers (or tasks in flight) otherwise",
    "errors": "failed requests, all runs",
    "failed": "runs that failed (a sweep point's failed outcome)",
    "failed_reason": "why, as the first failed run says",
    "left_running": "the most processes a run's task left running (ended after the run)",
    "left_running_names": "their command names, in the run that left the most",
    "skipped_reason": "why the model did not run here (skipped runs)",
    "client_cpu_s": "CPU time of the client and its workers in the timed region, median",
    "parallelism": "CPU seconds per wall second of the timed region (the CPUs kept busy), median",
    "client_cpu_share": "the same number, by the name the scale study and the claims read",
    "cpu_ms_per_request": "client CPU per task, milliseconds",
    "kib_per_in_flight": "memory grown over the run per task in flight, KiB",
    "memory_peak_kib": "peak PSS of the process tree, KiB, median",
    "memory_base_kib": "PSS of the tree just before the timed region, KiB",
    "memory_peak_uss_kib": "USS of the tree at the peak, KiB",
    "memory_peak_processes": "processes summed at the peak",
    "memory_peak_client_kib": "the client's own PSS at the peak, KiB",
    "memory_grown_kib": "peak over the base, KiB",
    "latency_p50_s": "median task latency",
    "latency_p99_s": "99th percentile task latency",
    "target_cpu_share": "the embedded target's CPU time per wall second, the most of any run",
    "prepare_s": "what prepare() took outside the timed region (dask: its cluster's start)",
    "concurrency_reason": "how the run came to its concurrency",
    "gil_enabled": "whether the GIL was on (measured after the task's imports)",
    "usable_cpus": "the fewest CPUs the runs could use (`os.sched_getaffinity`)",
    "baseline": "the catalog's baseline: its speedup is against it",
    "family": "the catalog's family",
    "origin": "the catalog's origin",
    "model": "its script, `scripts/<model>.py`",
    "instead_of": "a library's model: the standard library's it stands in for",
    "kind": "its kind of model (`src/concurrency_bench/models/`)",
    "speedup": "the baseline's median over this one's",
    "speedup_ci_low": "95% bootstrap CI of the speedup, low end",
    "speedup_ci_high": "95% bootstrap CI of the speedup, high end",
    "speedup_p": "two-sided Mann-Whitney U p-value, the baseline's runs against these",
    "bound_s": "the best time its parameters allow (its workload's `bound()`)",
    "waves_or_cpus": "waves of requests (http), or CPUs at work (the others)",
    "efficiency": "bound_s / median_s",
    "memory_over_baseline_kib": "peak memory above the baseline's, KiB",
    "memory_extra_processes": "processes at the peak beyond the baseline's",
    "memory_client_over_baseline_kib": "the client's own peak above the baseline's, KiB",
}
# runs.csv's columns computed from the records rather than read from one field.
DERIVED = {
    "parallelism": "CPU seconds of the client and its workers per wall second of the timed region",
    "disturbance": "what disturbed the run beyond `analysis.max_disturbance`, in words",
    "disturbed": "other processes' CPU time plus steal beyond `analysis.max_disturbance` of a core",
    "excluded": "left out of every statistic (`analysis.exclude_disturbed`)",
}
assert set(noise.COLUMNS) <= set(DERIVED)
CELL = re.compile(r"\$\.([a-z0-9_.-]+)")


class Path(str):
    """A stand-in record: every field of it, at any depth, is its own path
    ('$environment.hostname'), so flattening it tells where each column comes from."""

    def __getitem__(self, key):
        return Path(f"{self}.{key}") if isinstance(key, str) else self

    def get(self, key, default=None):
        return self[key]

    def items(self):
        return [(self, 1)]

    def __iter__(self):
        return iter([str(self)])


def record_paths():
    """{runs.csv column: the record field it is read from}."""
    found = {}
    for column, value in runs.flatten(Path("$")).items():
        match = CELL.search(str(value))
        found[column] = match.group(1) if match else ""
    return found


def described(declared):
    schema = getattr(declared, "schema", None) or {}
    return (
        schema.get("description")
        or declared.recorded.get("description")
        or getattr(declared, "help", "")
        or ""
    )


def record_description(path, schema_keys):
    """The description of a record field, else of the nearest block holding it."""
    parts = path.split(".")
    while parts:
        node = schema_keys.get(".".join(parts), {})
        if node.get("description"):
            return node["description"]
        parts.pop()
    return ""


def csv_page():
    from generate import NOTE, cell, keys

    schema_keys = dict(keys(parameters.record_schema()))
    declared = parameters.declarations()
    by_key = {d.key: d for d in declared.values()}
    lines = [
        "# The CSV tables",
        "",
        NOTE.format(source="the record schema, the declarations and `docs/columns.py`"),
    ]
    lines += ["## runs.csv", "", "One row per run, `results/<machine>/runs.csv`.", ""]
    lines += ["| column | read from | description |", "|---|---|---|"]
    paths = record_paths()
    for column in runs.COLUMNS:
        path = paths.get(column, "")
        key = path.removeprefix("params.")
        if column in DERIVED:
            said, source = DERIVED[column], "computed"
        elif path.startswith("params.") and key in by_key:
            said, source = described(by_key[key]), f"`{path}`"
        else:
            said, source = record_description(path, schema_keys), f"`{path}`" if path else ""
        lines.append(f"| `{column}` | {source} | {cell(said)} |")
    lines += [
        "",
        "## summary.csv",
        "",
        "One row per experiment, `results/<machine>/summary.csv`.",
        "",
    ]
    lines += ["| column | description |", "|---|---|"]
    for column in summary_columns():
        said = COMPUTED.get(column) or (described(declared[column]) if column in declared else "")
        if not said and column in workloads.option_names():
            said = "the catalog's option of that name (its workload's knob)"
        lines.append(f"| `{column}` | {cell(said)} |")
    return "\n".join(lines) + "\n"


def summary_columns():
    """summary.csv's columns, in its order: what summarize() writes."""
    named = [*COMPUTED]
    first = named[: named.index("gil_enabled") - 1]
    declared = [c for c in summary.PARAMETERS if c not in COMPUTED]
    catalog = [
        "baseline",
        "family",
        "origin",
        "model",
        "instead_of",
        "kind",
        *workloads.option_names(),
    ]
    rest = [c for c in named if c not in first and c not in catalog]
    return list(dict.fromkeys([*first, *declared, *catalog, *rest]))
