"""src/concurrency_bench/analysis/runs.py: run records flattened into the runs table, checked, in
the catalog's order, with integers kept integers."""

import json

import pandas as pd
import pytest
from concurrency_bench.analysis import runs as runs_module
from concurrency_bench.record.run_record import RecordError

from script_runner import CATALOG
from synthetic import CATALOG as WITH_YOURS
from synthetic import make_record, write_records, yours

# Written in this (scrambled) order on purpose.
MIXED_RUNS = {
    ("cpu-bound_sync", 1): 4.0,
    ("io-bound_sync", 2): 1.2,
    ("cpu-bound_parallel_1", 1): 2.5,
    ("io-bound_concurrent_3", 1): 0.2,
    ("io-bound_sync", 1): 1.1,
}


@pytest.fixture
def mixed_runs(tmp_path):
    return runs_module.runs_table(write_records(tmp_path / "runs", MIXED_RUNS), CATALOG)


def test_runs_table_has_one_row_per_record_and_every_column(mixed_runs):
    """runs.csv: one row per run record, the documented columns in their order."""
    assert len(mixed_runs) == len(MIXED_RUNS)
    assert list(mixed_runs.columns) == list(runs_module.COLUMNS)
    rows = set(zip(mixed_runs["experiment"], mixed_runs["repeat"], strict=True))
    assert rows == set(MIXED_RUNS)


def test_runs_table_sorts_by_workload_then_catalog_order_then_repeat(mixed_runs):
    """http runs come before the sieve's; within a workload in the catalog's
    order (the baseline first), then by repeat."""
    order = list(zip(mixed_runs["experiment"], mixed_runs["repeat"], strict=True))
    assert order == [
        ("io-bound_sync", 1),
        ("io-bound_sync", 2),
        ("io-bound_concurrent_3", 1),
        ("cpu-bound_sync", 1),
        ("cpu-bound_parallel_1", 1),
    ]
    assert list(mixed_runs["workload"]) == ["http", "http", "http", "sieve", "sieve"]


def test_runs_table_integer_columns_stay_integers(mixed_runs):
    """repeat, n_requests, workers...: nullable integers, never 1000.0 or NaN
    floats, though http rows have no `start` and the sieve's no `n_requests`."""
    for column in runs_module.INTEGER_COLUMNS:
        assert mixed_runs[column].dtype == "Int64", column
    io = mixed_runs[mixed_runs["workload"] == "http"]
    cpu = mixed_runs[mixed_runs["workload"] == "sieve"]
    assert io["start"].isna().all() and cpu["n_requests"].isna().all()
    assert list(cpu["start"]) == [1000, 1000]
    assert list(io["n_requests"]) == [10, 10, 10]
    # Every workload counts its tasks: requests, numbers.
    assert list(mixed_runs["n_tasks"]) == [10, 10, 10, 100, 100]


def test_runs_table_flattens_the_record(mixed_runs):
    """Each row carries the run's parameters, outcome, host and job costs."""
    cpu = mixed_runs.set_index("experiment").loc["cpu-bound_parallel_1"]
    assert (cpu["workers"], cpu["workers_requested"]) == (2, "auto")
    assert cpu["concurrency_reason"] == "multiprocessing.Pool: 2"
    assert cpu["elapsed_s"] == 2.5
    assert (cpu["observed_tasks"], cpu["errors"]) == (100, 0)
    assert (cpu["hostname"], cpu["cpu_brand"]) == ("test-machine", "Test CPU 3000")
    assert cpu["loadavg_1m_before"] == 0.25
    assert cpu["job_total_s"] == 3.0
    io = mixed_runs.set_index("experiment").loc["io-bound_concurrent_3"]
    assert (io["timeout_s"], io["max_workers"], io["delay_s"]) == (30.0, 10, 0.1)
    assert bool(io["target_embedded"]) is True


def test_runs_csv_round_trip_keeps_integers(tmp_path):
    """runs.csv as written and read back: integers stay integers (1000, not 1000.0)."""
    paths = write_records(tmp_path / "runs", MIXED_RUNS)
    output = tmp_path / "runs.csv"
    runs_module.write_runs_table(paths, CATALOG, output)
    assert "1000.0" not in output.read_text()
    runs = runs_module.read_runs(output)
    for column in runs_module.INTEGER_COLUMNS:
        assert runs[column].dtype == "Int64", column
    assert len(runs) == len(MIXED_RUNS)


def test_with_catalog_adds_what_the_catalog_says(mixed_runs):
    """Each row gets its experiment's baseline, family, origin, kind and
    options (connection reuse, how its requests are capped), as its catalog
    row gives them."""
    described = runs_module.with_catalog(mixed_runs, CATALOG)
    for row in described.itertuples():
        experiment = CATALOG[row.experiment]
        assert row.baseline == experiment.baseline
        assert row.family == experiment.family
        assert row.origin == experiment.origin
        assert row.kind == experiment.kind
        assert row.reuses_connections == experiment.option("reuses_connections")
        # An empty cell where its workload has no such option, or the row sets none.
        assert (None if pd.isna(row.at_once) else row.at_once) == experiment.option("at_once")


