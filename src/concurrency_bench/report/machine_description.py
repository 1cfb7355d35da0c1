"""The machine as the report describes it: its CPU, cores, memory, OS, Python
and packages, from the runs and py-cpuinfo's host.json."""

from concurrency_bench.analysis.runs import PACKAGE_COLUMNS
from concurrency_bench.words import distinct, python_names

GIB = 1024**3


def format_bytes(size):
    """py-cpuinfo gives cache sizes in bytes (older versions: a string)."""
    if not isinstance(size, int):
        return str(size)
    for unit in ("B", "KiB", "MiB"):
        if size < 1024 or unit == "MiB":
            return f"{size:g} {unit}"
        size /= 1024


def describe_machine(runs, host):
    cpuinfo = host["cpuinfo"]
    memory = runs["memory_total_bytes"].dropna()
    return {
        "hostnames": distinct(runs["hostname"]),
        "cpu_brand": distinct(runs["cpu_brand"]),
        "arch": cpuinfo.get("arch"),
        "hz": cpuinfo.get("hz_advertised_friendly") or cpuinfo.get("hz_actual_friendly"),
        "caches": ", ".join(
            f"{name} {format_bytes(cpuinfo[key])}"
            for name, key in [("L2", "l2_cache_size"), ("L3", "l3_cache_size")]
            if cpuinfo.get(key)
        ),
        "cpu_count": distinct(runs["cpu_count"]),
        "usable_cpus": distinct(runs["usable_cpus"]),
        "memory": f"{memory.max() / GIB:.1f} GiB" if not memory.empty else "unknown",
        "os": distinct(runs["os"] + " " + runs["kernel"]),
        "python": distinct(python_names(runs)),
        "mp_start_method": distinct(runs["mp_start_method"]),
        "packages": {name: distinct(runs[column]) for name, column in PACKAGE_COLUMNS.items()},
        "slurm": slurm_of(runs),
    }


def slurm_of(runs):
    """The SLURM partitions and nodes the runs were jobs on; None outside SLURM."""
    jobs = runs.dropna(subset=["slurm_job_id"])
    if jobs.empty:
        return None
    return {
        "partitions": distinct(jobs["slurm_partition"]),
        "nodes": distinct(jobs["slurm_node"]),
        "n_jobs": len(jobs),
        "n_runs": len(runs),
    }
