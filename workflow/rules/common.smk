import glob
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.settings.types import DeploymentMethod
from snakemake.utils import validate

from bench import catalog as experiment_catalog
from bench import pipeline, workloads
from bench.record import runs_measured_otherwise

validate(config, "../schemas/config.schema.yaml")
# The catalog of experiments, as the rules' input and as read here, with an
# experiment <workload>/<model> for each workload of the config's.
CATALOG_FILE = "workflow/experiments.yaml"
WORKLOADS = config["workloads"]
try:
    CATALOG = experiment_catalog.load(
        f"{workflow.basedir}/{CATALOG_FILE}"
    ).with_workloads(WORKLOADS)
except experiment_catalog.CatalogError as error:
    raise WorkflowError(f"catalog: {error}")


def refused(check, *args):
    """A check of bench.pipeline, its ConfigError as Snakemake's refusal."""
    try:
        return check(*args)
    except pipeline.ConfigError as error:
        raise WorkflowError(str(error))


def refuse_unknown_experiments(where, names):
    unknown = [name for name in names if name not in CATALOG]
    if unknown:
        raise WorkflowError(
            f"config: {where}: unknown experiment {unknown[0]!r}; the catalog "
            f"(workflow/experiments.yaml) has: {', '.join(CATALOG.names())}"
        )


# The analysis follows its config and its code, though a measured run is never
# rerun (the default profile's rerun trigger is a file's time only): each
# analysis rule takes as input the settings it reads, written to a file only
# when they change (bench.pipeline.write_settings), and the analysis code.
ANALYSIS_CODE = sorted(
    {*glob.glob("workflow/scripts/*.py"), *glob.glob("workflow/scripts/analysis/*.py")}
)
DISTURBANCE_KEYS = (
    "max_disturbance",
    "noise_floor_s",
    "exclude_disturbed",
    "skip_bad_records",
)
SETTINGS = {
    # which runs are disturbed: runs.csv (another bootstrap seed leaves it be)
    "disturbance": {key: config["analysis"][key] for key in DISTURBANCE_KEYS},
    "analysis": config["analysis"],
    # the report quotes the whole config (but the switch to go on past the budget)
    "report": {key: value for key, value in config.items() if key != "force"},
}
SETTINGS_FILES = {
    name: pipeline.write_settings(f"results/.settings/{name}.json", values)
    for name, values in SETTINGS.items()
}


refuse_unknown_experiments("experiments", config["experiments"])
refused(pipeline.check_workloads, WORKLOADS)
refused(pipeline.check_url, config["target"]["url"])
if config["machine"] is not None:
    refused(pipeline.check_label, config["machine"], "machine")
for builtin in workloads.BUILT_IN.values():
    try:
        builtin.check_config(config)  # what the schema cannot say
    except workloads.WorkloadError as error:
        raise WorkflowError(str(error))

if config["machine"] is None and workflow.is_main_process and not workflow.local_exec:
    raise WorkflowError(
        "config: machine: on a cluster each job runs on a node of its own, so the "
        "label cannot default to this host's name; name the hardware, e.g. "
        "--config machine=<partition> (see profiles/slurm/README.md)"
    )
BASE_MACHINE = config["machine"] or socket.gethostname()
EXPERIMENTS = refused(
    pipeline.experiments_to_run, config["experiments"], CATALOG, WORKLOADS
)
REPEATS = list(range(1, config["repeats"] + 1))
RECORD = "results/{machine}/runs/{experiment}/{repeat}.json"
# A workload of the config's, profiled before its models run (bench.calibration).
PROFILE = "results/{machine}/workloads/{workload}/profile.json"


include: "common_pythons.smk"


# The label the main report is about: the first measured one.
MACHINE = MEASURED[0]
# Other machines' records, copied into results/<machine>/: read, never rerun.
OTHER_MACHINES = sorted(
    set(
        glob_wildcards(
            r"results/{machine,[A-Za-z0-9._-]+}/runs/{experiment,[a-z0-9_/-]+}/{repeat,\d+}.json"
        ).machine
    )
    - set(MEASURED)
)
MACHINES = [*MEASURED, *OTHER_MACHINES]

# Benchmark jobs claim this resource, and only one exists: no two timed runs
# ever share the machine, whatever --cores says. On a cluster of exclusive
# nodes, --resources benchmark_slot=N lets N run at once.
if workflow.global_resources.get("benchmark_slot").value is None:
    workflow.register_resource("benchmark_slot", 1)
