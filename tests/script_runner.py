"""Shared by the unit tests: the experiment scripts, running them, watching processes."""

import json
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
from concurrency_bench.record import catalog

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
# What the tests know of the experiments: the catalog, as the workflow reads it.
CATALOG = catalog.load()


def script(experiment):
    return str(SCRIPTS / f"{experiment}.py")


def run_script(experiment, *args, cwd, timeout=60):
    """Run scripts/<experiment>.py with this interpreter; capture its output."""
    return subprocess.run(
        [sys.executable, script(experiment), *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def skipped_without(module, experiment, *args, cwd, host, validator):
    """The record of a run of scripts/<experiment>.py on a Python where
    `module` cannot be imported (as PyPy lacks uvloop and trustme), checked to
    be skipped, nothing timed, by a job that succeeded."""
    from concurrency_bench.record.run_record import load_record

    output = cwd / "run.json"
    argv = [script(experiment), *map(str, args), "--output", str(output), "--host-info", str(host)]
    runner = (
        f"import runpy, sys; sys.modules[{module!r}] = None; "
        f"sys.path.insert(0, {str(SCRIPTS)!r}); sys.argv = {argv!r}; "
        "runpy.run_path(sys.argv[0], run_name='__main__')"
    )
    result = subprocess.run(
        [sys.executable, "-c", runner],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    record = load_record(output, validator)
    assert record["outcome"]["status"] == "skipped" and record["elapsed_s"] is None
    return record


def start_script(experiment, *args, cwd, stderr=subprocess.DEVNULL):
    """Start scripts/<experiment>.py in the background, its output discarded
    (or its stderr written to the open file `stderr`)."""
    return subprocess.Popen(
        [sys.executable, script(experiment), *map(str, args)],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
    )


def closed_port():
    """A loopback port nobody listens on (bound, then released at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate, timeout, interval=0.05):
    """True as soon as predicate() is; False if `timeout` seconds pass first."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)


def is_gone(process):
    """A psutil.Process that has exited (a zombie waiting for its reaper counts)."""
    try:
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def process_tree(pid):
    """The process `pid` and all its descendants, as psutil.Process objects."""
    root = psutil.Process(pid)
    return [root, *root.children(recursive=True)]


def kill_all(processes):
    """Clean-up after a test: SIGKILL those of `processes` still running."""
    for process in processes:
        if not is_gone(process):
            try:
                process.kill()
            except psutil.NoSuchProcess:
                pass


def server_children(pid):
    """The embedded target servers started by process `pid`."""
    found = []
    for child in psutil.Process(pid).children():
        try:
            if any("target/server.py" in part for part in child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def host_info(tmp_path_factory):
    """host.json from `python -m concurrency_bench.core.environment`, made once per test session,
    so that the scripts run with --host-info do not pay py-cpuinfo's second each time."""
    path = tmp_path_factory.getbasetemp() / "host.json"
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "concurrency_bench.core.environment", "--output", str(path)],
            check=True,
            timeout=60,
        )
    return path


def processes_mentioning(text):
    """Running processes whose command line contains `text` (e.g. a run's unique
    --output path: finds its workers even once they are orphaned)."""
    found = []
    for process in psutil.process_iter(["cmdline"]):
        if text in " ".join(process.info["cmdline"] or []) and not is_gone(process):
            found.append(process)
    return found


def running_with(*texts):
    """(pid, command line) of the live processes, read from /proc, whose
    command line holds one of `texts` (zombies are gone already)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state != "Z" and any(text in cmdline for text in texts):
            found.append((int(entry.name), cmdline))
    return found


# Writes, as the job ends, which top-level modules it imported.
IMPORTED = (
    "import atexit, runpy, sys; "
    "atexit.register(lambda: open({out!r}, 'w').write('\\n'.join(sorted(sys.modules)))); "
    "sys.path.insert(0, {scripts!r}); sys.argv = {argv!r}; "
    "runpy.run_path(sys.argv[0], run_name='__main__')"
)


def run_under(python, project, experiment, *args, cwd, host):
    """Run one experiment's script under `python`: (its record, the top-level
    modules it imported)."""
    output, modules = cwd / f"{experiment}.json", cwd / f"{experiment}.modules"
    argv = [str(project / f"scripts/{experiment}.py"), *map(str, args)]
    argv += ["--output", str(output), "--host-info", str(host)]
    code = IMPORTED.format(out=str(modules), scripts=str(project / "scripts"), argv=argv)
    result = subprocess.run(
        [python, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    imported = {name.split(".")[0] for name in modules.read_text().split()}
    return json.loads(output.read_text()), imported
