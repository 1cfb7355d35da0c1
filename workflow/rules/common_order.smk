# Repeats sized to the run, and the order of the runs (bench/run_order.py).
#
# Phase 1: `repeats` runs of each experiment of a measured label, interleaved
# in a seeded order. The checkpoint plan_repeats then reads their times and
# writes results/<machine>/plan.json: the runs each experiment gets in all
# (config keys min_timed_s, max_repeats) and the order of all of them. Phase 2:
# the extra runs, interleaved. The aggregation reads the plan to know its
# records. Sweep points keep Snakemake's own order.
#
# The order is enforced with job priorities (a function of the run, Snakemake
# >= 9): every benchmark job claims the one benchmark_slot, so among the ready
# runs the scheduler always starts the first in the order. Neither a priority
# nor the plan is part of a run job's provenance (input files, params, code),
# so a new order or plan never marks a measured run as changed; the run's
# place reaches it as --run-index, which is read back from the record once
# measured (a record measured before run indices existed keeps none).
import json
import os

from bench import run_order
from bench.record import peek

PLAN = "results/{machine}/plan.json"


def order_key(machine):
    """What sets one measured label's order apart from another's of the same
    config: its interpreter's label (none for the default one), not the host's
    name, so that two machines measured with one config run the same order."""
    return PYTHON_OF_MACHINE.get(machine, "")


# Phase 1 of each measured label: {(experiment, repeat): run_index}.
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
# The host descriptions go first (RUN_PRIORITY), sweep points after the runs
# that are ready (priority 0).
RUN_PRIORITY = (
    len(MEASURED) * len(EXPERIMENTS) * max(config["repeats"], config["max_repeats"]) + 1
)
_plans = {}


def read_plan(path):
    """A plan file's content, read once per version of the file."""
    stat = os.stat(path)
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    if key not in _plans:
        with open(path) as plan_file:
            plan = json.load(plan_file)
        plan["index"] = {
            (run["experiment"], run["repeat"]): run["run_index"]
            for run in plan["order"]
        }
        _plans[key] = plan
    return _plans[key]


def current_plan(machine):
    """A measured label's plan once the checkpoint has made it (and it is up
    to date); until then the aggregation waits for it."""
    return read_plan(checkpoints.plan_repeats.get(machine=machine).output.plan)


def run_index(machine, experiment, repeat):
    """A run's place in its label's order; None outside the order (a run asked
    for by hand beyond the plan, or before the plan exists)."""
    if repeat <= config["repeats"]:
        return FIRST_PHASE[machine].get((experiment, repeat))
    # The plan file itself, not the checkpoint's state: a cluster job, which
    # parses the workflow again, knows nothing of the checkpoint. The workflow
    # asks for the extra runs only once the plan is up to date.
    plan = PLAN.format(machine=machine)
    if not os.path.exists(plan):
        return None
    return read_plan(plan)["index"].get((experiment, repeat))


def recorded_run_index(path):
    """The place a record keeps (None if measured before run indices existed);
    False if the record cannot be read or does not say."""
    record = peek(path)
    if record is not None and "run_index" in record:
        return record["run_index"]
    return False


def get_run_args(wildcards):
    """A run's command line: its experiment's options and its place in the
    order, as its record keeps it once measured, so that the job of a measured
    run never looks changed to Snakemake, whatever the order is now. (An
    unreadable record gets its place in the order: the aggregation names it.)"""
    record = RECORD.format(**wildcards)
    index = recorded_run_index(record) if os.path.exists(record) else False
    if index is False:
        index = run_index(
            wildcards.machine, wildcards.experiment, int(wildcards.repeat)
        )
    words = get_experiment_args(wildcards)
    return words if index is None else [*words, "--run-index", str(index)]


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


def planned_records(machine):
    """A measured label's records: as many runs of each experiment as its plan gives."""
    planned = current_plan(machine)["repeats"]
    return [
        RECORD.format(machine=machine, experiment=experiment, repeat=repeat)
        for experiment in experiments_of(machine)
        for repeat in range(1, planned.get(experiment, config["repeats"]) + 1)
    ]
