"""The benchmark job around its timed region: what it costs besides that
region, and a clean end on Ctrl-C or SIGTERM."""

import ctypes
import datetime
import os
import signal
import sys
import threading
import time

import psutil

PR_SET_PDEATHSIG = 1  # linux/prctl.h
JOB_PID = os.getpid()


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


def die_with_the_job():
    """In a forked child (a pool worker): get SIGKILL when the job is gone,
    however it ended, even if it forked this child while being torn down."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != JOB_PID:  # the job ended before prctl took effect
        os._exit(1)


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
    signals = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    start_os_thread(watch_for_signals, signals)
    # Threads started before (by a library's import: numpy's BLAS, say) take
    # the signals unblocked; the main thread then ends the job the same way.
    for signum in signals:
        signal.signal(signum, stop)
    if sys.platform == "linux":
        end_with_the_parent()
        os.register_at_fork(after_in_child=die_with_the_job)


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
