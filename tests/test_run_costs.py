"""What every record of schema version 3 keeps besides the time: the run's CPU,
memory, context switches, latencies, the target's CPU and interpreter, the
open-files limit, the noise; and how an I/O run's deadline ends it."""

import json
import sys

from concurrency_bench.record.run_record import SCHEMA_VERSION, load_record, make_validator

from script_runner import run_script


def test_an_io_record_keeps_cost_latency_target_and_limits(tmp_path, host):
    output = tmp_path / "run.json"
    result = run_script(
        "io-bound_concurrent_1",
        "--n-requests",
        8,
        "--delay",
        0.05,
        "--host-info",
        host,
        "-o",
        output,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    record = load_record(output, make_validator())
    assert record["schema_version"] == SCHEMA_VERSION == 7
    assert record["left_running"] == {"n": 0, "names": []}
    # A version 5 record, from before the SLURM keys of `job` and the tree's
    # memory, is read with its job as it is and its memory null.
    del record["job"]["slurm_job_id"], record["job"]["slurm_node"]
    del record["job"]["slurm_partition"]
    old = tmp_path / "version5.json"
    version5 = {**record, "schema_version": 5}
    del version5["memory"]
    old.write_text(json.dumps(version5))
    read = load_record(old, make_validator())
    assert read["job"] == record["job"] and read["memory"] is None
    latency = record["latency"]
    assert latency["n"] == 8 and len(latency["raw_s"]) == 8
    # Each answer came after the target's delay, and the percentiles are ordered.
    assert min(latency["raw_s"]) >= 0.05
    assert latency["p50_s"] <= latency["p90_s"] <= latency["p99_s"] <= latency["max_s"]
    resources = record["resources"]
    assert resources["cpu_user_s"] + resources["cpu_system_s"] > 0
    assert resources["max_rss_kib"] >= resources["rss_before_kib"] > 0
    assert resources["target_cpu_s"] >= 0
    # The target ran under the interpreter given (by default this one) and says so.
    assert record["target"]["python_executable"] == sys.executable
    assert record["target"]["listen_backlog"] >= 1
    limits = record["limits"]
    assert limits["nofile_soft"] == limits["nofile_hard"] >= limits["nofile_soft_before"]
    assert record["outcome"] == {"status": "ok", "reason": None}
    assert record["params"]["deadline_s"] >= 45  # io.min_deadline_s's default


def test_a_cpu_record_counts_its_workers_cpu(tmp_path, host):
    output = tmp_path / "run.json"
    result = run_script(
        "cpu-bound_parallel_1",
        "--start",
        1000,
        "--stop",
        3000,
        "--workers",
        2,
        "--host-info",
        host,
        "-o",
        output,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    record = load_record(output, make_validator())
    resources = record["resources"]
    # The sieve ran in the pool's workers, reaped inside the timed region.
    assert resources["children_cpu_user_s"] > resources["cpu_user_s"]
    # One number in ten timed itself (the last one a worker timed may be lost
    # when Pool terminates it before its next flush).
    assert 200 - 2 <= record["latency"]["n"] <= 200
    assert record["target"] is None
    assert record["params"]["start_method"] in ("fork", "forkserver", "spawn")
    noise = record["noise"]
    assert noise["other_processes_cpu_s"] is None or noise["other_processes_cpu_s"] >= 0


def test_a_record_of_schema_version_2_is_still_read(tmp_path, host):
    output = tmp_path / "run.json"
    result = run_script(
        "io-bound_sync",
        "--n-requests",
        2,
        "--delay",
        0,
        "--host-info",
        host,
        "-o",
        output,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(output.read_text())
    for block in (
        "family",
        "run_index",
        "outcome",
        "latency",
        "resources",
        "noise",
        "target",
        "limits",
    ):
        del record[block]
    # Before version 4 a record named its kind, not its workload, nor n_tasks.
    del record["workload"], record["params"]["n_tasks"]
    old = tmp_path / "old.json"
    old.write_text(json.dumps({**record, "kind": "io", "schema_version": 2}))
    read = load_record(old, make_validator())
    assert read["outcome"]["status"] == "ok" and read["resources"] is None
    assert read["workload"] == "http" and read["params"]["n_tasks"] == 2
    assert read["elapsed_s"] == record["elapsed_s"]


def test_past_its_deadline_a_run_stops_with_its_reason(tmp_path, host):
    """Three requests of 5 s each, one at a time: bound 15 s; a deadline of
    0.1 x 15 s, at least 1 s, stops it before any answer, and it says so: a
    fatal error naming the deadline and how far the run got, and no record."""
    output = tmp_path / "run.json"
    result = run_script(
        "io-bound_sync",
        "--n-requests",
        3,
        "--delay",
        5,
        "--deadline-factor",
        0.1,
        "--min-deadline",
        1,
        "--host-info",
        host,
        "-o",
        output,
        cwd=tmp_path,
        timeout=30,
    )
    assert result.returncode == 1
    assert "fatal: deadline 2 s passed with 0 of 3 requests answered" in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()


def test_with_record_failure_a_run_past_its_deadline_is_a_failed_outcome(tmp_path, host):
    output = tmp_path / "run.json"
    result = run_script(
        "io-bound_concurrent_2",
        "--n-requests",
        4,
        "--max-workers",
        1,
        "--delay",
        1,
        "--deadline-factor",
        0.3,
        "--min-deadline",
        1,
        "--record-failure",
        "--host-info",
        host,
        "-o",
        output,
        cwd=tmp_path,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    record = load_record(output, make_validator())
    assert record["outcome"]["status"] == "failed"
    assert "passed with 1 of 4 requests answered" in record["outcome"]["reason"]
    assert record["latency"]["n"] == 1


def test_with_record_failure_errors_make_a_failed_outcome(tmp_path, host):
    output = tmp_path / "run.json"
    result = run_script(
        "io-bound_sync",
        "--n-requests",
        3,
        "--url",
        "http://127.0.0.1:9/ip",
        "--record-failure",
        "--host-info",
        host,
        "-o",
        output,
        cwd=tmp_path,
    )
    # Nobody serves the URL: refused before anything is timed, record or not.
    assert result.returncode == 1 and "unreachable" in result.stderr
    assert not output.exists()
