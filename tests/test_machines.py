"""src/concurrency_bench/analysis/across_machines.py: several machines side by side, on synthetic run
records whose answers are known in advance."""

import json

import pandas as pd
import pytest
from concurrency_bench.analysis import across_machines as compare_machines
from concurrency_bench.analysis.runs import read_runs, write_runs_table
from concurrency_bench.analysis.summary import read_summary, summarize
from concurrency_bench.plots import machine_speedups

from script_runner import CATALOG
from synthetic import make_record

RESAMPLES = 1_000
# experiment -> its median time on a machine with speed 1
MEDIANS = {
    "io-bound_sync": 10.0,
    "io-bound_concurrent_1": 0.2,
    "io-bound_concurrent_2": 1.8,
    "io-bound_concurrent_3": 0.5,
    "cpu-bound_sync": 8.0,
    "cpu-bound_parallel_1": 4.2,
    "cpu-bound_parallel_2": 4.5,
}


def write_machine(folder, machine, speed=1.0, repeats=3, vary=None, **hardware):
    """runs.csv and summary.csv of one machine, as the workflow writes them.

    `vary(experiment, repeat)` may return hardware overrides for one run.
    """
    paths = []
    for experiment, median in MEDIANS.items():
        for repeat in range(1, repeats + 1):
            elapsed = median / speed * (1 + 0.01 * (repeat - 2))
            extra = {**hardware, **(vary(experiment, repeat) if vary else {})}
            path = folder / machine / "runs" / experiment / f"{repeat}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            record = make_record(experiment, repeat, elapsed, machine=machine, **extra)
            path.write_text(json.dumps(record))
            paths.append(path)
    runs_csv, summary_csv = (
        folder / machine / "runs.csv",
        folder / machine / "summary.csv",
    )
    write_runs_table(paths, CATALOG, runs_csv)
    summary = summarize(read_runs(runs_csv), CATALOG, seed=1, resamples=RESAMPLES)
    summary.to_csv(summary_csv, index=False)
    return runs_csv, summary_csv


@pytest.fixture(scope="module")
def two_machines(tmp_path_factory):
    folder = tmp_path_factory.mktemp("results")
    fast = write_machine(
        folder,
        "fast",
        speed=2.0,
        cpu_brand="AMD Ryzen 9",
        usable_cpus=8,
        python_version="3.13.1",
        workers=7,
    )
    slow = write_machine(
        folder,
        "slow",
        speed=1.0,
        cpu_brand="Intel Xeon",
        usable_cpus=2,
        python_version="3.11.7",
        workers=1,
    )
    machines = ["fast", "slow"]
    table = compare_machines.compare(machines, [fast[0], slow[0]], [fast[1], slow[1]])
    return table, {"fast": fast, "slow": slow}


# --- compare -------------------------------------------------------------------


def test_compare_has_one_row_per_machine_and_experiment(two_machines):
    """The table has one row per machine × experiment, with the compare COLUMNS."""
    table, _ = two_machines
    assert list(table.columns) == list(compare_machines.COLUMNS)
    assert len(table) == 2 * len(MEDIANS)
    pairs = set(zip(table["machine"], table["experiment"], strict=True))
    assert pairs == {(m, e) for m in ("fast", "slow") for e in MEDIANS}


def test_compare_describes_each_machine(two_machines):
    """Each machine's row names its own CPU, usable CPUs, Python and pool size."""
    table, _ = two_machines
    described = table.drop_duplicates("machine").set_index("machine")
    assert described.loc["fast", "cpu_brand"] == "AMD Ryzen 9"
    assert described.loc["fast", "usable_cpus"] == 8
    assert described.loc["fast", "python"] == "CPython 3.13.1"
    assert str(described.loc["fast", "pool_workers"]) == "7"
    assert described.loc["slow", "cpu_brand"] == "Intel Xeon"
    assert described.loc["slow", "usable_cpus"] == 2
    assert described.loc["slow", "python"] == "CPython 3.11.7"
    assert str(described.loc["slow", "pool_workers"]) == "1"
    assert (table["mixed"] == "").all()


def test_compare_keeps_each_machines_own_numbers(two_machines):
    """Medians and speedups come from each machine's own summary, unchanged."""
    table, paths = two_machines
    for machine, (_, summary_csv) in paths.items():
        summary = read_summary(summary_csv).set_index("experiment")
        rows = table[table["machine"] == machine].set_index("experiment")
        for column in ("n", "median_s", "ci_low_s", "ci_high_s", "speedup"):
            assert list(rows[column]) == list(summary.loc[rows.index, column]), column
    fast = table[table["machine"] == "fast"].set_index("experiment")
    assert fast.loc["io-bound_sync", "median_s"] == pytest.approx(5.0)
    assert fast.loc["io-bound_concurrent_2", "speedup"] == pytest.approx(10.0 / 1.8)


