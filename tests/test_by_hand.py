"""src/concurrency_bench/analysis/by_hand.py: the command line that repeats a run by hand, from its
record: each parameter its workload declares that the experiment takes, as the
record kept what was asked for."""

import sys

from concurrency_bench.analysis import by_hand

from script_runner import CATALOG as PROJECT_CATALOG
from synthetic import CATALOG, YOUR_SPEC, make_record, yours


def words(experiment, tmp_path, **changes):
    record = make_record(experiment, **changes)
    row = by_hand.experiment_of(record, PROJECT_CATALOG)
    line = by_hand.command(record, row, "script.py", "out.json", tmp_path)
    assert line[:4] == [sys.executable, "script.py", "--output", "out.json"]
    return line[4:]


def test_an_http_run_is_repeated_with_its_requests_and_target(tmp_path):
    """The embedded target's delay and round trip; no --max-workers where the
    executor picked its own default, no --url for the embedded target."""
    line = words("io-bound_concurrent_2", tmp_path)
    assert line[:2] == ["--n-requests", "10"]
    assert ["--timeout", "30.0"] == line[line.index("--timeout") : line.index("--timeout") + 2]
    assert "--delay" in line and "--rtt" in line
    assert "--max-workers" not in line and "--url" not in line and "--tls" not in line


def test_a_run_against_a_real_url_names_it_and_no_delay(tmp_path):
    record = make_record("io-bound_sync")
    params = {**record["params"], "url": "https://example.org/ip", "target_embedded": False}
    line = words("io-bound_sync", tmp_path, params={**params, "delay_s": None, "rtt_s": None})
    assert line[line.index("--url") + 1] == "https://example.org/ip"
    assert "--delay" not in line and "--rtt" not in line


def test_a_sieve_run_asks_for_its_workers_as_it_did(tmp_path):
    """A pool asked for `auto`, as the workflow gives it; the sync loop takes no --workers."""
    line = words("cpu-bound_parallel_1", tmp_path)
    assert line == ["--start", "1000", "--stop", "1100", "--workers", "auto"]
    assert words("cpu-bound_sync", tmp_path) == ["--start", "1000", "--stop", "1100"]


def test_your_workloads_run_names_its_workload_task_and_profile(tmp_path):
    """A model of `any`: its workload, task, inputs, in flight and the profile
    the workflow made for it; its script is its model's."""
    threads = yours("threads")
    profile = tmp_path / "workloads" / "hashing" / "profile.json"
    profile.parent.mkdir(parents=True)
    profile.write_text("{}")
    record = make_record(threads)
    assert by_hand.experiment_of(record, PROJECT_CATALOG) == CATALOG[threads]
    options = by_hand.options(record, CATALOG[threads], tmp_path)
    assert options == {
        "--workload": "hashing",
        "--task": YOUR_SPEC["task"],
        "--task-async": YOUR_SPEC["task_async"],
        "--inputs": YOUR_SPEC["inputs"],
        "--profile": str(profile),
        "--in-flight": 2,
    }
