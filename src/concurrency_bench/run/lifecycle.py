"""The benchmark job around its timed region: what it costs besides that
region, and a clean end on Ctrl-C or SIGTERM."""

import ctypes
import datetime
import functools
import os
import signal
import sys
import threading
import time

import psutil

PR_SET_PDEATHSIG = 1  # linux/prctl.h
JOB_PID = os.getpid()
# What the job's threads block for the watcher, and what its children get back.
SIGNALS = {signal.SIGTERM, signal.SIGINT}
# The process that forks, as the child's check of its parent needs it.
forked_by = JOB_PID


def iso_utc(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, datetime.UTC).isoformat()


def end_children():
    for child in psutil.Process().children(recursive=True):
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass


def watch_for_signals(signals):
    """Wait for Ctrl-C or SIGTERM, then end the target and every pool worker
    at once and leave: no `finally` is needed, nor trusted (a Pool being torn
    down forks new workers, a ProcessPoolExecutor finishes its queue first)."""
    stop(signal.sigwait(signals))


def stop(signum, frame=None):
    end_children()
    os.write(2, f"fatal: stopped by {signal.Signals(signum).name}: no record written\n".encode())
    os._exit(128 + signum)


def remember_who_forks():
    global forked_by
    forked_by = os.getpid()


def die_with_the_job():
    """In a forked child (a pool worker): get SIGKILL when its parent is gone,
    however it ended, even if it forked this child while being torn down."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != forked_by:  # the parent ended before prctl took effect
        os._exit(1)


def clean_signals_in_child():
    """In a forked child: SIGTERM and SIGINT as in any new process, unblocked
    and at their defaults (the job's watcher thread is not in the child)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)


def with_signals_unblocked(start):
    """`start` (which execs a new program) with SIGTERM and SIGINT unblocked in
    the calling thread, so that the program begins with a clean mask; they are
    blocked again after. A signal in between goes to the job's handler, stop()."""

    @functools.wraps(start)
    def starting(*args, **kwargs):
        before = signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
        try:
            return start(*args, **kwargs)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, before)

    return starting


def programs_start_with_a_clean_mask():
    """A program the task runs (subprocess, a spawned or forkserver worker)
    inherits the mask of the thread that starts it, through exec: the paths
    that exec without Python's at-fork hooks unblock the signals first."""
    import _posixsubprocess
    import subprocess

    _posixsubprocess.fork_exec = with_signals_unblocked(_posixsubprocess.fork_exec)
    if getattr(subprocess, "_fork_exec", None) is not None:
        subprocess._fork_exec = with_signals_unblocked(subprocess._fork_exec)
    for name in ("posix_spawn", "posix_spawnp"):
        if hasattr(os, name):
            setattr(os, name, with_signals_unblocked(getattr(os, name)))


def end_with_the_parent():
    """The job gets SIGTERM when the process that started it (Snakemake's
    shell) is gone, however it ended, even by SIGKILL: the watcher then ends
    the target and the workers, and no record is written."""
    parent = os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent ended before prctl took effect
        os.kill(os.getpid(), signal.SIGTERM)


def start_os_thread(target, *args):
    """A thread of the OS, even where gevent has patched threading (its
    greenlets share one thread, which a watcher blocked in sigwait would stop)."""
    monkey = sys.modules.get("gevent.monkey")
    if monkey is not None and monkey.is_module_patched("threading"):
        monkey.get_original("_thread", "start_new_thread")(target, args)
    else:
        threading.Thread(target=target, args=args, name="signal-watcher", daemon=True).start()


def stop_cleanly_on_signals():
    """Ctrl-C and SIGTERM go to one watcher thread, whatever the job's other
    threads are blocked in: the signals are blocked in every thread (those
    started later inherit the mask), and the watcher waits for them."""
    signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    start_os_thread(watch_for_signals, SIGNALS)
    # Threads started before (by a library's import: numpy's BLAS, say) take
    # the signals unblocked; the main thread then ends the job the same way.
    for signum in SIGNALS:
        signal.signal(signum, stop)
    # What the task starts gets the signals back: a forked child at once, a
    # program from its first instruction.
    os.register_at_fork(before=remember_who_forks, after_in_child=clean_signals_in_child)
    programs_start_with_a_clean_mask()
    if sys.platform == "linux":
        end_with_the_parent()
        os.register_at_fork(after_in_child=die_with_the_job)


# The signals that ended a pool's workers (watch_worker_deaths): a pool that
# breaks says only that one died.
signals_of_dead_children = []


def watch_worker_deaths():
    """Note each multiprocessing child found killed by a signal when it is
    joined (a broken pool joins its workers), whatever its start method."""
    from multiprocessing.process import BaseProcess

    join = BaseProcess.join

    @functools.wraps(join)
    def noting(self, timeout=None):
        join(self, timeout)
        if self.exitcode is not None and self.exitcode < 0:
            signals_of_dead_children.append(-self.exitcode)

    BaseProcess.join = noting


def how_workers_died():
    """' (killed by SIGKILL)': the first signal that killed a child, SIGTERM
    last (a broken pool sends it to the others); '' if none did."""
    if not signals_of_dead_children:
        return ""
    first = min(signals_of_dead_children, key=lambda s: s == signal.SIGTERM)
    return f" (killed by {signal.Signals(first).name})"


def seconds_since_process_start():
    """How long ago this process started, to about 10 ms.

    Linux: the process's start tick against the uptime, both counted from boot
    (psutil's create_time rounds the boot time to whole seconds)."""
    try:
        with open("/proc/self/stat") as stat, open("/proc/uptime") as uptime:
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
            return float(uptime.read().split()[0]) - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time() - psutil.Process().create_time()


# Where a SLURM job ran: {record["job"] key: the variable SLURM sets in the job}.
SLURM = {
    "slurm_job_id": "SLURM_JOB_ID",
    "slurm_node": "SLURMD_NODENAME",
    "slurm_partition": "SLURM_JOB_PARTITION",
}


def cluster_job():
    """The SLURM job this run was, its node and partition; all None outside SLURM."""
    if "SLURM_JOB_ID" not in os.environ:
        return dict.fromkeys(SLURM)
    return {key: os.environ.get(variable) for key, variable in SLURM.items()}


def job_costs(entered, timed_from, timed_to):
    """What this job cost besides its timed region, in seconds (wall clock):
    the interpreter's start and imports, the set-up before the timed region
    (metadata, the target), and the tear-down after it."""
    now = time.time()
    process_started = now - seconds_since_process_start()
    return {
        "process_started_at": iso_utc(process_started),
        "finished_at": iso_utc(now),
        "startup_s": entered - process_started,
        "setup_s": timed_from - entered,
        "teardown_s": now - timed_to,
        "total_s": now - process_started,
    }
