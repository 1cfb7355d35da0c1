# The input functions of the sweeps, the studies, the report and `all` (those
# of the runs: common.smk), apart from the rules that use them.


# --- the sweeps: each point run like an experiment, with its own repeats, into
# results/<machine>/sweeps/<sweep>/<experiment>/<param>=<value>/ ----------------------

SWEEP_REPEATS = list(range(1, config["sweep_repeats"] + 1))
SWEEP_POINTS = {name: pipeline.sweep_points(sweep) for name, sweep in SWEEPS.items()}
SWEEP_SUMMARY = "results/{machine}/sweeps/{sweep}/summary.csv"


def sweep_experiments(sweep, machine=None):
    """A sweep's experiments that run on a measured label's Python (default:
    the main label's). Every measured label runs the sweeps; the report shows
    the main label's, and every label's start costs (sweeps over start_method)."""
    names = pipeline.expand_models(SWEEPS[sweep]["experiments"], CATALOG, WORKLOADS)
    return experiments_of(machine or MACHINE, names)


def sweep_point_options(sweep, experiment, point, machine=None):
    """A sweep point's options; a point that fails is a failed outcome, not a
    failed job: a sweep explores where a method stops working."""
    param, value = SWEEP_POINTS[sweep][point]
    declared = workloads.parameters_of(CATALOG[experiment].workload)
    option = next(p.option for p in declared if p.name == param)
    options = {**get_experiment_options(experiment, machine), option: value}
    return {**options, "--record-failure": True}


def get_sweep_point_args(wildcards):
    options = sweep_point_options(
        wildcards.sweep, wildcards.experiment, wildcards.point, wildcards.machine
    )
    return pipeline.command_line(options)


def get_sweep_records(wildcards):
    return expand(
        "results/{machine}/sweeps/{sweep}/{experiment}/{point}/{repeat}.json",
        machine=wildcards.machine,
        sweep=wildcards.sweep,
        experiment=sweep_experiments(wildcards.sweep, wildcards.machine),
        point=list(SWEEP_POINTS[wildcards.sweep]),
        repeat=SWEEP_REPEATS,
    )


# The sweeps with an experiment to run on the main label.
SWEEPS_RUN = [sweep for sweep in SWEEPS if sweep_experiments(sweep)]
STUDY_NAME = pipeline.one_of(STUDIES)


def sweep_summaries(param=None):
    """{summary path: its label}: every measured label's sweeps (over `param`)."""
    return {
        SWEEP_SUMMARY.format(machine=machine, sweep=sweep): machine
        for machine in MEASURED
        for sweep in SWEEPS
        if param in (None, SWEEPS[sweep]["param"]) and sweep_experiments(sweep, machine)
    }


def get_sweep_plots():
    return {
        f"sweep_{sweep}": f"results/{MACHINE}/plots/sweep_{sweep}.png"
        for sweep in SWEEPS_RUN
    }


def get_sweep_summaries():
    return [SWEEP_SUMMARY.format(machine=MACHINE, sweep=sweep) for sweep in SWEEPS_RUN]


def get_study_sweeps(wildcards):
    return expand(
        SWEEP_SUMMARY, machine=wildcards.machine, sweep=STUDIES[wildcards.study]
    )


def get_study_caption(wildcards):
    """The study's caption (caption.rst in its folder), for report/study.rst."""
    with open(f"{workloads.studies()[wildcards.study].folder}/caption.rst") as caption:
        return caption.read()


def get_section_inputs():
    """What the report's sections read besides the shared inputs."""
    return report_sections.inputs(config, MACHINE)


# --- what `all` asks for -----------------------------------------------------------------


def get_plots(machine):
    return {
        **{
            f"times_{workload}": f"results/{machine}/plots/times_{workload}.png"
            for workload in workloads_of(machine)
        },
        "parallelism": f"results/{machine}/plots/parallelism.png",
        "speedup": f"results/{machine}/plots/speedup.png",
    }


def get_final_output():
    return [
        "results/report.md",
        *expand("results/{machine}/summary.csv", machine=MEASURED),
        # Every measured label's sweeps (the report shows the main label's).
        *sweep_summaries(),
        # Every label's runs in pyperf's format, for pyperf's own tools.
        *expand("results/{machine}/pyperf.json", machine=MACHINES),
    ]
