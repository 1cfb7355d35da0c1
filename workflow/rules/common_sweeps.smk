# Sweeps: each point of a parameter grid is run like an experiment, with its
# own repeats, into results/<machine>/sweeps/<sweep>/<experiment>/<param>=<value>/.

SWEEPS = config["sweeps"]
SWEEP_REPEATS = list(range(1, config["sweep_repeats"] + 1))


def sweep_applies(param, experiment):
    return param in CATALOG[experiment].params


def check_sweeps():
    for name, sweep in SWEEPS.items():
        param = sweep["param"]
        refuse_unknown_experiments(f"sweeps.{name}", sweep["experiments"])
        for experiment in sweep["experiments"]:
            if not sweep_applies(param, experiment):
                raise WorkflowError(
                    f"config: sweeps.{name}: {param} does not apply to {experiment}; "
                    f"it applies to {CATALOG.taking(param)}"
                )
        if param == "delay_s" and config["target"]["url"]:
            raise WorkflowError(
                f"config: sweeps.{name}: delay_s is the embedded target's; "
                f"target.url is set ({config['target']['url']})"
            )


check_sweeps()


def sweep_points(sweep):
    """'workers=4', ... for one sweep."""
    return pipeline.sweep_points(SWEEPS[sweep])


def sweep_point_options(experiment, point, machine=None):
    """A sweep point's options; a point that fails is a failed outcome, not a
    failed job: a sweep explores where a method stops working."""
    param, value = point.split("=", 1)
    options = {
        **get_experiment_options(experiment, machine),
        parameter_option(experiment, param): value,
    }
    return {**options, "--record-failure": True}


def get_sweep_point_args(wildcards):
    return command_line(
        sweep_point_options(wildcards.experiment, wildcards.point, wildcards.machine)
    )


def sweep_experiments(sweep, machine=None):
    """A sweep's experiments that run on a measured label's Python (default:
    the main label's). Every measured label runs the sweeps; the report shows
    the main label's, and every label's start costs (sweeps over start_method)."""
    return experiments_of(
        machine or MACHINE,
        pipeline.expand_models(SWEEPS[sweep]["experiments"], CATALOG, WORKLOADS),
    )


# The sweeps with an experiment to run on the main label.
SWEEPS_RUN = [sweep for sweep in SWEEPS if sweep_experiments(sweep)]
SWEEP_SUMMARY = "results/{machine}/sweeps/{sweep}/summary.csv"


def get_sweep_records(wildcards):
    return expand(
        "results/{machine}/sweeps/{sweep}/{experiment}/{point}/{repeat}.json",
        machine=wildcards.machine,
        sweep=wildcards.sweep,
        experiment=sweep_experiments(wildcards.sweep, wildcards.machine),
        point=sweep_points(wildcards.sweep),
        repeat=SWEEP_REPEATS,
    )


def get_sweep_plots():
    return {
        f"sweep_{sweep}": f"results/{MACHINE}/plots/sweep_{sweep}.png"
        for sweep in SWEEPS_RUN
    }


def get_sweep_summaries():
    return [f"results/{MACHINE}/sweeps/{sweep}/summary.csv" for sweep in SWEEPS_RUN]


def get_every_sweep_summary(param=None):
    """Every measured label's sweep summaries (of the sweeps over `param`)."""
    return [
        SWEEP_SUMMARY.format(machine=machine, sweep=sweep)
        for machine in MEASURED
        for sweep in SWEEPS
        if param in (None, SWEEPS[sweep]["param"]) and sweep_experiments(sweep, machine)
    ]


def refuse_to_overwrite_other_sweep_parameters():
    for machine in MEASURED:
        for sweep in SWEEPS:
            for experiment in sweep_experiments(sweep, machine):
                for point in sweep_points(sweep):
                    refuse_if_measured_otherwise(
                        f"results/{machine}/sweeps/{sweep}/{experiment}/{point}",
                        sweep_point_options(experiment, point),
                    )


def planned_runs():
    """(catalog row, options, runs) of every experiment and sweep point the
    config asks for, at least: `repeats` runs each (min_timed_s may add more)."""
    runs = []
    for machine in MEASURED:
        for experiment in experiments_of(machine):
            options = get_experiment_options(experiment, machine)
            runs.append((CATALOG[experiment], options, config["repeats"]))
        for sweep in SWEEPS:
            for experiment in sweep_experiments(sweep, machine):
                for point in sweep_points(sweep):
                    options = sweep_point_options(experiment, point, machine)
                    runs.append((CATALOG[experiment], options, config["sweep_repeats"]))
    return runs


def say_the_cost():
    """The run's least duration, before the first job; above the budget
    (max_estimated_s) refused unless told to go on (force)."""
    estimate = pipeline.least_duration(planned_runs())
    said = refused(
        pipeline.cost_said, estimate, config["max_estimated_s"], config["force"]
    )
    print(said, file=sys.stderr)
    for note in pipeline.oversubscribed(config, len(os.sched_getaffinity(0))):
        print(note, file=sys.stderr)


if workflow.is_main_process:
    refuse_to_overwrite_other_sweep_parameters()
    say_the_cost()


# The scale study: every sweep over n_requests, set side by side.
SCALE_SWEEPS = [sweep for sweep in SWEEPS if SWEEPS[sweep]["param"] == "n_requests"]


def get_scale_study():
    """The scale study's table and plot, if a sweep runs over n_requests."""
    if not SCALE_SWEEPS:
        return {}
    return {
        "scale": f"results/{MACHINE}/scale.csv",
        "scale_plot": f"results/{MACHINE}/plots/scale.png",
    }
