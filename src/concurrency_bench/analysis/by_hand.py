"""How we check ourselves: run each experiment of a finished pipeline run by hand,
N times, interleaved, with the parameters its records name, and compare the
medians with the pipeline's.

    .venv/bin/python -m concurrency_bench.analysis.by_hand results/<machine> --runs 15

(with workflow/scripts on PYTHONPATH; `make check-by-hand` does it). Run it right
after the pipeline, on the same machine, with nothing else running.
"""

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from concurrency_bench import workloads
from concurrency_bench.analysis.runs import read_runs
from concurrency_bench.analysis.summary import succeeded
from concurrency_bench.record import catalog
from concurrency_bench.record.run_record import load_record, make_validator

TOLERANCE = 0.05


def given(record, results):
    """What the workflow itself gives a run besides the config: its workload's
    name and profile, and the URL when it is a real one (the embedded
    target's port changes with every run)."""
    params, profile = (
        record["params"],
        Path(results) / "workloads" / record["workload"] / "profile.json",
    )
    return {
        "workload": record["workload"],
        "profile": str(profile) if profile.exists() else None,
        "url": None if params.get("target_embedded", True) else params.get("url"),
    }


def options(record, experiment, results):
    """{option: value} that repeat a run: each parameter of its workload that
    the experiment takes, as its record kept it, or as the workflow gave it."""
    params, from_workflow = record["params"], given(record, results)
    found = {}
    for parameter in workloads.parameters_of(experiment.workload):
        if parameter.per_experiment and parameter.name not in experiment.params:
            continue
        if parameter.name in from_workflow:
            value = from_workflow[parameter.name]
        else:
            value = params.get(parameter.record)
        if value is not None and value is not False:
            found[parameter.option] = value
    return found


def command(record, experiment, script, output, results):
    """The command line that repeats the run of `record` by hand."""
    words = [sys.executable, str(script), "--output", str(output)]
    for option, value in options(record, experiment, results).items():
        words += [option] if value is True else [option, value]
    return [str(word) for word in words]


def experiment_of(record, experiments):
    """The catalog row of a record's experiment (<workload>/<model> included)."""
    name = record["experiment"]
    if name in experiments:
        return experiments[name]
    return experiments.with_workloads({record["workload"]: record["params"]})[name]


def first_records(results, names):
    """{experiment: the record of its first run} under results/<machine>/runs/."""
    validator = make_validator()
    return {
        name: load_record(min((Path(results) / "runs" / name).glob("*.json")), validator)
        for name in names
    }


def by_hand(results, runs_per_experiment, project):
    runs = read_runs(Path(results) / "runs.csv")
    experiments = catalog.load()
    records = first_records(results, pd.unique(runs["experiment"]))
    times = {experiment: [] for experiment in records}
    with tempfile.TemporaryDirectory() as folder:
        for i in range(runs_per_experiment):
            for name, record in records.items():  # interleaved, as the pipeline
                experiment = experiment_of(record, experiments)
                output = Path(folder) / f"{name.replace('/', '-')}-{i}.json"
                script = Path(project) / "scripts" / f"{experiment.model}.py"
                subprocess.run(
                    command(record, experiment, script, output, results),
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                times[name].append(json.loads(output.read_text())["elapsed_s"])
    rows = []
    ok = succeeded(runs)
    for experiment, by_hand_times in times.items():
        pipeline = ok.loc[ok["experiment"] == experiment, "elapsed_s"].median()
        hand = float(np.median(by_hand_times))
        rows.append(
            {
                "experiment": experiment,
                "pipeline_median_s": pipeline,
                "by_hand_median_s": hand,
                "ratio": pipeline / hand,
                "within_5%": abs(pipeline / hand - 1) <= TOLERANCE,
            }
        )
    return pd.DataFrame(rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", help="results/<machine>, with its runs.csv")
    parser.add_argument("--runs", type=int, default=15, help="runs by hand per experiment")
    parser.add_argument("--project", default=".", help="the project (its scripts/)")
    args = parser.parse_args()
    table = by_hand(args.results, args.runs, args.project)
    print(table.to_markdown(index=False, floatfmt=".4g"))
    sys.exit(0 if table["within_5%"].all() else 1)
