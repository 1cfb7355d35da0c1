"""Describe the machine and the Python that run an experiment.

Run as a script, it writes the host description (py-cpuinfo included) once per
machine, so that each benchmark job can reuse it instead of paying py-cpuinfo's
~1 s again:  python -m concurrency_bench.core.environment --output results/<machine>/host.json
"""

import argparse
import json
import multiprocessing
import os
import platform
import re
import socket
import sys
import sysconfig
from importlib import metadata

PACKAGES = ("requests", "httpx", "aiohttp", "py-cpuinfo")
CPUINFO_KEYS = (
    "brand_raw",
    "vendor_id_raw",
    "arch",
    "bits",
    "count",
    "hz_advertised_friendly",
    "hz_actual_friendly",
    "hz_advertised",
    "hz_actual",
    "l1_data_cache_size",
    "l1_instruction_cache_size",
    "l2_cache_size",
    "l3_cache_size",
    "family",
    "model",
    "stepping",
    "flags",
)


def package_version(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def memory_total_bytes():
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def usable_cpus():
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def gil_enabled():
    """Whether the GIL is on now: sys._is_gil_enabled() where it exists
    (3.13.0b1 and later), else from the build and its setting. A GIL build
    always has it; a free-threaded build from before 3.13.0b1 turns it off
    only when -X gil=0 or PYTHON_GIL=0 says so (-X wins, as in CPython)."""
    probe = getattr(sys, "_is_gil_enabled", None)
    if probe:
        return probe()
    if not sysconfig.get_config_var("Py_GIL_DISABLED"):
        return True
    return sys._xoptions.get("gil", os.environ.get("PYTHON_GIL")) != "0"


# What a free-threaded CPython (3.13.0b1 and later) warns when an extension
# module without the Py_mod_gil slot turns the GIL back on at its import.
REENABLED = re.compile(
    r"The global interpreter lock \(GIL\) has been enabled to load module '([^']+)'"
)


def gil_enabled_by():
    """The modules whose import turned the GIL back on, as their warnings left
    them in the modules' warning registries (the warning is shown once per
    place it was raised from); [] where none did."""
    found = []
    for module in list(sys.modules.values()):
        registry = getattr(module, "__warningregistry__", None) or {}
        for key in list(registry):
            match = isinstance(key, tuple) and REENABLED.search(str(key[0]))
            if match and match.group(1) not in found:
                found.append(match.group(1))
    return found


def implementation_version():
    """The interpreter's own version: CPython's is the language's (3.15.2),
    PyPy's its own (8.0.1, for the Python 3.11 language)."""
    version = sys.implementation.version
    text = f"{version.major}.{version.minor}.{version.micro}"
    return (
        text
        if version.releaselevel == "final"
        else f"{text}{version.releaselevel[0]}{version.serial}"
    )


def name_of(implementation, own_version, language_version):
    """'CPython 3.15.2', or with another implementation its own version before
    the language's: 'PyPy 8.0.1 (Python 3.11.17)'; without its own version
    (records before version 5), the language's only."""
    if implementation == "CPython" or not own_version:
        return f"{implementation} {language_version}"
    return f"{implementation} {own_version} (Python {language_version})"


def python_name():
    """This Python's name (name_of), as messages give it."""
    return name_of(
        platform.python_implementation(), implementation_version(), platform.python_version()
    )


def environment():
    """Cheap facts, collected for every run just before it is timed."""
    uname = platform.uname()
    return {
        "hostname": socket.gethostname(),
        "os": uname.system,
        "kernel": uname.release,
        "platform": platform.platform(),
        "python_version": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "implementation_version": implementation_version(),
        "python_executable": sys.executable,
        "python_build": " ".join(platform.python_build()),
        # Measured here, after the task's imports: one of them may have turned
        # the GIL back on (gil_enabled_by names it).
        "gil_enabled": gil_enabled(),
        "gil_enabled_by": gil_enabled_by(),
        # A free-threaded build (3.13t, 3.14t); PYTHON_GIL=1 turns its GIL back on.
        "free_threaded": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "python_gil_env": os.environ.get("PYTHON_GIL"),
        "mp_start_method": multiprocessing.get_start_method(),
        "packages": {name: package_version(name) for name in PACKAGES},
        "cpu_count": os.cpu_count(),
        "usable_cpus": usable_cpus(),
        "memory_total_bytes": memory_total_bytes(),
        "loadavg_before": list(os.getloadavg()),
    }


def measure_cpuinfo():
    import cpuinfo  # ~1 s: only where no cached description of this host exists

    info = cpuinfo.get_cpu_info()
    return {key: info.get(key) for key in CPUINFO_KEYS}


def host_description():
    return {"hostname": socket.gethostname(), "cpuinfo": measure_cpuinfo()}


def cpuinfo_for_this_host(cache_path):
    """(cpuinfo, source): the cached description if it was taken on this host."""
    if cache_path and os.path.exists(cache_path):
        with open(cache_path) as cache:
            cached = json.load(cache)
        if cached.get("hostname") == socket.gethostname():
            return cached["cpuinfo"], f"cached: {cache_path}"
    return measure_cpuinfo(), "measured in this run"


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", "-o", required=True, help="JSON file to write")
    args = parser.parse_args()
    from concurrency_bench.core.atomic import write_json_atomically

    write_json_atomically(args.output, host_description())
