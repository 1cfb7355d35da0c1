"""Without the GIL: the free-threaded builds of the matrix, the GIL off and
on, against the default builds, per workload (concurrency_bench.analysis.free_threading); left
out when the matrix has no free-threaded interpreter."""

import json

from concurrency_bench.report.section import Section


def context(report):
    with open(report.inputs["free_threading"]) as table:
        compared = json.load(table)
    if not compared:
        return None
    free = [build for build in compared["builds"] if build["free_threaded"]]
    return {"without_the_gil": {**compared, "free": free}}


SECTION = Section(
    "without_the_gil",
    125,  # after the interpreters side by side
    context,
    inputs=lambda config: {"free_threading": "results/free_threading.json"},
)