def test_runs_table_skips_experiments_not_in_the_catalog(tmp_path, capsys):
    """A record of an experiment the catalog does not have (copied from another
    version of the project) is named in a warning and left out."""
    paths = write_records(tmp_path / "runs", MIXED_RUNS)
    stranger = tmp_path / "runs" / "io-bound_gone-1.json"
    stranger.write_text(json.dumps({**make_record("io-bound_sync"), "experiment": "io-bound_gone"}))
    runs = runs_module.runs_table([*paths, stranger], CATALOG)
    assert len(runs) == len(MIXED_RUNS)
    assert "io-bound_gone" not in set(runs["experiment"])
    warning = capsys.readouterr().err
    assert "'io-bound_gone'" in warning and CATALOG.path in warning


def test_runs_table_stops_at_the_first_bad_record_naming_it(tmp_path):
    """One bad record among good ones stops the aggregation, naming that file."""
    paths = write_records(tmp_path / "runs", MIXED_RUNS)
    bad = tmp_path / "runs" / "io-bound_sync-3.json"
    bad.write_text(json.dumps(make_record("io-bound_sync", 3, schema_version=99)))
    with pytest.raises(RecordError, match=str(bad)):
        runs_module.runs_table([*paths, bad], CATALOG)


def test_runs_table_can_skip_bad_records_with_a_warning(tmp_path, capsys):
    """analysis.skip_bad_records: the bad file is named in a warning and left out."""
    paths = write_records(tmp_path / "runs", MIXED_RUNS)
    bad = tmp_path / "runs" / "broken.json"
    bad.write_text("{")
    runs = runs_module.runs_table([bad, *paths], CATALOG, skip_bad=True)
    assert len(runs) == len(MIXED_RUNS)
    assert str(bad) in capsys.readouterr().err


def test_runs_table_has_each_runs_parallelism(tmp_path):
    """parallelism = (the client's CPU time and its workers') / elapsed_s, in
    runs.csv as written and read back."""
    paths = write_records(tmp_path / "runs", MIXED_RUNS)
    output = tmp_path / "runs.csv"
    runs_module.write_runs_table(paths, CATALOG, output)
    runs = runs_module.read_runs(output)
    # The synthetic records: 0.05 s user + 0.01 s system, no children.
    expected = [0.06 / elapsed for elapsed in runs["elapsed_s"]]
    assert runs["parallelism"].tolist() == pytest.approx(expected)
    busy = make_record("cpu-bound_parallel_1", elapsed_s=2.0)
    busy["resources"] |= {"children_cpu_user_s": 3.5, "children_cpu_system_s": 0.44}
    path = tmp_path / "busy.json"
    path.write_text(json.dumps(busy))
    row = runs_module.runs_table([path], CATALOG).iloc[0]
    assert row["parallelism"] == pytest.approx((0.05 + 0.01 + 3.5 + 0.44) / 2.0)


def test_runs_table_without_resources_has_no_parallelism(tmp_path):
    """A record without its resources (version 2) has no parallelism: NaN, not 0."""
    path = tmp_path / "old.json"
    path.write_text(json.dumps(make_record("io-bound_sync", resources=None)))
    assert runs_module.runs_table([path], CATALOG)["parallelism"].isna().all()


def test_runs_of_your_workload_keep_its_task_and_profile(tmp_path):
    """A run of <workload>/<model>: its workload, task, inputs, tasks in flight
    and the profile's facts, each in its own column (integers as integers)."""
    threads = yours("threads")
    paths = write_records(tmp_path / "runs", {(yours("sync"), 1): 4.0, (threads, 1): 1.0})
    output = tmp_path / "runs.csv"
    runs_module.write_runs_table(paths, WITH_YOURS, output)
    runs = runs_module.read_runs(output).set_index("experiment")
    assert list(runs.index) == [yours("sync"), threads]  # the sync loop first
    row = runs.loc[threads]
    assert row["workload"] == "hashing"
    assert row["task"] == "examples/workloads/hashing.py:task"
    assert row["inputs"] == "examples/workloads/hashing.py:inputs"
    assert (row["n_tasks"], row["n_items"], row["in_flight"], row["workers"]) == (64, 64, 2, 2)
    assert (row["cpu_share"], row["task_s"], row["transfer_s"]) == (1.0, 0.01, 1e-5)
    assert (row["item_bytes"], row["result_bytes"]) == (30.0, 80.0)
    for column in ("n_tasks", "n_items", "in_flight"):
        assert runs[column].dtype == "Int64", column
