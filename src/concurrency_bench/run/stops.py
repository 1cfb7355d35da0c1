"""What a run records besides its time: its measured part (or none, for a
skipped run), and how it stops when it goes wrong: a task that fails, a pool
that loses a worker, a deadline that passes."""

import os
import sys
import time

from concurrency_bench.core import traced
from concurrency_bench.core.traced import TaskFailed
from concurrency_bench.run import costs, lifecycle


def task_failure(error):
    """The task's failure in `error`, or in the group a task group raised
    (asyncio.TaskGroup, anyio); None if it is something else."""
    if isinstance(error, TaskFailed):
        return error
    for inner in getattr(error, "exceptions", ()):
        if found := task_failure(inner):
            return found
    return None


def measured(setup, output, before, after, started_at, elapsed_s, tree_memory=None):
    """The record's measured part: the timed region, what the tasks printed,
    what the two snapshots say it cost, and the memory sampler's findings."""
    spent = costs.resources(before, after)
    sampler_cpu_s = tree_memory["sampler_cpu_s"] if tree_memory else 0.0
    return {
        "elapsed_s": elapsed_s,
        "started_at": lifecycle.iso_utc(started_at),
        "finished_at": lifecycle.iso_utc(started_at + elapsed_s),
        "errors": output.errors(),
        "observed": output.workers(),
        "latency": output.latencies() if setup.latencies else None,
        "resources": spent,
        "noise": costs.noise(before, after, spent, sampler_cpu_s),
        "target": setup.target.description() if setup.target else None,
        "memory": tree_memory,
    }


def not_measured(now):
    """The measured part of a skipped run: no timed region, nothing spent."""
    return {
        "elapsed_s": None,
        "started_at": lifecycle.iso_utc(now),
        "finished_at": lifecycle.iso_utc(now),
        "errors": {"count": 0, "by_problem": {}},
        "observed": {"tasks": 0, "pids": [], "n_pids": 0, "threads": [], "n_threads": 0},
        **dict.fromkeys(["latency", "resources", "noise", "target", "memory"]),
    }


def worker_died(error):
    """Why the pool broke, if a worker process died under it (the pool's
    BrokenProcessPool, joblib's TerminatedWorkerError); None otherwise."""
    if type(error).__name__ not in ("BrokenProcessPool", "TerminatedWorkerError"):
        return None
    said = (str(error).splitlines() or [""])[0]  # one line: the report lists it
    return f"a worker process died{lifecycle.how_workers_died()} ({type(error).__name__}: {said})"


def errors_text(errors, lead):
    """', 4900x PoolTimeout, 100x ConnectTimeout' (with `lead`), or '' without errors."""
    if not errors["count"]:
        return ""
    return lead + ", ".join(f"{n}x {what}" for what, n in errors["by_problem"].items())


class Stops:
    """The ways a Measurement (concurrency_bench.run.harness) stops short."""

    @property
    def records_faults(self):
        """A model that fails (a worker dies, the deadline passes) is recorded
        with its reason, the job succeeding, so that the other models run:
        for a workload of the user's, or in a sweep."""
        return self.setup.items_done is not None or self.args.record_failure

    def measured_so_far(self, output, before, started_at):
        elapsed_s = time.time() - started_at
        after = self.snapshot()
        self.measured = measured(
            self.setup, output.so_far(), before, after, started_at, elapsed_s, self.tree_memory()
        )

    def broken(self, reason, output, before, started_at):
        """A worker of the pool died: the outcome failed, with its reason."""
        self.measured_so_far(output, before, started_at)
        reason = f"workload {self.workload.name}: {self.experiment.name}: {reason}"
        self.outcome = {"status": "failed", "reason": reason}
        print(f"failed: {reason}", file=sys.stderr, flush=True)

    def expire(self, output, before, started_at):
        """Past the deadline (in the watcher thread): record or fail, and leave."""
        if self.setup.items_done is not None:
            return self.time_out(output, before, started_at)
        self.measured_so_far(output, before, started_at)
        answered = (self.measured["latency"] or {}).get("n", 0)
        reason = (
            f"deadline {self.setup.deadline_s:.0f} s passed with {answered:,} of "
            f"{self.setup.n_tasks:,} {self.setup.task_noun} answered"
            f"{errors_text(self.measured['errors'], ', ')}"
        )
        if self.args.record_failure:
            self.outcome = {"status": "failed", "reason": reason}
            self.write()
        os.write(2, f"fatal: {reason}\n".encode())
        lifecycle.end_children()
        os._exit(0 if self.args.record_failure else 1)

    def time_out(self, output, before, started_at):
        """A model of the user's workload past its deadline: outcome `timed
        out`, with the items done; the job ends its tree and succeeds."""
        self.measured_so_far(output, before, started_at)
        reason = (
            f"workload {self.workload.name}: {self.experiment.name}: did not finish in "
            f"{self.setup.deadline_s:.0f} s, {self.setup.items_done()} of "
            f"{self.setup.n_tasks} items done"
        )
        self.outcome = {"status": "timed out", "reason": reason}
        self.write()
        traced.stop_counting()
        os.write(2, f"timed out: {reason}\n".encode())
        lifecycle.end_children()
        os._exit(0)