# The interpreter of the timed runs: the one running Snakemake, or with
# --sdm conda the benchmark environment's own.
BENCHMARK_PYTHON = (
    "python"
    if DeploymentMethod.CONDA in workflow.deployment_settings.deployment_method
    else sys.executable
)
# The embedded target's interpreter, whichever interpreter runs the client.
TARGET_PYTHON = BENCHMARK_PYTHON


wildcard_constraints:
    machine="|".join(map(re.escape, MACHINES)),
    workload=r"[a-z][a-z0-9_-]*",
    experiment="|".join(map(re.escape, CATALOG.names())),
    repeat=r"\d+",


def get_run_records(wildcards):
    """This machine's records from the config (the experiments its Python
    runs, as many runs of each as its plan gives); another machine's as found."""
    machine = wildcards.machine
    if machine in MEASURED:
        return planned_records(machine)  # common_order.smk
    found = glob_wildcards(
        f"results/{machine}/runs/{{experiment}}/{{repeat,\\d+}}.json"
    )
    return sorted(
        f"results/{machine}/runs/{experiment}/{repeat}.json"
        for experiment, repeat in zip(found.experiment, found.repeat)
    )


def get_experiment_options(experiment, machine=None):
    """{option: value} of an experiment's command line (bench.pipeline); what
    the workflow itself gives: the target's interpreter (one server for every
    interpreter compared: the main environment's), a workload's name and its
    profile."""
    row = CATALOG[experiment]
    given = {
        "target_python": TARGET_PYTHON,
        "workload": row.workload,
        "profile": machine and PROFILE.format(machine=machine, workload=row.workload),
    }
    return pipeline.experiment_options(row, config, given)


def parameter_option(experiment, param):
    """The command-line option of a parameter of an experiment's workload."""
    declared = workloads.parameters_of(CATALOG[experiment].workload)
    return next(p.option for p in declared if p.name == param)


def get_workload_profile(wildcards):
    """A user's workload is profiled before its runs; the built-in ones are not.
    ancient(): a new profile never reruns a measured run."""
    workload = CATALOG[wildcards.experiment].workload
    if workload in workloads.BUILT_IN:
        return []
    return ancient(PROFILE.format(machine=wildcards.machine, workload=workload))


def get_script(wildcards):
    return ancient(f"scripts/{CATALOG[wildcards.experiment].model}.py")


def get_profile_args(wildcards):
    spec = WORKLOADS[wildcards.workload]
    options = {
        "--workload": wildcards.workload,
        "--task": spec["task"],
        "--inputs": spec["inputs"],
    }
    if spec.get("task_async"):
        options["--task-async"] = spec["task_async"]
    return command_line(options)


def get_experiment_args(wildcards):
    """The experiment's command-line arguments, each a separate (quoted) word."""
    return command_line(get_experiment_options(wildcards.experiment, wildcards.machine))


def command_line(options):
    """{option: value} as separate words; a flag (True) stands alone."""
    words = []
    for option, value in options.items():
        words += [option] if value is True else [option, str(value)]
    return words


def refuse_if_measured_otherwise(folder, options):
    """Stop before any job if a record in `folder` was measured with other
    parameters than `options`: a rerun would overwrite it."""
    found = runs_measured_otherwise(folder, options)
    if found:
        path, differences = found
        machine = Path(folder).parts[1]  # results/<machine>/...
        raise WorkflowError(
            f"{path} was measured with {differences}: the config would "
            f"overwrite it. Keep it by giving this run another label "
            f"(config key `machine`, e.g. --config machine={BASE_MACHINE}-new), "
            f"or move results/{machine}/ away to measure again."
        )


def refuse_to_overwrite_other_parameters():
    for machine in MEASURED:
        for experiment in experiments_of(machine):
            refuse_if_measured_otherwise(
                f"results/{machine}/runs/{experiment}",
                get_experiment_options(experiment),
            )


if workflow.is_main_process:  # a cluster job re-reads the workflow: once is enough
    refuse_to_overwrite_other_parameters()
    say_what_is_skipped()


def workloads_of(machine):
    """The workloads of a measured label's experiments, in order."""
    return CATALOG.workloads(experiments_of(machine))


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
        *get_every_sweep_summary(),
        # Every label's runs in pyperf's format, for pyperf's own tools.
        *expand("results/{machine}/pyperf.json", machine=MACHINES),
    ]
