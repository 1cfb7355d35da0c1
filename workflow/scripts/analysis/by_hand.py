"""How we check ourselves: run each experiment of a finished pipeline run by hand,
N times, interleaved, with the parameters its records name, and compare the
medians with the pipeline's.

    .venv/bin/python -m analysis.by_hand results/<machine> --runs 15

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

from analysis.runs import read_runs

TOLERANCE = 0.05


def command(run, script, output):
    """The command line that repeats `run` (a runs.csv row) by hand."""
    words = [sys.executable, str(script), "--output", str(output)]
    if run["kind"] == "io":
        words += ["--n-requests", run["n_requests"], "--timeout", run["timeout_s"]]
        words += ["--delay", run["delay_s"], "--rtt", run["rtt_s"]]
        if not pd.isna(run["max_workers"]) and run["concurrency_reason"].startswith("set:"):
            words += ["--max-workers", run["max_workers"]]
    else:
        words += ["--start", run["start"], "--stop", run["stop"]]
        requested = run["workers_requested"]
        words += ["--workers", "auto" if pd.isna(requested) else requested]
    return [str(word) for word in words]


def by_hand(results, runs_per_experiment, project):
    runs = read_runs(Path(results) / "runs.csv")
    firsts = runs.groupby("experiment", sort=False).first()
    times = {experiment: [] for experiment in firsts.index}
    with tempfile.TemporaryDirectory() as folder:
        for i in range(runs_per_experiment):
            for experiment, run in firsts.iterrows():  # interleaved, as the pipeline
                output = Path(folder) / f"{experiment}-{i}.json"
                script = Path(project) / "scripts" / f"{experiment}.py"
                subprocess.run(
                    command(run, script, output),
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                times[experiment].append(json.loads(output.read_text())["elapsed_s"])
    rows = []
    ok = runs[runs["outcome"].fillna("ok") == "ok"]
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
