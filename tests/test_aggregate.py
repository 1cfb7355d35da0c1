"""Aggregation on synthetic run records: the runs table, the summary's numbers,
bad records named by file, and records written whole or not at all."""

import copy
import json
import math
from pathlib import Path

import aggregate_runs
import pytest
import summarize
import yaml
from records import RecordError, load_record, make_validator, write_json_atomically

from script_runner import EXPERIMENTS
from synthetic import make_record

ARTICLE = Path(__file__).resolve().parent.parent / "report/article_figures.yaml"
RESAMPLES = 2_000  # the bootstrap is not under test here; keep it quick


def write_records(folder, runs):
    """{(experiment, repeat): elapsed_s} -> one JSON file per run; their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for (experiment, repeat), elapsed_s in runs.items():
        path = folder / f"{experiment}-{repeat}.json"
        path.write_text(json.dumps(make_record(experiment, repeat, elapsed_s)))
        paths.append(path)
    return paths


@pytest.fixture(scope="module")
def validator():
    return make_validator()


@pytest.mark.parametrize("experiment", EXPERIMENTS)
def test_synthetic_record_matches_the_schema(experiment, tmp_path, validator):
    """The helper's records are what the schema asks for (guards the tests below)."""
    path = tmp_path / "run.json"
    path.write_text(json.dumps(make_record(experiment)))
    assert load_record(path, validator)["experiment"] == experiment


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
    return aggregate_runs.runs_table(write_records(tmp_path / "runs", MIXED_RUNS))


def test_runs_table_has_one_row_per_record_and_every_column(mixed_runs):
    """runs.csv: one row per run record, the documented columns in their order."""
    assert len(mixed_runs) == len(MIXED_RUNS)
    assert list(mixed_runs.columns) == list(aggregate_runs.COLUMNS)
    rows = set(zip(mixed_runs["experiment"], mixed_runs["repeat"], strict=True))
    assert rows == set(MIXED_RUNS)


def test_runs_table_sorts_io_before_cpu_then_by_name_and_repeat(mixed_runs):
    """I/O runs come before CPU runs; within a kind by experiment name, then repeat."""
    order = list(zip(mixed_runs["experiment"], mixed_runs["repeat"], strict=True))
    assert order == [
        ("io-bound_concurrent_3", 1),
        ("io-bound_sync", 1),
        ("io-bound_sync", 2),
        ("cpu-bound_parallel_1", 1),
        ("cpu-bound_sync", 1),
    ]
    assert list(mixed_runs["kind"]) == ["io", "io", "io", "cpu", "cpu"]


def test_runs_table_integer_columns_stay_integers(mixed_runs):
    """repeat, n_requests, workers...: nullable integers, never 1000.0 or NaN
    floats, though I/O rows have no `start` and CPU rows no `n_requests`."""
    for column in aggregate_runs.INTEGER_COLUMNS:
        assert mixed_runs[column].dtype == "Int64", column
    io = mixed_runs[mixed_runs["kind"] == "io"]
    cpu = mixed_runs[mixed_runs["kind"] == "cpu"]
    assert io["start"].isna().all() and cpu["n_requests"].isna().all()
    assert list(cpu["start"]) == [1000, 1000]
    assert list(io["n_requests"]) == [10, 10, 10]


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
    aggregate_runs.write_runs_table(paths, output)
    assert "1000.0" not in output.read_text()
    runs = aggregate_runs.read_runs(output)
    for column in aggregate_runs.INTEGER_COLUMNS:
        assert runs[column].dtype == "Int64", column
    assert len(runs) == len(MIXED_RUNS)


KNOWN_TIMES = {
    "io-bound_sync": [11.0, 9.0, 10.0],  # median 10
    "io-bound_concurrent_1": [5.0, 1.0, 4.0, 2.0, 3.0],  # median 3, IQR 4 - 2
    "io-bound_concurrent_3": [2.0, 2.0, 2.0],  # median 2: speedup 10 / 2
    "cpu-bound_parallel_2": [2.0],
    "cpu-bound_sync": [4.0],
}


