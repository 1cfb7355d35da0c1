"""A run's memory: the proportional set size (PSS) summed over the client and
every live descendant (pool workers, a forkserver and its workers, a dask
nanny and its worker; sub-interpreters are threads of the client), sampled
through the timed region by a process of its own.

PSS, not RSS: a forked worker shares its parent's pages until it writes them,
and RSS counts each shared page once per process; PSS splits it among them,
so the sum over the tree is what the model takes from the machine. USS (the
pages no other process maps) is kept at the peak beside it.

Why a process of its own: a thread in the client would take the client's GIL
and show in its CPU time; this one is excluded from the client's CPU time
(concurrency_bench.run.costs) and reports its own, which the noise check
counts as ours. The embedded target is left out of the tree, as its CPU time
is left out of the client's.

    python -m concurrency_bench.run.sampler --pid PID [--interval-s S]

waits for a first line on its stdin, {"exclude": [PID, ...]} (the subtrees
left out), then prints one JSON line with the sum just before the timed
region (`base`); a second line on its stdin ends the sampling, and it prints
what it found.
"""

import argparse
import contextlib
import json
import os
import resource
import select
import subprocess
import sys
import time

import psutil

# 20 ms catches a task that holds memory for 0.3 s some 15 times over; the tree
# is walked again every 100 ms (a walk reads every process's /proc entry, about
# ten times a sample's cost), so a worker started late is missed 0.1 s at most.
INTERVAL_S = 0.05
TREE_EVERY_S = 0.25


def rollup_kib(pid):
    """(PSS, USS) of one process in KiB, from /proc/<pid>/smaps_rollup; None once gone."""
    pss = private = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                key, _, value = line.partition(":")
                if key == "Pss":
                    pss = int(value.split()[0])
                elif key in ("Private_Clean", "Private_Dirty"):
                    private += int(value.split()[0])
    except (OSError, ValueError):
        return None
    return pss, private


def descendants(root, excluded):
    """The pids of `root` and its live descendants, but those of `excluded`'s subtrees."""
    found = [root.pid]
    try:
        children = root.children(recursive=True)
    except psutil.Error:
        return found
    left_out = set(excluded)
    for child in children:
        try:
            if child.pid in left_out or child.ppid() in left_out:
                left_out.add(child.pid)
                continue
        except psutil.Error:
            continue
        found.append(child.pid)
    return found


class Tree:
    """The sums over the client's tree, sampled."""

    def __init__(self, pid, excluded):
        self.root = psutil.Process(pid)
        # The sampler itself is no part of the tree (unless it is the root).
        self.excluded = {*excluded, os.getpid()} - {pid}
        self.pids, self.walked_at = [], 0.0
        self.peak = {"pss_kib": 0, "uss_kib": 0, "processes": 0, "client_kib": 0}
        self.samples, self.max_gap_s, self.last_at = 0, 0.0, None

    def sample(self):
        now = time.monotonic()
        if now - self.walked_at >= TREE_EVERY_S:
            self.pids, self.walked_at = descendants(self.root, self.excluded), now
        read = [rollup_kib(pid) for pid in self.pids]
        found = [kib for kib in read if kib]
        total = {
            "pss_kib": sum(pss for pss, _ in found),
            "uss_kib": sum(uss for _, uss in found),
            "processes": len(found),
            # The client's own share (the root is first): what it holds itself,
            # its items and results, apart from its workers'.
            "client_kib": read[0][0] if read and read[0] else 0,
        }
        if total["pss_kib"] > self.peak["pss_kib"]:
            self.peak = total
        if self.last_at is not None:
            self.max_gap_s = max(self.max_gap_s, now - self.last_at)
        self.samples, self.last_at = self.samples + 1, now
        return total


def sample_until_told(pid, interval_s, commands=sys.stdin, out=sys.stdout):
    """The sampler's loop: once the first line on `commands` says which
    subtrees to leave out, the base; then samples until the next line comes."""
    excluded = json.loads(commands.readline() or "{}").get("exclude", [])
    tree = Tree(pid, excluded)
    base = tree.sample()
    print(json.dumps({"base": base}), file=out, flush=True)
    while not select.select([commands], [], [], interval_s)[0]:
        tree.sample()
    tree.sample()  # what is left at the end counts too
    spent = resource.getrusage(resource.RUSAGE_SELF)
    found = {
        "base_kib": base["pss_kib"],
        "peak_kib": tree.peak["pss_kib"],
        "peak_uss_kib": tree.peak["uss_kib"],
        "peak_processes": tree.peak["processes"],
        "peak_client_kib": tree.peak["client_kib"],
        "samples": tree.samples,
        "interval_s": interval_s,
        "max_gap_s": tree.max_gap_s,
        "sampler_cpu_s": spent.ru_utime + spent.ru_stime,
    }
    print(json.dumps(found), file=out, flush=True)


def measured(found):
    """The sampler's findings, or None where it read nothing: never zeros."""
    return found if found["peak_processes"] else None


class Sampler:
    """The sampling process, for the client: started early, so that its
    interpreter starts while the job sets up (the embedded target starts);
    its base taken by begin(), just before the timed region; told to stop
    after it."""

    def __init__(self, interval_s=INTERVAL_S):
        command = [sys.executable, "-m", "concurrency_bench.run.sampler", "--pid", str(os.getpid())]
        command += ["--interval-s", str(interval_s)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.base = self.found = None

    def begin(self, excluded=()):
        """Sample from now on, leaving out the subtrees of `excluded`'s pids."""
        self.process.stdin.write(json.dumps({"exclude": list(excluded)}) + "\n")
        self.process.stdin.flush()
        started = self.process.stdout.readline()
        if not started:
            self.process.wait()
            raise RuntimeError(f"the memory sampler ended at its start ({self.process.returncode})")
        self.base = json.loads(started)["base"]

    @property
    def pid(self):
        return self.process.pid

    def stop(self):
        """What the sampler found (memory_* of the record), None where it could
        read no process's memory (no smaps_rollup: not Linux 4.14+); once."""
        if self.process.poll() is None:
            self.process.stdin.write("stop\n")
            self.process.stdin.flush()
            self.found = measured(json.loads(self.process.stdout.readline()))
            self.process.wait()
        return self.found

    def end(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@contextlib.contextmanager
def started(enabled):
    """A Sampler's process, started (none if not `enabled`), ended on leaving."""
    if not enabled:
        yield None
        return
    sampler = Sampler()
    try:
        yield sampler
    finally:
        sampler.end()


@contextlib.contextmanager
def sampled(enabled, excluded=()):
    """A Sampler over this process's tree, sampling from now on (none if not
    `enabled`), ended on leaving."""
    with started(enabled) as sampler:
        if sampler:
            sampler.begin(excluded)
        yield sampler


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pid", type=int, required=True, help="the client's pid")
    parser.add_argument("--interval-s", type=float, default=INTERVAL_S)
    args = parser.parse_args(argv)
    sample_until_told(args.pid, args.interval_s)


if __name__ == "__main__":
    main()
