# The repeats of each run and their order: the benchmark rules' input
# functions and priorities (the logic is src/concurrency_bench/workflow/run_order.py's).
import json
import os

from concurrency_bench.workflow import run_order

# --- repeats sized to the run, and the order of the runs (src/concurrency_bench/workflow/run_order.py) -------
#
# Phase 1: `repeats` runs of each experiment of a measured label, interleaved
# in a seeded order. The checkpoint plan_repeats then reads their times and
# writes results/<machine>/plan.json: the runs each experiment gets in all
# (min_timed_s, max_repeats) and the order of all of them. Phase 2: the extra
# runs, interleaved. The order is enforced with job priorities: every
# benchmark job claims the one benchmark_slot, so among the ready runs the
# scheduler starts the first in the order. Sweep points keep Snakemake's own
# order. Neither a priority nor the plan reruns a measured run.

PLAN = "results/{machine}/plan.json"


def order_key(machine):
    """What sets one measured label's order apart from another's of the same
    config: its interpreter's label (none for the default one), not the host's
    name, so that two machines measured with one config run the same order."""
    return PYTHON_OF_MACHINE.get(machine, "")


FIRST_PHASE = {
    machine: {
        (run["experiment"], run["repeat"]): run["run_index"]
        for run in run_order.run_order(
            experiments_of(machine),
            config["repeats"],
            config["order_seed"],
            order_key(machine),
        )
    }
    for machine in MEASURED
}
# Runs are ordered across labels too: run i of each label, then run i + 1...
# The host descriptions and profiles go first, sweep points after the runs
# that are ready (priority 0).
RUN_PRIORITY = (
    len(MEASURED) * len(EXPERIMENTS) * max(config["repeats"], config["max_repeats"]) + 1
)


def read_plan(path):
    with open(path) as plan_file:
        plan = json.load(plan_file)
    return {
        (run["experiment"], run["repeat"]): run["run_index"] for run in plan["order"]
    }, plan


def run_index(machine, experiment, repeat):
    """A run's place in its label's order; None outside the order (a run asked
    for by hand beyond the plan, or before the plan exists). The plan file
    itself, not the checkpoint's state: a cluster job, which parses the
    workflow again, knows nothing of the checkpoint."""
    if repeat <= config["repeats"]:
        return FIRST_PHASE[machine].get((experiment, repeat))
    plan = PLAN.format(machine=machine)
    return (
        read_plan(plan)[0].get((experiment, repeat)) if os.path.exists(plan) else None
    )


def get_run_priority(wildcards):
    """The first run in the order goes first: i-th of every label, then (i+1)-th."""
    index = run_index(wildcards.machine, wildcards.experiment, int(wildcards.repeat))
    if index is None:
        return 0
    place = (index - 1) * len(MEASURED) + MEASURED.index(wildcards.machine)
    return RUN_PRIORITY - 1 - place


def get_first_records(wildcards):
    """Phase 1 of a measured label: what the plan is made from."""
    return expand(
        RECORD,
        machine=wildcards.machine,
        experiment=experiments_of(wildcards.machine),
        repeat=REPEATS,
    )


def get_run_records(wildcards):
    """A measured label's records: as many runs of each experiment as its plan
    gives (once the checkpoint has made it); another machine's as found."""
    machine = wildcards.machine
    if machine not in MEASURED:
        found = glob_wildcards(
            f"results/{machine}/runs/{{experiment}}/{{repeat,\\d+}}.json"
        )
        return sorted(
            RECORD.format(machine=machine, experiment=experiment, repeat=repeat)
            for experiment, repeat in zip(found.experiment, found.repeat)
        )
    plan = checkpoints.plan_repeats.get(machine=machine).output.plan
    planned = read_plan(plan)[1]["repeats"]
    return [
        RECORD.format(machine=machine, experiment=experiment, repeat=repeat)
        for experiment in experiments_of(machine)
        for repeat in range(1, planned.get(experiment, config["repeats"]) + 1)
    ]
