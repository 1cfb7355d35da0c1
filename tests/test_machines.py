"""Several machines side by side (compare_machines.py) and the guard against
overwriting records measured with other parameters (records.py), on synthetic
run records whose answers are known in advance."""

import json

import aggregate_runs
import pandas as pd
import pytest
import records
import summarize

import compare_machines
from synthetic import make_record

RESAMPLES = 1_000
EMBEDDED_URL = "http://127.0.0.1:40000/ip"
# experiment -> (kind, method, median time on a machine with speed 1)
EXPERIMENTS = {
    "io-bound_sync": ("io", "sync", 10.0),
    "io-bound_concurrent_1": ("io", "threading.Thread", 0.2),
    "io-bound_concurrent_2": ("io", "ThreadPoolExecutor", 1.8),
    "io-bound_concurrent_3": ("io", "asyncio.gather", 0.5),
    "cpu-bound_sync": ("cpu", "sync", 8.0),
    "cpu-bound_parallel_1": ("cpu", "multiprocessing.Pool", 4.2),
    "cpu-bound_parallel_2": ("cpu", "ProcessPoolExecutor", 4.5),
}


def io_params(method, n_requests=100, delay_s=0.1, url=EMBEDDED_URL, embedded=True):
    max_workers = {"sync": 1, "ThreadPoolExecutor": 6}.get(method, n_requests)
    return {
        "n_requests": n_requests,
        "url": url,
        "target_embedded": embedded,
        "delay_s": delay_s,
        "rtt_s": 0.0 if embedded else None,
        "tls": False,
        "timeout": 30.0,
        "max_errors": 0,
        "max_workers": max_workers,
        "max_workers_reason": f"{method} reason",
    }


def cpu_params(method, workers=3, requested="auto"):
    if method == "sync":
        return {
            "start": 1000,
            "stop": 16000,
            "workers": 1,
            "workers_requested": requested,
            "workers_reason": "sync: one process",
        }
    return {
        "start": 1000,
        "stop": 16000,
        "workers": workers,
        "workers_requested": requested,
        "workers_reason": f"set: {workers}",
    }


def write_machine(folder, machine, speed=1.0, repeats=3, vary=None, **hardware):
    """runs.csv and summary.csv of one machine, as the workflow writes them.

    `vary(experiment, repeat)` may return hardware overrides for one run.
    """
    paths = []
    for experiment, (_, _, median) in EXPERIMENTS.items():
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
    aggregate_runs.write_runs_table(paths, runs_csv)
    summarize.write_summary(runs_csv, summary_csv, seed=1, resamples=RESAMPLES)
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


# --- compare_machines ----------------------------------------------------------


