# The workflow's input functions and what they read: the config checked, the
# runs it asks for, their labels and command lines (what the analysis follows:
# settings.smk; the runs' order: run_order.smk; the sweeps', studies' and
# report's inputs: inputs.smk; what is said before any job: before_any_job.smk). The logic itself is in tested modules:
# concurrency_bench.workflow.pipeline (options, refusals, the cost, the settings
# files), concurrency_bench.interpreters.matrix (the interpreters' labels).
import glob
import os
import socket
import sys

from snakemake.exceptions import WorkflowError
from snakemake.settings.types import DeploymentMethod
from snakemake.utils import validate

from concurrency_bench import workloads
from concurrency_bench.interpreters import matrix
from concurrency_bench.record import catalog as experiment_catalog
from concurrency_bench.record import parameters
from concurrency_bench.report import sections as report_sections
from concurrency_bench.workflow import finish, pipeline
from concurrency_bench.workloads.function.fields import PROFILE_TIMEOUT

# The config schema is src/concurrency_bench/record/schemas/config.schema.yaml with every workload's
# parameters (their packages declare them): composed and written under
# .snakemake/ for validate(), which reads a file and sets the defaults.
validate(config, parameters.write_config_schema())

# The verdict card for the terminal, written beside results/report.md.
CARD_FILE = finish.CARD


def refused(check, *args):
    """A check of the tested modules, its error as Snakemake's refusal."""
    try:
        return check(*args)
    except (
        pipeline.ConfigError,
        matrix.InterpreterError,
        workloads.WorkloadError,
        experiment_catalog.CatalogError,
    ) as error:
        raise WorkflowError(str(error))


# --- the catalog, and the config checked before anything runs ----------------------

# The catalog of experiments, as the rules' input and as read here, with an
# experiment <workload>/<model> for each workload of the config's.
CATALOG_FILE = os.path.relpath(experiment_catalog.CATALOG_PATH)
WORKLOADS = config["workloads"]
CATALOG = refused(experiment_catalog.load, f"{workflow.basedir}/{CATALOG_FILE}")
CATALOG = CATALOG.with_workloads(WORKLOADS)
SWEEPS = config["sweeps"]

for where, names in [("experiments", config["experiments"])] + [
    (f"sweeps.{name}", sweep["experiments"]) for name, sweep in SWEEPS.items()
]:
    unknown = [name for name in names if name not in CATALOG]
    if unknown:
        raise WorkflowError(
            f"config: {where}: unknown experiment {unknown[0]!r}; the catalog "
            f"(src/concurrency_bench/record/experiments.yaml) has: {', '.join(CATALOG.names())}"
        )
refused(pipeline.check_workloads, WORKLOADS)
refused(pipeline.check_url, config["target"]["url"])
refused(pipeline.check_sweeps, SWEEPS, CATALOG, config["target"]["url"], WORKLOADS)
STUDIES = refused(pipeline.studies_on, config["studies"], SWEEPS)
if config["machine"] is not None:
    refused(pipeline.check_label, config["machine"], "machine")
for builtin in workloads.BUILT_IN.values():
    refused(builtin.check_config, config)  # what the schema cannot say
if config["machine"] is None and workflow.is_main_process and not workflow.local_exec:
    raise WorkflowError(
        "config: machine: on a cluster each job runs on a node of its own, so the "
        "label cannot default to this host's name; name the hardware, e.g. "
        "--config machine=<partition> (see profiles/slurm/README.md)"
    )

# --- what is measured, by which interpreter, under which label ---------------------

BASE_MACHINE = config["machine"] or socket.gethostname()
EXPERIMENTS = refused(
    pipeline.experiments_to_run, config["experiments"], CATALOG, WORKLOADS
)
REPEATS = list(range(1, config["repeats"] + 1))
RECORD = "results/{machine}/runs/{experiment}/{repeat}.json"
# The memory sampler's cost: twins of the first runs of these, with it off.
SAMPLER_ABLATION = refused(
    pipeline.sampler_ablation, config["memory"], EXPERIMENTS, CATALOG, config["repeats"]
)
UNSAMPLED = "results/{machine}/unsampled/{experiment}/{repeat}.json"
# A workload of the config's, profiled before its models run (concurrency_bench.run.calibration).
PROFILE = "results/{machine}/workloads/{workload}/profile.json"
# Each interpreter of `pythons` (asked its label only when there are some), each
# with a pinned environment of its own (.pythons/<label>/) and its results
# under a label of its own, <machine>-<label>; a free-threaded one under two,
# its GIL off and on (<machine>-<label>-gil), PYTHON_GIL set so.
PYTHONS = refused(matrix.interpreters, config["pythons"]) if config["pythons"] else {}
CONDITIONS = {
    refused(pipeline.check_label, label, "pythons"): condition
    for label, condition in matrix.measured(BASE_MACHINE, PYTHONS).items()
}
PYTHON_OF_MACHINE = {label: python for label, (python, _) in CONDITIONS.items()}
# The labels measured here: one per interpreter, or the machine's own; the
# main report is about the first.
MEASURED = list(PYTHON_OF_MACHINE) or [BASE_MACHINE]
MACHINE = MEASURED[0]
# Other machines' records, copied into results/<machine>/: read, never rerun;
# a label none of whose experiments this catalog knows is left out, and said.
FOUND = glob_wildcards(
    r"results/{machine,[A-Za-z0-9._-]+}/runs/{experiment,[a-z0-9_/-]+}/{repeat,\d+}.json"
)
KNOWN_LABELS = {m for m, e in zip(FOUND.machine, FOUND.experiment) if e in CATALOG}
OTHER_MACHINES = sorted(KNOWN_LABELS - set(MEASURED))
for label in sorted(set(FOUND.machine) - KNOWN_LABELS - set(MEASURED)):
    print(
        f"note: results/{label}/ has no run of an experiment of the catalog: left out",
        file=sys.stderr,
    )