@pytest.fixture
def known_summary(tmp_path):
    runs = {
        (experiment, repeat): elapsed_s
        for experiment, times in KNOWN_TIMES.items()
        for repeat, elapsed_s in enumerate(times, start=1)
    }
    table = aggregate_runs.runs_table(write_records(tmp_path / "runs", runs))
    summary = summarize.summarize(table, resamples=RESAMPLES)
    return summary.set_index("experiment")


def test_summary_order_is_io_then_cpu_sync_first(known_summary):
    """One row per experiment: I/O before CPU, each kind's sync baseline first."""
    assert list(known_summary.index) == [
        "io-bound_sync",
        "io-bound_concurrent_1",
        "io-bound_concurrent_3",
        "cpu-bound_sync",
        "cpu-bound_parallel_2",
    ]


def test_summary_spread_on_known_times(known_summary):
    """Times 1, 2, 3, 4, 5: median 3, min 1, max 5, quartiles 2 and 4, IQR 2."""
    row = known_summary.loc["io-bound_concurrent_1"]
    assert row["n"] == 5
    assert row["median_s"] == 3.0
    assert (row["min_s"], row["max_s"]) == (1.0, 5.0)
    assert (row["q1_s"], row["q3_s"], row["iqr_s"]) == (2.0, 4.0, 2.0)
    assert row["mean_s"] == 3.0
    assert row["std_s"] == pytest.approx(math.sqrt(2.5))  # sample std, ddof=1


def test_summary_speedup_is_sync_median_over_median(known_summary):
    """speedup = median of the kind's sync runs / median of the experiment's."""
    speedup = known_summary["speedup"]
    assert speedup["io-bound_concurrent_3"] == pytest.approx(5.0)
    assert speedup["io-bound_concurrent_1"] == pytest.approx(10 / 3)
    assert speedup["io-bound_sync"] == 1.0
    assert speedup["cpu-bound_parallel_2"] == pytest.approx(2.0)
    assert speedup["cpu-bound_sync"] == 1.0


def test_summary_single_run_has_no_spread(known_summary):
    """One run: its time is the median, min and max; the std is NaN, not 0."""
    row = known_summary.loc["cpu-bound_sync"]
    assert (row["n"], row["median_s"], row["min_s"], row["max_s"]) == (1, 4, 4, 4)
    assert math.isnan(row["std_s"])


def test_summary_concurrency_and_errors(known_summary):
    """concurrency: max_workers for I/O, worker processes for CPU; errors summed."""
    assert known_summary.loc["io-bound_concurrent_3", "concurrency"] == 10
    assert known_summary.loc["cpu-bound_parallel_2", "concurrency"] == 2
    assert known_summary.loc["cpu-bound_sync", "concurrency"] == 1
    assert (known_summary["errors"] == 0).all()


def test_article_speedups_from_the_published_figures():
    """The article's own figures get their speedups the same way: e.g. asyncio
    in the testdriven.io run, 15.711 s / 0.554 s."""
    article = yaml.safe_load(ARTICLE.read_text())
    table = summarize.article_speedups(article)
    rows = table.set_index(["experiment", "source"])
    row = rows.loc[("io-bound_concurrent_3", "testdriven")]
    assert row["time_s"] == 0.554
    assert row["speedup"] == pytest.approx(15.711 / 0.554)
    assert rows.loc[("io-bound_sync", "testdriven"), "speedup"] == 1.0
    assert rows.loc[("cpu-bound_parallel_1", "ryzen_4600u"), "speedup"] == (
        pytest.approx(13.374 / 3.015)
    )
    assert len(table) == len(article["figures"]) * len(article["sources"])


