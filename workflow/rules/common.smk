import socket
import sys

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

validate(config, "../schemas/config.schema.yaml")

if config["cpu"]["start"] >= config["cpu"]["stop"]:
    raise WorkflowError(
        f"config: cpu.start ({config['cpu']['start']}) must be below "
        f"cpu.stop ({config['cpu']['stop']})"
    )

MACHINE = config["machine"] or socket.gethostname()
EXPERIMENTS = config["experiments"]
REPEATS = list(range(1, config["repeats"] + 1))
IO_EXPERIMENTS = [e for e in EXPERIMENTS if e.startswith("io-bound")]
CPU_EXPERIMENTS = [e for e in EXPERIMENTS if e.startswith("cpu-bound")]

# Benchmark jobs claim this resource, and only one exists: no two timed runs
# ever share the machine, whatever --cores says.
workflow.register_resource("benchmark_slot", 1)


wildcard_constraints:
    machine=r"[A-Za-z0-9._-]+",
    experiment="|".join(EXPERIMENTS),
    repeat="|".join(map(str, REPEATS)),


def get_run_records(wildcards):
    return expand(
        "results/{machine}/runs/{experiment}/{repeat}.json",
        machine=wildcards.machine,
        experiment=EXPERIMENTS,
        repeat=REPEATS,
    )


def get_experiment_args(wildcards):
    """The experiment's command-line options, from the config."""
    if wildcards.experiment.startswith("io-bound"):
        io, target = config["io"], config["target"]
        options = {
            "--n-requests": io["n_requests"],
            "--timeout": io["timeout_s"],
            "--max-errors": io["max_errors"],
            "--delay": target["delay_s"],
        }
        if target["url"]:
            options["--url"] = target["url"]
    else:
        cpu = config["cpu"]
        options = {
            "--start": cpu["start"],
            "--stop": cpu["stop"],
            "--workers": cpu["workers"],
        }
    return [str(part) for option in options.items() for part in option]


def get_plots(machine):
    return {
        "times_io": f"results/{machine}/plots/times_io.png",
        "times_cpu": f"results/{machine}/plots/times_cpu.png",
        "speedup": f"results/{machine}/plots/speedup.png",
    }


def get_final_output():
    return ["results/report.md", f"results/{MACHINE}/summary.csv"]