MACHINES = [*MEASURED, *OTHER_MACHINES]
# Benchmark jobs claim this resource, and only one exists: no two timed runs
# ever share the machine, whatever --cores says. On a cluster of exclusive
# nodes, --resources benchmark_slot=N lets N run at once.
if workflow.global_resources.get("benchmark_slot").value is None:
    workflow.register_resource("benchmark_slot", 1)
# The interpreter of the timed runs: the one running Snakemake, or with
# --sdm conda the benchmark environment's own; the embedded target's, the
# same whichever interpreter runs the client.
BENCHMARK_PYTHON = (
    "python"
    if DeploymentMethod.CONDA in workflow.deployment_settings.deployment_method
    else sys.executable
)
TARGET_PYTHON = BENCHMARK_PYTHON
# Wildcard constraints: exactly the names the config gives.
MEASURED_LABEL = pipeline.one_of(MEASURED)
EXPERIMENT_NAME = pipeline.one_of(CATALOG.names())
SWEEP_NAME = pipeline.one_of(SWEEPS)
WORKLOAD_NAME = pipeline.one_of([w for w in WORKLOADS if workloads.is_own(w)])
PYTHON_LABEL = pipeline.one_of(PYTHONS)


wildcard_constraints:
    machine=pipeline.one_of(MACHINES),
    workload=r"[a-z][a-z0-9_-]*",
    experiment=EXPERIMENT_NAME,
    repeat=r"\d+",


def python_of(machine):
    """(major, minor) of a measured label's Python: its interpreter's, or the
    one running Snakemake."""
    label = PYTHON_OF_MACHINE.get(machine)
    return matrix.version_of_label(label) if label else tuple(sys.version_info[:2])


def experiments_of(machine, names=None):
    """The experiments of `names` (default: the config's) that run on a
    measured label's Python; the others are skipped there, never failed."""
    names = EXPERIMENTS if names is None else names
    return [name for name in names if CATALOG[name].runs_on(python_of(machine))]


def get_unsampled_records(wildcards):
    """The ablation of the memory sampler's cost on a measured label: each
    twin with the sampler off, and the run with it on that it stands beside."""

    def each(path):
        return [
            path.format(machine=wildcards.machine, experiment=experiment, repeat=repeat)
            for experiment, n in SAMPLER_ABLATION.items()
            if experiment in experiments_of(wildcards.machine)
            for repeat in range(1, n + 1)
        ]

    return {"sampled": each(RECORD), "unsampled": each(UNSAMPLED)}


def workloads_of(machine):
    """The workloads of a measured label's experiments, in order."""
    return CATALOG.workloads(experiments_of(machine))


# --- a run's command line ------------------------------------------------------------


def get_experiment_options(experiment, machine=None):
    """{option: value} of an experiment's command line (concurrency_bench.workflow.pipeline); what
    the workflow itself gives: the target's interpreter (one server for every
    interpreter compared: the main environment's), a workload's name and its
    profile."""
    row = CATALOG[experiment]
    given = {
        "target_python": TARGET_PYTHON,
        "workload": row.workload,
        "profile": machine and PROFILE.format(machine=machine, workload=row.workload),
    }
    options = pipeline.experiment_options(row, config, given)
    if not config["memory"]["sampler"]:
        options["--no-memory-sampler"] = True
    return options


def get_interpreter(wildcards):
    """The interpreter of a measured label's benchmark jobs."""
    label = PYTHON_OF_MACHINE.get(wildcards.machine)
    return f".pythons/{label}/bin/python" if label else BENCHMARK_PYTHON


def get_python_gil(wildcards):
    """`env`'s arguments for a label's jobs: PYTHON_GIL as its condition sets
    it, else unset (a GIL build of 3.13 or later refuses PYTHON_GIL=0)."""
    gil = CONDITIONS.get(wildcards.machine, (None, None))[1]
    return [f"PYTHON_GIL={gil}"] if gil else ["-u", "PYTHON_GIL"]


def get_constraints(wildcards):
    """An interpreter's pip constraints: its own, else the project's pins."""
    return PYTHONS[wildcards.python].constraints or "requirements.txt"


def get_interpreter_env(wildcards):
    """The environment a label's jobs need built first (none for the default)."""
    label = PYTHON_OF_MACHINE.get(wildcards.machine)
    return [f".pythons/{label}/ready.json"] if label else []


def get_workload_profile(wildcards):
    """A user's workload is profiled before its runs; the built-in ones are not
    (under the models too, their results are checked as computed: the primes,
    the status codes). ancient(): a new profile never reruns a measured run."""
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
        "--timeout": PROFILE_TIMEOUT.config_value(config, wildcards.workload),
    }
    if spec.get("task_async"):
        options["--task-async"] = spec["task_async"]
    return pipeline.command_line(options)


def get_run_args(wildcards):
    """A run's command line: its experiment's options and its place in the
    order (common to the run and its record: --run-index). The job's params
    never rerun a measured run (the profile's rerun trigger is a file's time)."""
    options = get_experiment_options(wildcards.experiment, wildcards.machine)
    index = run_index(wildcards.machine, wildcards.experiment, int(wildcards.repeat))
    if index is not None:
        options["--run-index"] = index
    return pipeline.command_line(options)
