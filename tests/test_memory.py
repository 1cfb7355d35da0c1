"""Memory measured over the whole process tree (src/concurrency_bench/run/sampler.py): what the
sampler sums and leaves out, what each model holds on a task that holds
memory, how the report says it, and what an old record gives."""

import json
import os
import subprocess
import sys
import time

import pandas as pd
import psutil
import pytest
from concurrency_bench import models
from concurrency_bench.analysis import peak_memory as memory_analysis
from concurrency_bench.analysis import ties
from concurrency_bench.analysis.runs import flatten
from concurrency_bench.plots.memory_front import pareto_front
from concurrency_bench.record.run_record import load_record, upgraded
from concurrency_bench.run import costs, sampler
from concurrency_bench.workflow import pipeline

from script_runner import CATALOG, run_script
from synthetic import make_record, row_of, runs_frame, summary_of

MIB = 2**20
# A child that holds `MB` written megabytes until it is killed.
HOLDER = "import sys, time; block = b'x' * (int(sys.argv[1]) << 20); print('ready', flush=True); time.sleep(60)"


@pytest.fixture
def holder():
    """A child of this process holding 24 MB; killed after the test."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, "24"], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline().strip() == "ready"
    yield child
    child.kill()
    child.wait()


def test_the_tree_sums_a_child_and_leaves_an_excluded_one_out(holder):
    whole = sampler.Tree(os.getpid(), excluded=()).sample()
    alone = sampler.Tree(os.getpid(), excluded=[holder.pid]).sample()
    assert whole["processes"] == alone["processes"] + 1
    # The child's 24 MB are its own pages: in its PSS and its USS.
    assert whole["pss_kib"] - alone["pss_kib"] >= 24 * 1024
    assert whole["uss_kib"] - alone["uss_kib"] >= 24 * 1024


def test_the_sampler_catches_a_short_peak_and_counts_neither_itself_nor_its_cpu_as_ours():
    with sampler.sampled(True) as running:
        assert running.base["processes"] == 1  # the sampler leaves itself out
        before = costs.Snapshot.take(sampler_pid=running.pid)
        child = subprocess.Popen([sys.executable, "-c", HOLDER, "32"], stdout=subprocess.PIPE)
        child.stdout.readline()
        time.sleep(0.3)
        child.kill()
        child.wait()
        time.sleep(0.1)
        after = costs.Snapshot.take(sampler_pid=running.pid)
        found = running.stop()
    assert found["peak_kib"] - found["base_kib"] >= 32 * 1024
    assert found["peak_processes"] == 2
    # The child's block is in the tree's peak, not in the client's own share of it.
    assert found["peak_kib"] - found["peak_client_kib"] >= 32 * 1024
    assert found["samples"] >= 5 and found["max_gap_s"] < 0.3
    assert found["sampler_cpu_s"] > 0
    # The sampler is alive through both snapshots: not the client's child CPU.
    assert after.live_children[0] - before.live_children[0] < found["sampler_cpu_s"]
    assert not psutil.Process().children()  # ended on leaving


def run_model(script, tmp_path, host, *options):
    """One run of a model of `any` on tasks that each hold 16 MB for 0.3 s; its memory."""
    output = tmp_path / f"{script}.json"
    task = tmp_path / "hold.py"
    task.write_text(
        "import time\n"
        "def task(item):\n"
        "    block = b'x' * (16 << 20)\n"
        "    time.sleep(0.3)\n"
        "    return item + len(block)\n"
        "def inputs():\n"
        "    return list(range(4))\n"
    )
    result = run_script(
        script,
        "--workload",
        "hold",
        "--task",
        f"{task}:task",
        "--inputs",
        f"{task}:inputs",
        *options,
        "--host-info",
        host,
        "-o",
        output,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(output.read_text())["memory"]


def test_each_model_holds_what_its_tasks_at_once_hold(tmp_path, host):
    sync = run_model("sync_loop", tmp_path, host)
    threads = run_model("thread_pool_map", tmp_path, host, "--in-flight", 2)
    processes = run_model("process_pool_map", tmp_path, host, "--workers", 2)
    block = 16 * 1024
    # The sync loop holds one block at a time, above what it held before.
    assert sync["peak_kib"] - sync["base_kib"] >= 0.9 * block
    # Two threads hold two blocks in one process: one more than the sync loop.
    assert 0.6 * block <= threads["peak_kib"] - sync["peak_kib"] <= 1.6 * block
    assert threads["peak_processes"] == 1
    # Two workers hold the blocks as well, and are interpreters of their own.
    assert processes["peak_kib"] > threads["peak_kib"]
    assert processes["peak_processes"] == 3


def test_a_run_without_the_sampler_records_no_memory(tmp_path, host):
    output = tmp_path / "run.json"
    result = run_script(
        "cpu-bound_sync",
        "--stop",
        1100,
        "--no-memory-sampler",
        "--host-info",
        host,
        "-o",
        output,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(output.read_text())["memory"] is None


def test_a_record_before_version_6_reads_with_no_memory_and_no_zeros(tmp_path, validator):
    record = make_record("cpu-bound_sync", schema_version=5)
    del record["memory"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(record))
    read = load_record(path, validator)
    assert read["memory"] is None
    row = flatten(read)
    assert row["memory_peak_kib"] is None and row["memory_base_kib"] is None
    assert upgraded(dict(record), 5)["memory"] is None


def memory_summary(peaks, processes=None, clients=None):
    """A summary of the sieve's sync loop, Pool and threads with these peaks (KiB)."""
    runs = runs_frame({name: [1.0, 1.01, 0.99] for name in peaks})
    for name, peak in peaks.items():
        here = runs["experiment"] == name
        runs.loc[here, "memory_peak_kib"] = peak
        runs.loc[here, "memory_base_kib"] = 30_000
        runs.loc[here, "memory_peak_uss_kib"] = peak - 4_000
        runs.loc[here, "memory_peak_processes"] = (processes or {}).get(name, 1)
        runs.loc[here, "memory_peak_client_kib"] = (clients or {}).get(name, peak)
    return summary_of(runs)


