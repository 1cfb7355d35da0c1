"""Checkpoint plan_repeats: how many runs each experiment of one label gets,
from the times of its first runs, and the order of all its runs (see
src/concurrency_bench/workflow/run_order.py), as results/<machine>/plan.json."""

import sys

from concurrency_bench.record.run_record import peek, write_json_atomically
from concurrency_bench.workflow import run_order
from concurrency_bench.workflow.rule_log import logging_to


def first_times(paths):
    """{experiment: [timed region of each first run that succeeded, seconds]}.
    A record that cannot be read counts as no time (the aggregation names it)."""
    times = {}
    for path in paths:
        record = peek(path)
        try:
            ok = (record.get("outcome") or {}).get("status", "ok") == "ok"
            elapsed_s = float(record["elapsed_s"]) if ok else None
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            print(f"warning: {path}: no time read ({error!r})", file=sys.stderr)
            continue
        times.setdefault(record["experiment"], []).append(elapsed_s)
    return times


def explain(plan):
    """One line per experiment: its first runs' median and the runs it gets."""
    for name, runs in plan["repeats"].items():
        median = plan["first_median_s"][name]
        said = "no time" if median is None else f"median of its first runs {median:.3f} s"
        print(
            f"{name}: {said} -> {runs} runs, {runs - plan['min_repeats']} more "
            f"(min_timed_s {plan['min_timed_s']}, repeats {plan['min_repeats']}, "
            f"max_repeats {plan['max_repeats']})",
            file=sys.stderr,
        )


params = snakemake.params
with logging_to(snakemake.log[0]):
    plan = run_order.make_plan(
        first_times(snakemake.input.records),
        list(params.experiments),
        params.repeats,
        params.min_timed_s,
        params.max_repeats,
        params.seed,
        params.key,
    )
    explain(plan)
    write_json_atomically(snakemake.output.plan, plan)
