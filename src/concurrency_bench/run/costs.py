"""What a run's timed region cost the machine, and what else ran beside it.

A snapshot is taken just before main() and one just after; their difference
is recorded with the run:
- resources: CPU time (user, system) of the client process and of its
  descendants: pool workers reaped inside main(), live ones (loky's, a dask
  cluster's), and those a live child reaped (a forkserver's workers, Python
  3.14's default start method on Linux, are children of the forkserver, not of
  the client), peak RSS,
  context switches; the embedded target's own CPU time, read from its process.
- noise: what disturbed the run: CPU steal (a hypervisor's other guests), the
  CPU time of every other process on the machine, the frequency governor and
  the current frequency where the system shows them.
The machine-wide figures come from /proc/stat in clock ticks (10 ms).
"""

import os
import resource
from dataclasses import dataclass

import psutil

TICK_S = 1 / os.sysconf("SC_CLK_TCK")
CPUFREQ = "/sys/devices/system/cpu/cpu0/cpufreq"


def machine_ticks():
    """(busy, steal) CPU seconds of the whole machine since boot (/proc/stat)."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None, None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq) * TICK_S, steal * TICK_S


def process_cpu_s(process):
    """User + system CPU seconds of a live process (a Popen; 0 once it is gone)."""
    if process is None:
        return 0.0
    try:
        times = psutil.Process(process.pid).cpu_times()
        return times.user + times.system
    except psutil.Error:
        return 0.0


def read_text(path):
    try:
        with open(path) as file:
            return file.read().strip()
    except OSError:
        return None


def cpu_frequency_mhz():
    """The current frequency of CPU 0, from cpufreq or /proc/cpuinfo; None if hidden."""
    khz = read_text(f"{CPUFREQ}/scaling_cur_freq")
    if khz:
        return int(khz) / 1000
    for line in (read_text("/proc/cpuinfo") or "").splitlines():
        if line.startswith("cpu MHz"):
            return float(line.split(":")[1])
    return None


def tree_pids(process):
    """The pids of a live process (a Popen) and of its descendants."""
    if process is None:
        return set()
    try:
        return {process.pid, *(c.pid for c in psutil.Process(process.pid).children(recursive=True))}
    except psutil.Error:
        return {process.pid}


def live_children_cpu_s(others=frozenset()):
    """(user, system) CPU seconds of this process's live descendants, each with
    the children it has reaped (psutil's children_user/system: the kernel's
    cutime, cstime): a live grandchild is in no one's cutime yet (a dask
    nanny's worker, a forkserver's); the pids of `others` (the target's tree,
    the memory sampler) are not the client's."""
    user = system = 0.0
    for child in psutil.Process().children(recursive=True):
        if child.pid in others:
            continue
        try:
            times = child.cpu_times()
        except psutil.Error:
            continue
        user += times.user + times.children_user
        system += times.system + times.children_system
    return user, system


@dataclass
class Snapshot:
    own: resource.struct_rusage
    children: resource.struct_rusage
    live_children: tuple  # (user, system), see live_children_cpu_s
    target_cpu_s: float
    busy_s: float | None
    steal_s: float | None
    rss_kib: int

    @classmethod
    def take(cls, target_process=None, sampler_pid=None):
        """Now; the target's tree and the memory sampler (a child of the
        client, measuring it) are left out of the client's CPU time."""
        busy, steal = machine_ticks()
        others = tree_pids(target_process) | ({sampler_pid} if sampler_pid else set())
        return cls(
            own=resource.getrusage(resource.RUSAGE_SELF),
            children=resource.getrusage(resource.RUSAGE_CHILDREN),
            live_children=live_children_cpu_s(others),
            target_cpu_s=process_cpu_s(target_process),
            busy_s=busy,
            steal_s=steal,
            rss_kib=psutil.Process().memory_info().rss // 1024,
        )


def difference(before, after, field):
    return getattr(after, field) - getattr(before, field)


def resources(before, after):
    """What the timed region cost, from two Snapshots."""
    own, children = (before.own, after.own), (before.children, after.children)
    return {
        "cpu_user_s": difference(*own, "ru_utime"),
        "cpu_system_s": difference(*own, "ru_stime"),
        "children_cpu_user_s": difference(*children, "ru_utime")
        + max(0.0, after.live_children[0] - before.live_children[0]),
        "children_cpu_system_s": difference(*children, "ru_stime")
        + max(0.0, after.live_children[1] - before.live_children[1]),
        "rss_before_kib": before.rss_kib,
        "max_rss_kib": after.own.ru_maxrss,
        "children_max_rss_kib": after.children.ru_maxrss,
        "ctx_voluntary": difference(*own, "ru_nvcsw") + difference(*children, "ru_nvcsw"),
        "ctx_involuntary": difference(*own, "ru_nivcsw") + difference(*children, "ru_nivcsw"),
        "target_cpu_s": after.target_cpu_s - before.target_cpu_s,
    }


def noise(before, after, spent, sampler_cpu_s=0.0):
    """What else took the CPUs during the timed region; `spent` is resources()'s,
    `sampler_cpu_s` the memory sampler's own (ours, not another process's)."""
    machine_busy = None if before.busy_s is None else after.busy_s - before.busy_s
    ours = (
        spent["cpu_user_s"]
        + spent["cpu_system_s"]
        + spent["children_cpu_user_s"]
        + spent["children_cpu_system_s"]
        + spent["target_cpu_s"]
        + sampler_cpu_s
    )
    return {
        "machine_busy_s": machine_busy,
        # Tick-rounded on both sides: a few ticks of "others" are rounding.
        "other_processes_cpu_s": None if machine_busy is None else max(0.0, machine_busy - ours),
        "steal_s": None if before.steal_s is None else after.steal_s - before.steal_s,
        "ctx_involuntary": spent["ctx_involuntary"],
        "governor": read_text(f"{CPUFREQ}/scaling_governor"),
        "cpu_mhz": cpu_frequency_mhz(),
    }
