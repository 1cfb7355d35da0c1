# Sweeps: each point of a parameter grid is run like an experiment, with its
# own repeats, into results/<machine>/sweeps/<sweep>/<experiment>/<param>=<value>/.

SWEEPS = config["sweeps"]
SWEEP_REPEATS = list(range(1, config["sweep_repeats"] + 1))
# The command-line option each sweepable parameter sets, and where it applies.
SWEEP_OPTIONS = {
    "workers": "--workers",
    "max_workers": "--max-workers",
    "n_requests": "--n-requests",
    "delay_s": "--delay",
}
SWEEP_APPLIES_TO = {
    "workers": [
        "cpu-bound_parallel_1",
        "cpu-bound_parallel_2",
        "cpu-bound_parallel_3",
        "cpu-bound_parallel_4",
        "cpu-bound_concurrent_1",
    ],
    "max_workers": [
        "io-bound_concurrent_2",
        "io-bound_concurrent_5",
        "io-bound_parallel_1",
    ],
    "n_requests": "io-bound",
    "delay_s": "io-bound",
}


def sweep_applies(param, experiment):
    where = SWEEP_APPLIES_TO[param]
    return (
        experiment.startswith(where) if isinstance(where, str) else experiment in where
    )


def sweep_value_text(param, value):
    """How a value appears in paths and on the command line: 4, 0.05."""
    if param != "delay_s":
        if value != int(value) or value < 1:
            raise WorkflowError(
                f"config: sweeps: {param} values must be whole numbers >= 1, got {value}"
            )
        return str(int(value))
    return f"{value:g}"


def check_sweeps():
    for name, sweep in SWEEPS.items():
        if not re.fullmatch(r"[A-Za-z0-9_-]+", name):
            raise WorkflowError(
                f"config: sweeps: the name {name!r} may use letters, digits, _ and - only"
            )
        param = sweep["param"]
        for experiment in sweep["experiments"]:
            if not sweep_applies(param, experiment):
                raise WorkflowError(
                    f"config: sweeps.{name}: {param} does not apply to {experiment}; "
                    f"it applies to {SWEEP_APPLIES_TO[param]}"
                )
        for value in sweep["values"]:
            sweep_value_text(param, value)
        if param == "delay_s" and config["target"]["url"]:
            raise WorkflowError(
                f"config: sweeps.{name}: delay_s is the embedded target's; "
                f"target.url is set ({config['target']['url']})"
            )


check_sweeps()


def sweep_points(sweep):
    """'workers=4', ... for one sweep."""
    param = SWEEPS[sweep]["param"]
    return [f"{param}={sweep_value_text(param, v)}" for v in SWEEPS[sweep]["values"]]


def sweep_point_options(experiment, point):
    param, value = point.split("=", 1)
    return {**get_experiment_options(experiment), SWEEP_OPTIONS[param]: value}


def get_sweep_point_args(wildcards):
    return command_line(sweep_point_options(wildcards.experiment, wildcards.point))


def get_sweep_records(wildcards):
    sweep = SWEEPS[wildcards.sweep]
    return expand(
        "results/{machine}/sweeps/{sweep}/{experiment}/{point}/{repeat}.json",
        machine=wildcards.machine,
        sweep=wildcards.sweep,
        experiment=sweep["experiments"],
        point=sweep_points(wildcards.sweep),
        repeat=SWEEP_REPEATS,
    )


def get_sweep_plots():
    return {
        f"sweep_{sweep}": f"results/{MACHINE}/plots/sweep_{sweep}.png"
        for sweep in SWEEPS
    }


def get_sweep_summaries():
    return [f"results/{MACHINE}/sweeps/{sweep}/summary.csv" for sweep in SWEEPS]


def refuse_to_overwrite_other_sweep_parameters():
    for sweep in SWEEPS:
        for experiment in SWEEPS[sweep]["experiments"]:
            for point in sweep_points(sweep):
                refuse_if_measured_otherwise(
                    f"results/{MACHINE}/sweeps/{sweep}/{experiment}/{point}",
                    sweep_point_options(experiment, point),
                )


if workflow.is_main_process:
    refuse_to_overwrite_other_sweep_parameters()