def summary_row(summary, experiment):
    """A summary row as the report reads it (itertuples)."""
    return next(summary[summary["experiment"] == experiment].itertuples())


def test_the_sentence_says_how_far_above_the_sync_loop_and_where_it_went():
    summary = memory_summary(
        {
            "cpu-bound_sync": 31 * 1024,
            "cpu-bound_parallel_1": 81 * 1024,
            "cpu-bound_concurrent_1": 41 * 1024,
        },
        processes={"cpu-bound_parallel_1": 3},
        clients={"cpu-bound_parallel_1": 41 * 1024},
    )
    assert row_of(summary, "cpu-bound_parallel_1")["memory_over_baseline_kib"] == 50 * 1024
    said = memory_analysis.sentence(summary_row(summary, "cpu-bound_parallel_1"))
    assert said.startswith(
        "Memory: peak 81.0 MiB (PSS of 3 processes), 50.0 MiB above the sync loop's"
    )
    assert "in 2 more processes at the peak, 25.00 MiB each" not in said
    # The client's own share is measured apart: 41 - 31 MiB of the 50 are its own.
    assert (
        "40.0 MiB in 2 more processes at the peak (20.00 MiB each) and 10.0 MiB more in "
        "the client process itself."
    ) in said
    said = memory_analysis.sentence(summary_row(summary, "cpu-bound_concurrent_1"))
    assert "10.0 MiB above the sync loop's, in the same process, with 2 tasks at once" in said
    said = memory_analysis.sentence(summary_row(summary, "cpu-bound_sync"))
    assert said == "Memory: peak 31.0 MiB (PSS of 1 process)."


def test_no_sentence_where_no_memory_was_measured():
    summary = summary_of(runs_frame({"cpu-bound_sync": [1.0, 1.1]}))
    assert pd.isna(row_of(summary, "cpu-bound_sync")["memory_peak_kib"])
    assert memory_analysis.unmeasured(summary) == ["cpu-bound_sync"]