@pytest.mark.parametrize(
    "vary, named, absent",
    [
        (
            lambda e, r: {"cpu_brand": "AMD EPYC" if r == 1 else "Intel Xeon"},
            "CPU: AMD EPYC / Intel Xeon",
            "Python",
        ),
        (
            lambda e, r: {"python_version": "3.12.1" if e.startswith("io") else "3.13.0"},
            "Python: 3.12.1 / 3.13.0",
            "CPU",
        ),
    ],
)
def test_compare_refuses_mixed_hardware(tmp_path, vary, named, absent):
    """A machine label whose runs differ in CPU or Python: `mixed` says what, numbers are NaN."""
    clean = write_machine(tmp_path, "clean")
    mixed = write_machine(tmp_path, "mixed", vary=vary)
    table = compare_machines.compare(["clean", "mixed"], [clean[0], mixed[0]], [clean[1], mixed[1]])
    rows = table[table["machine"] == "mixed"]
    assert len(rows) == len(MEDIANS)
    assert (rows["mixed"] == named).all()
    assert absent not in rows["mixed"].iloc[0]
    numbers = [
        "n",
        "median_s",
        "ci_low_s",
        "ci_high_s",
        "speedup",
        "speedup_ci_low",
        "speedup_ci_high",
    ]
    assert rows[numbers].isna().all().all()
    others = table[table["machine"] == "clean"]
    assert (others["mixed"] == "").all()
    assert others[numbers].notna().all().all()


def test_plot_writes_a_png(two_machines, tmp_path):
    """The machines plot is written as a non-empty PNG."""
    table, _ = two_machines
    png = tmp_path / "machines.png"
    machine_speedups.plot(table, png)
    assert png.stat().st_size > 1000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_with_a_mixed_machine(tmp_path):
    """A mixed machine (NaN speedups) beside a clean one still gives a plot."""
    clean = write_machine(tmp_path, "clean")
    mixed = write_machine(tmp_path, "mixed", vary=lambda e, r: {"usable_cpus": 2 if r == 1 else 4})
    table = compare_machines.compare(["clean", "mixed"], [clean[0], mixed[0]], [clean[1], mixed[1]])
    assert "usable CPUs: 2 / 4" in table.loc[table["machine"] == "mixed", "mixed"].iloc[0]
    png = tmp_path / "machines.png"
    machine_speedups.plot(table, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_mixed_machine_stays_nan_in_machines_csv(tmp_path):
    """machines.csv read back (as the report reads it) keeps a mixed machine's numbers NaN."""
    clean = write_machine(tmp_path, "clean")
    mixed = write_machine(
        tmp_path, "mixed", vary=lambda e, r: {"cpu_brand": "A" if r == 1 else "B"}
    )
    table = compare_machines.compare(["clean", "mixed"], [clean[0], mixed[0]], [clean[1], mixed[1]])
    path = tmp_path / "machines.csv"
    table.to_csv(path, index=False)
    back = pd.read_csv(path)
    mixed_rows = back[back["machine"] == "mixed"]
    assert mixed_rows[["median_s", "speedup"]].isna().all().all()
    assert (mixed_rows["mixed"] == "CPU: A / B").all()
    assert back.loc[back["machine"] == "clean", "median_s"].notna().all()


def slurm_job(job_id, partition):
    record = make_record("io-bound_sync")
    return {
        **record["job"],
        "slurm_job_id": job_id,
        "slurm_node": "n1",
        "slurm_partition": partition,
    }


def test_runs_on_slurm_name_their_partition(tmp_path):
    from concurrency_bench.report.machine_description import slurm_of

    on_slurm = write_machine(
        tmp_path, "cluster", vary=lambda e, r: {"job": slurm_job(str(r), "fast")}
    )
    here = write_machine(tmp_path, "here")
    runs = read_runs(on_slurm[0])
    assert slurm_of(runs) == {
        "partitions": "fast",
        "nodes": "n1",
        "n_jobs": len(runs),
        "n_runs": len(runs),
    }
    assert slurm_of(read_runs(here[0])) is None  # records without SLURM keys (version 5)
    table = compare_machines.compare(
        ["cluster", "here"], [on_slurm[0], here[0]], [on_slurm[1], here[1]]
    )
    described = table.drop_duplicates("machine").set_index("machine")
    assert described.loc["cluster", "partition"] == "fast"
    assert described.loc["here", "partition"] == ""
