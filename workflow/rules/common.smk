import re
import socket
import subprocess
import sys
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.settings.types import DeploymentMethod
from snakemake.utils import validate

from bench import catalog as experiment_catalog
from bench.record import runs_measured_otherwise

validate(config, "../schemas/config.schema.yaml")
# The catalog of experiments, as the rules' input and as read here.
CATALOG_FILE = "workflow/experiments.yaml"
try:
    CATALOG = experiment_catalog.load(f"{workflow.basedir}/{CATALOG_FILE}")
except experiment_catalog.CatalogError as error:
    raise WorkflowError(f"catalog: {error}")


def refuse_unknown_experiments(where, names):
    unknown = [name for name in names if name not in CATALOG]
    if unknown:
        raise WorkflowError(
            f"config: {where}: unknown experiment {unknown[0]!r}; the catalog "
            f"(workflow/experiments.yaml) has: {', '.join(CATALOG.names())}"
        )


refuse_unknown_experiments("experiments", config["experiments"])
if config["cpu"]["start"] >= config["cpu"]["stop"]:
    raise WorkflowError(
        f"config: cpu.start ({config['cpu']['start']}) must be below "
        f"cpu.stop ({config['cpu']['stop']})"
    )

if config["machine"] is None and workflow.is_main_process and not workflow.local_exec:
    raise WorkflowError(
        "config: machine: on a cluster each job runs on a node of its own, so the "
        "label cannot default to this host's name; name the hardware, e.g. "
        "--config machine=<partition> (see profiles/slurm/README.md)"
    )
BASE_MACHINE = config["machine"] or socket.gethostname()
EXPERIMENTS = config["experiments"]
REPEATS = list(range(1, config["repeats"] + 1))
RECORD = "results/{machine}/runs/{experiment}/{repeat}.json"
# The command-line option of each parameter an experiment may take (catalog: params).
PARAM_OPTIONS = {
    "n_requests": "--n-requests",
    "delay_s": "--delay",
    "max_workers": "--max-workers",
    "workers": "--workers",
    "start_method": "--start-method",
}


include: "common_pythons.smk"


# The label the main report is about: the first measured one.
MACHINE = MEASURED[0]
# Other machines' records, copied into results/<machine>/: read, never rerun.
OTHER_MACHINES = sorted(
    set(
        glob_wildcards(
            r"results/{machine,[A-Za-z0-9._-]+}/runs/{experiment,[a-z0-9_-]+}/{repeat,\d+}.json"
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


def get_experiment_options(experiment):
    """{option: value} of an experiment's command line, from the config."""
    settings = {
        "n_requests": config["io"]["n_requests"],
        "delay_s": config["target"]["delay_s"],
        "workers": config["cpu"]["workers"],
        "start_method": config["cpu"]["start_method"],
    }
    taken = CATALOG[experiment].params
    options = {
        PARAM_OPTIONS[p]: v for p, v in settings.items() if p in taken and v is not None
    }
    if CATALOG[experiment].kind == "io":
        io, target = config["io"], config["target"]
        options.update(
            {
                "--timeout": io["timeout_s"],
                "--max-errors": io["max_errors"],
                "--rtt": target["rtt_s"],
                "--deadline-factor": io["deadline_factor"],
                "--min-deadline": io["min_deadline_s"],
                # One server for every interpreter compared: the main environment's.
                "--target-python": TARGET_PYTHON,
            }
        )
        if target["url"]:
            options["--url"] = target["url"]
        elif target["tls"]:
            options["--tls"] = True  # a flag: no value follows
        return options
    return {
        "--start": config["cpu"]["start"],
        "--stop": config["cpu"]["stop"],
        **options,
    }


def get_experiment_args(wildcards):
    """The experiment's command-line arguments, each a separate (quoted) word."""
    return command_line(get_experiment_options(wildcards.experiment))


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


def get_plots(machine):
    return {
        "times_io": f"results/{machine}/plots/times_io.png",
        "times_cpu": f"results/{machine}/plots/times_cpu.png",
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