def test_the_pareto_front_keeps_the_fastest_for_its_memory():
    points = pd.DataFrame(
        {
            "experiment": ["sync", "threads", "pool", "bloated"],
            "memory_mib": [30, 40, 80, 90],
            "median_s": [2.0, 1.9, 1.0, 1.5],
        }
    )
    assert list(pareto_front(points)["experiment"]) == ["sync", "threads", "pool"]


def test_a_tie_in_time_puts_the_smaller_model_first_saying_how_much_less():
    Row = pd.Series
    smaller = Row(
        {"experiment": "a", "memory_peak_kib": 40 * 1024, "client_cpu_s": 2.0, "kind": "threads"}
    )
    larger = Row(
        {"experiment": "b", "memory_peak_kib": 100 * 1024, "client_cpu_s": 1.0, "kind": "processes"}
    )
    left, said = ties.by_cost([larger, smaller], 0.05)
    assert [row.experiment for row in left] == ["a"]
    assert said == [
        "the least memory, by more than 5%: 60.0 MiB less than the next (`b` 100.0 MiB, `a` 40.0 MiB)"
    ]


def test_the_ablation_names_its_key_and_runs_only_what_the_config_runs():
    config = {
        "sampler": True,
        "ablation": {"experiments": ["cpu-bound_sync", "io-bound_sync"], "repeats": 4},
    }
    assert pipeline.sampler_ablation(config, ["cpu-bound_sync"], CATALOG, 3) == {
        "cpu-bound_sync": 3
    }
    assert (
        pipeline.sampler_ablation({**config, "sampler": False}, ["cpu-bound_sync"], CATALOG, 3)
        == {}
    )
    with pytest.raises(
        pipeline.ConfigError, match="memory.ablation.experiments: no experiment 'nope'"
    ):
        pipeline.sampler_ablation({"ablation": {"experiments": ["nope"]}}, [], CATALOG, 3)


def test_the_sampler_cost_is_a_ratio_of_the_twins_medians(tmp_path):
    def records(folder, times):
        folder.mkdir()
        paths = []
        for repeat, seconds in enumerate(times, 1):
            path = folder / f"{repeat}.json"
            path.write_text(json.dumps(make_record("cpu-bound_sync", repeat, seconds)))
            paths.append(path)
        return paths

    sampled = records(tmp_path / "on", [1.02, 1.03, 1.01, 1.02])
    unsampled = records(tmp_path / "off", [1.0, 1.01, 0.99, 1.0])
    (row,) = memory_analysis.sampler_cost(sampled, unsampled, seed=1, resamples=500).itertuples()
    assert row.pairs == 4 and row.ratio == pytest.approx(1.02)
    assert row.ci_low <= row.ratio <= row.ci_high
    assert memory_analysis.cost_reading(row).startswith("the sampler cost 2.0%")


def test_memory_per_task_in_flight_divides_by_the_tasks_each_kind_had_created():
    # asyncio.gather creates every task up front, whatever caps the connections.
    assert models.COROUTINES.held_at_once(tasks=1000, threads=1, concurrency=100) == 1000
    # A thread pool of 6 ran the 100 requests on its 6 threads; one per request: 100.
    assert models.THREADS.held_at_once(tasks=100, threads=6, concurrency=6) == 6
    assert models.THREADS.held_at_once(tasks=100, threads=100, concurrency=100) == 100
    assert models.PROCESSES.held_at_once(tasks=3000, threads=2, concurrency=2) == 2
    assert models.SYNC.held_at_once(tasks=100, threads=1, concurrency=1) == 1


def test_a_sampler_that_could_read_no_memory_records_none_not_zeros():
    nothing = {"base_kib": 0, "peak_kib": 0, "peak_processes": 0}
    assert sampler.measured(nothing) is None
    assert sampler.measured({**nothing, "peak_kib": 9, "peak_processes": 1})["peak_kib"] == 9