def test_compare_has_one_row_per_machine_and_experiment(two_machines):
    """The table has one row per machine × experiment, with the compare COLUMNS."""
    table, _ = two_machines
    assert list(table.columns) == list(compare_machines.COLUMNS)
    assert len(table) == 2 * len(EXPERIMENTS)
    pairs = set(zip(table["machine"], table["experiment"], strict=True))
    assert pairs == {(m, e) for m in ("fast", "slow") for e in EXPERIMENTS}


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
        summary = summarize.read_summary(summary_csv).set_index("experiment")
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
    assert len(rows) == len(EXPERIMENTS)
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
    compare_machines.plot(table, png)
    assert png.stat().st_size > 1000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_with_a_mixed_machine(tmp_path):
    """A mixed machine (NaN speedups) beside a clean one still gives a plot."""
    clean = write_machine(tmp_path, "clean")
    mixed = write_machine(tmp_path, "mixed", vary=lambda e, r: {"usable_cpus": 2 if r == 1 else 4})
    table = compare_machines.compare(["clean", "mixed"], [clean[0], mixed[0]], [clean[1], mixed[1]])
    assert "usable CPUs: 2 / 4" in table.loc[table["machine"] == "mixed", "mixed"].iloc[0]
    png = tmp_path / "machines.png"
    compare_machines.plot(table, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --- records.params_differences / runs_measured_otherwise --------------------

IO_OPTIONS = {"--n-requests": 100, "--timeout": 30, "--max-errors": 0, "--delay": 0.1}
CPU_OPTIONS = {"--start": 1000, "--stop": 16000, "--workers": "auto"}


def test_params_differences_names_the_differing_parameter():
    """A record with n_requests 10 under a config of 100 is named with both values."""
    params = io_params("sync", n_requests=10)
    assert records.params_differences(params, IO_OPTIONS) == "n_requests 10 (config: 100)"


def test_params_differences_lists_every_difference():
    """Several differing parameters are all named, comma-separated."""
    params = io_params("sync", n_requests=10, delay_s=0.02)
    assert records.params_differences(params, IO_OPTIONS) == (
        "n_requests 10 (config: 100), delay_s 0.02 (config: 0.1)"
    )


def test_params_differences_empty_when_identical():
    """A record measured with the config's own parameters gives ''."""
    assert records.params_differences(io_params("sync"), IO_OPTIONS) == ""
    assert records.params_differences(cpu_params("Pool"), CPU_OPTIONS) == ""


@pytest.mark.parametrize(
    "params, options",
    [
        (
            cpu_params("Pool", requested="2"),
            {**CPU_OPTIONS, "--workers": 2},
        ),  # "2" vs 2
        (cpu_params("Pool", requested=2), {**CPU_OPTIONS, "--workers": "2"}),
        (io_params("sync"), {**IO_OPTIONS, "--timeout": 30.0}),  # 30.0 vs 30
        ({**io_params("sync"), "timeout": 30}, IO_OPTIONS),
    ],
)
def test_params_differences_compares_numbers_as_numbers(params, options):
    """'2' and 2, 30 and 30.0 are the same value, not a difference."""
    assert records.params_differences(params, options) == ""


def test_params_differences_embedded_target_vs_real_url():
    """The embedded target against a config URL (or the reverse) is a difference."""
    real = "https://httpbin.org/ip"
    embedded = io_params("sync")
    differences = records.params_differences(embedded, {**IO_OPTIONS, "--url": real})
    assert differences == f"url {records.EMBEDDED} (config: {real})"
    remote = io_params("sync", url=real, embedded=False, delay_s=None)
    assert f"url {real} (config: {records.EMBEDDED})" in records.params_differences(
        remote, IO_OPTIONS
    )
    # The same real URL: its delay is not a parameter, so not compared.
    assert records.params_differences(remote, {**IO_OPTIONS, "--url": real}) == ""


def test_params_differences_ignores_the_embedded_servers_port():
    """Each embedded run has its own port: that is not a difference."""
    other_port = io_params("sync", url="http://127.0.0.1:51234/ip")
    assert records.params_differences(other_port, IO_OPTIONS) == ""


def write_records(folder, params_list):
    folder.mkdir(parents=True, exist_ok=True)
    for repeat, params in enumerate(params_list, start=1):
        record = {"schema_version": records.SCHEMA_VERSION, "params": params}
        (folder / f"{repeat}.json").write_text(json.dumps(record))


def test_runs_measured_otherwise_returns_first_differing_record(tmp_path):
    """The first record measured otherwise is named with its differences."""
    folder = tmp_path / "runs" / "io-bound_sync"
    write_records(
        folder,
        [io_params("sync"), io_params("sync", n_requests=10), io_params("sync", n_requests=20)],
    )
    found = records.runs_measured_otherwise(folder, IO_OPTIONS)
    assert found == (str(folder / "2.json"), "n_requests 10 (config: 100)")


def test_runs_measured_otherwise_none_when_all_agree_or_empty(tmp_path):
    """No record to protect (all agree, empty or missing folder): None."""
    agreeing = tmp_path / "agree"
    write_records(agreeing, [io_params("sync"), io_params("sync")])
    assert records.runs_measured_otherwise(agreeing, IO_OPTIONS) is None
    empty = tmp_path / "empty"
    empty.mkdir()
    assert records.runs_measured_otherwise(empty, IO_OPTIONS) is None
    assert records.runs_measured_otherwise(tmp_path / "missing", IO_OPTIONS) is None


def test_runs_measured_otherwise_skips_unreadable_records(tmp_path):
    """A half-written record is left to the aggregation, not taken as a difference."""
    folder = tmp_path / "runs"
    write_records(folder, [io_params("sync")])
    (folder / "0.json").write_text("{not json")
    assert records.runs_measured_otherwise(folder, IO_OPTIONS) is None


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
