# Said, or refused, before the first job: records a rerun would overwrite,
# the experiments a label's Python cannot run, the least duration.
import os
import sys

from snakemake.exceptions import WorkflowError

from concurrency_bench.workflow.guard import runs_measured_otherwise

# --- said before the first job --------------------------------------------------------


def runs_asked_for():
    """(label, folder of its records, catalog row, options, runs at least) of every
    experiment, twin run without the memory sampler and sweep point of every
    measured label: `repeats`, the ablation's pairs or `sweep_repeats` runs each
    (min_timed_s may add more to the first)."""
    for machine in MEASURED:
        for experiment in experiments_of(machine):
            options = get_experiment_options(experiment, machine)
            folder = f"results/{machine}/runs/{experiment}"
            yield machine, folder, CATALOG[experiment], options, config["repeats"]
            if experiment in SAMPLER_ABLATION:  # its twins with the memory sampler off
                folder = f"results/{machine}/unsampled/{experiment}"
                pairs = SAMPLER_ABLATION[experiment]
                yield machine, folder, CATALOG[experiment], options, pairs
        for sweep in SWEEPS:
            for experiment in sweep_experiments(sweep, machine):
                for point in SWEEP_POINTS[sweep]:
                    options = sweep_point_options(sweep, experiment, point, machine)
                    folder = f"results/{machine}/sweeps/{sweep}/{experiment}/{point}"
                    repeats = config["sweep_repeats"]
                    yield machine, folder, CATALOG[experiment], options, repeats


def refuse_to_overwrite_other_parameters():
    """Stop before any job if a record was measured with other parameters than
    the config's: a rerun would overwrite it."""
    for machine, folder, _, options, _ in runs_asked_for():
        found = runs_measured_otherwise(folder, options)
        if found:
            path, differences = found
            raise WorkflowError(
                f"{path} was measured with {differences}: the config would "
                f"overwrite it. Keep it by giving this run another label "
                f"(config key `machine`, e.g. --config machine={BASE_MACHINE}-new), "
                f"or move results/{machine}/ away to measure again."
            )


def say_before_the_first_job():
    """What is skipped, the least duration (refused above the budget unless
    forced) and oversubscribed workers."""
    for machine in MEASURED:
        for name in sorted(set(EXPERIMENTS) - set(experiments_of(machine))):
            python = ".".join(map(str, python_of(machine)))
            print(
                f"note: {name} needs Python >= {CATALOG[name].python}: not available "
                f"on {machine} (Python {python}), skipped",
                file=sys.stderr,
            )
    runs = [(row, options, count) for _, _, row, options, count in runs_asked_for()]
    estimate = pipeline.least_duration(runs)
    budget = config["max_estimated_s"]
    print(
        refused(pipeline.cost_said, estimate, budget, config["force"]), file=sys.stderr
    )
    for note in pipeline.oversubscribed(config, len(os.sched_getaffinity(0))):
        print(note, file=sys.stderr)


if workflow.is_main_process:  # a cluster job re-reads the workflow: once is enough
    refuse_to_overwrite_other_parameters()
    say_before_the_first_job()