def bad_records():
    """name -> (file content, what the message must say besides the path)."""
    good = make_record("io-bound_sync")
    old = copy.deepcopy(good)
    old["schema_version"] = 99
    missing = copy.deepcopy(good)
    del missing["machine"]
    wrong_type = copy.deepcopy(good)
    wrong_type["errors"]["count"] = "none"
    return {
        "not-json": ('{"experiment": "io-bound_sync", ', "not valid JSON"),
        "empty": ("", "not valid JSON"),
        "json-list": ("[1, 2]", "schema_version"),
        "schema-99": (json.dumps(old), "99"),
        "missing-key": (json.dumps(missing), "machine"),
        "wrong-type": (json.dumps(wrong_type), "errors/count"),
    }


@pytest.mark.parametrize("name", bad_records())
def test_bad_record_raises_record_error_naming_the_file(name, tmp_path, validator):
    """A record that is not JSON, of another schema_version, or of the wrong shape
    is refused with RecordError, and the message names the file."""
    content, said = bad_records()[name]
    path = tmp_path / f"{name}.json"
    path.write_text(content)
    with pytest.raises(RecordError) as refused:
        load_record(path, validator)
    assert str(path) in str(refused.value)
    assert said in str(refused.value)


def test_record_that_is_not_text_raises_record_error(tmp_path, validator):
    """A binary (corrupted) record file is refused like any other bad record."""
    path = tmp_path / "corrupt.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(RecordError, match=str(path)):
        load_record(path, validator)


def test_runs_table_stops_at_the_first_bad_record_naming_it(tmp_path):
    """One bad record among good ones stops the aggregation, naming that file."""
    paths = write_records(tmp_path / "runs", MIXED_RUNS)
    bad = tmp_path / "runs" / "io-bound_sync-3.json"
    bad.write_text(json.dumps(make_record("io-bound_sync", 3, schema_version=99)))
    with pytest.raises(RecordError, match=str(bad)):
        aggregate_runs.runs_table([*paths, bad])


def test_runs_table_can_skip_bad_records_with_a_warning(tmp_path, capsys):
    """analysis.skip_bad_records: the bad file is named in a warning and left out."""
    paths = write_records(tmp_path / "runs", MIXED_RUNS)
    bad = tmp_path / "runs" / "broken.json"
    bad.write_text("{")
    runs = aggregate_runs.runs_table([bad, *paths], skip_bad=True)
    assert len(runs) == len(MIXED_RUNS)
    assert str(bad) in capsys.readouterr().err


def test_write_json_atomically_writes_and_leaves_no_temp_file(tmp_path):
    """The record is written whole, in a folder made for it, and nothing else."""
    path = tmp_path / "results" / "runs" / "1.json"
    write_json_atomically(path, {"elapsed_s": 1.5})
    assert json.loads(path.read_text()) == {"elapsed_s": 1.5}
    write_json_atomically(path, {"elapsed_s": 2.5})
    assert json.loads(path.read_text()) == {"elapsed_s": 2.5}
    assert [p.name for p in path.parent.iterdir()] == ["1.json"]


def test_failed_write_keeps_the_old_record_intact(tmp_path):
    """A write that fails half-way (here: json.dump meets an object it cannot
    serialise after writing part of the file) leaves the old record as it was,
    and no temporary file."""
    path = tmp_path / "1.json"
    write_json_atomically(path, {"elapsed_s": 1.5})
    before = path.read_bytes()
    with pytest.raises(TypeError):
        write_json_atomically(path, {"elapsed_s": 2.5, "oops": object()})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["1.json"]


def test_failed_first_write_leaves_no_file(tmp_path):
    """A write that fails before any record existed leaves no file at all."""
    path = tmp_path / "1.json"
    with pytest.raises(TypeError):
        write_json_atomically(path, {"oops": {1, 2}})
    assert list(tmp_path.iterdir()) == []


def test_summary_counts_are_integers(known_summary):
    """The summary's counts are integers (n, concurrency, errors), not floats."""
    for column in ("n", "concurrency", "errors"):
        assert known_summary[column].dtype == "Int64", column
