"""The benchmark job around its timed region: what it costs besides that
region, and a clean end on Ctrl-C or SIGTERM."""

import datetime
import os
import signal
import sys
import time

import psutil


def iso_utc(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, datetime.UTC).isoformat()


def end_children_and_exit(signum, frame):
    """End the target and every pool worker at once, then leave through every
    `finally`: a ProcessPoolExecutor would otherwise finish all its queued work
    before its `with` block lets go."""
    for child in psutil.Process().children(recursive=True):
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass
    sys.exit(128 + signum)


def stop_cleanly_on_signals():
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, end_children_and_exit)


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


def costs(entered, timed_from, timed_to):
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
