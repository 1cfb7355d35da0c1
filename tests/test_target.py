"""The embedded target: what it serves, that it keeps up with 100 clients at once,
and that neither it nor an experiment script ever outlives its run."""

import json
import select
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
from concurrency_bench.target import embedded as target_module
from concurrency_bench.target.embedded import embedded_target

from script_runner import (
    closed_port,
    is_gone,
    kill_all,
    process_tree,
    processes_mentioning,
    server_children,
    start_script,
    wait_until,
)

DELAY_S = 0.2
CLIENTS = 100


def get_json(url, timeout=10):
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        return answer.status, json.load(answer)


@pytest.fixture(scope="module")
def slow_target():
    """The embedded target with a 0.2 s delay per /ip request."""
    with embedded_target(None, DELAY_S) as target:
        yield target


def test_ip_answers_with_the_clients_origin(slow_target):
    """GET /ip is httpbin-like JSON: {"origin": <client address>}."""
    status, body = get_json(slow_target.url)
    assert status == 200
    assert body == {"origin": "127.0.0.1"}


@pytest.mark.parametrize("asked, slept", [("0.05", 0.05), ("0", 0.0), ("-3", 0.0)])
def test_delay_endpoint_reports_the_delay_it_slept(slow_target, asked, slept):
    """GET /delay/{seconds} sleeps that long (never negative) and says so."""
    base = slow_target.url.removesuffix("/ip")
    status, body = get_json(f"{base}/delay/{asked}")
    assert status == 200
    assert body["delay_s"] == slept
    assert body["origin"] == "127.0.0.1"


def test_delay_endpoint_refuses_a_non_number(slow_target):
    """GET /delay/abc is a 400, not a server error."""
    base = slow_target.url.removesuffix("/ip")
    with pytest.raises(urllib.error.HTTPError) as refused:
        get_json(f"{base}/delay/abc")
    assert refused.value.code == 400


def test_hundred_concurrent_clients_are_served_at_once(slow_target):
    """100 clients at once all get 200, and the target says it held most of them
    at the same time (all, unless the clients were slow to send).

    This is what the I/O experiments rely on: the target itself must never be the
    bottleneck that makes concurrency look useless. A server that answered one
    request at a time, or a few, would report a peak of one, or a few.
    """
    together = threading.Barrier(CLIENTS)

    def fetch(_):
        together.wait(timeout=30)  # every client sends at once
        return get_json(slow_target.url, timeout=30)[0]

    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = list(pool.map(fetch, range(CLIENTS)))
    assert statuses == [200] * CLIENTS
    _, about = get_json(slow_target.url.removesuffix("/ip") + "/about")
    assert about["peak_in_flight"] >= CLIENTS // 2


def test_server_listens_on_loopback_only(slow_target):
    """The target is reachable from this machine only: every listening socket is
    bound to 127.0.0.1, and the URL handed to the experiment says so."""
    assert slow_target.embedded
    assert slow_target.url.startswith("http://127.0.0.1:")
    server = psutil.Process(slow_target.process.pid)
    listening = [
        connection.laddr
        for connection in server.net_connections(kind="inet")
        if connection.status == psutil.CONN_LISTEN
    ]
    assert listening, "the server has no listening socket"
    assert {address.ip for address in listening} == {"127.0.0.1"}
    port = int(slow_target.url.rsplit(":", 1)[1].split("/")[0])
    assert port in {address.port for address in listening}


def test_server_is_gone_after_the_run():
    """Leaving the with-block stops and reaps the server; its port stops answering."""
    with embedded_target(None, 0.0) as target:
        process = target.process
        assert process.poll() is None
        get_json(target.url)
    assert process.poll() is not None
    assert not psutil.pid_exists(process.pid)
    with pytest.raises(OSError):
        get_json(target.url, timeout=2)


def test_server_is_gone_when_the_run_raises():
    """An exception inside the with-block still stops the server."""
    with (
        pytest.raises(RuntimeError, match="boom"),
        embedded_target(None, 0.0) as target,
    ):
        process = target.process
        raise RuntimeError("boom")
    assert process.poll() is not None
    assert not psutil.pid_exists(process.pid)


def test_given_url_starts_no_server(slow_target):
    """With a real URL the target is that URL (once it answers), and no process
    is started."""
    me = psutil.Process()
    before = {child.pid for child in me.children()}
    with embedded_target(slow_target.url, 0.1) as target:
        assert target.url == slow_target.url
        assert target.embedded is False
        assert target.process is None
        assert {child.pid for child in me.children()} == before


PARENT = """
import time
from concurrency_bench.target.embedded import embedded_target
with embedded_target(None, 0.0) as target:
    print(target.process.pid, flush=True)
    time.sleep(60)
"""


def test_server_exits_when_its_parent_is_killed():
    """A run killed with SIGKILL (no clean-up at all) leaves no server behind."""
    parent = subprocess.Popen([sys.executable, "-c", PARENT], stdout=subprocess.PIPE, text=True)
    server = None
    try:
        ready, _, _ = select.select([parent.stdout], [], [], 20)
        assert ready, "the parent did not start its target"
        server_pid = int(parent.stdout.readline())
        [server] = server_children(parent.pid)
        assert server.pid == server_pid
        parent.kill()
        parent.wait(10)
        assert wait_until(lambda: is_gone(server), timeout=5), "orphaned server lives"
    finally:
        parent.kill()
        parent.wait(10)
        parent.stdout.close()
        if server is not None:
            kill_all([server])


ORPHAN_AT_ONCE = f"""
import os, subprocess, sys
server = subprocess.Popen(
    [sys.executable, {str(target_module.SERVER)!r}, "--port", "0",
     "--parent", str(os.getpid())],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
)
print(server.pid, flush=True)
"""


def test_server_exits_when_its_parent_dies_during_startup():
    """Even a parent that dies while the server is still starting leaves no server
    (the harness names itself with --parent)."""
    parent = subprocess.run(
        [sys.executable, "-c", ORPHAN_AT_ONCE],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    )
    server = psutil.Process(int(parent.stdout))
    try:
        assert wait_until(lambda: is_gone(server), timeout=3), "orphaned server lives"
    finally:
        kill_all([server])


def test_script_against_a_closed_port_fails_and_leaves_nothing(tmp_path, host):
    """io-bound_sync with an unreachable --url fails naming the URL, writes no
    record, and leaves no process of its tree running."""
    url = f"http://127.0.0.1:{closed_port()}/ip"
    output = tmp_path / "run.json"
    seen = set()
    with open(tmp_path / "stderr.txt", "w+") as stderr:
        script = start_script(
            "io-bound_sync",
            "--n-requests",
            3,
            "--url",
            url,
            "--output",
            output,
            "--host-info",
            host,
            cwd=tmp_path,
            stderr=stderr,
        )
        try:
            while script.poll() is None:
                try:
                    seen.update(process_tree(script.pid))
                except psutil.NoSuchProcess:
                    break
                time.sleep(0.02)
            assert script.wait(60) == 1
        finally:
            script.kill()
            script.wait()
            kill_all(seen)
        stderr.seek(0)
        message = stderr.read()
    assert "unreachable" in message and url in message, message
    assert not output.exists()
    assert seen, "the script was never seen running"
    assert wait_until(lambda: all(map(is_gone, seen)), timeout=5)


def signal_mid_run(tmp_path, experiment, args, started, signum, exit_timeout=10):
    """Start the script, wait until `started(its process tree)`, send it `signum`;
    return (its exit code, every process of its tree, those still running)."""
    output = tmp_path / "run.json"
    script = start_script(experiment, *args, "--output", output, cwd=tmp_path)
    seen = []

    def running():
        nonlocal seen
        assert script.poll() is None, f"{experiment} exited early"
        seen = process_tree(script.pid)
        return started(seen)

    try:
        assert wait_until(running, timeout=30), f"{experiment} never got going"
        seen = process_tree(script.pid)
        script.send_signal(signum)
        try:
            code = script.wait(exit_timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{experiment} still runs {exit_timeout} s after {signum!r}")
        # Its own tree as seen before the signal, and anything started since that
        # still carries the run's command line (a pool's replacement workers).
        seen = [*seen, *processes_mentioning(str(output))]
        left = [process for process in set(seen) if not wait_gone(process)]
        assert not output.exists(), "an interrupted run wrote a record"
        return code, seen, left
    finally:
        kill_all([*seen, *processes_mentioning(str(output))])
        script.kill()
        script.wait()


def wait_gone(process, timeout=5):
    return wait_until(lambda: is_gone(process), timeout)


def has_request_in_flight(tree):
    """The script (tree[0]) has a connection open to its embedded server."""
    script, children = tree[0], tree[1:]
    try:
        server_ports = {
            connection.laddr.port
            for child in children
            for connection in child.net_connections(kind="tcp")
            if connection.status == psutil.CONN_LISTEN
        }
        return any(
            connection.raddr and connection.raddr.port in server_ports
            for connection in script.net_connections(kind="tcp")
            if connection.status == psutil.CONN_ESTABLISHED
        )
    except psutil.Error:
        return False


def pool_at_work(tree):
    """The script's (tree[0]) two pool workers are busy with the sieve: the pool
    is built and its tasks are under way."""
    workers = tree[1:]
    try:
        busy_s = sum(worker.cpu_times().user for worker in workers)
    except psutil.Error:
        return False
    return len(workers) >= 2 and busy_s > 0.1


IO_SLOW = ["--n-requests", 5, "--delay", 2]
# About 2 s: even a signal the main thread only sees once the pool's map returns
# (it may land in a helper thread) is acted on well within the test's 10 s.
CPU_LONG = ["--start", 1000, "--stop", 8000, "--workers", 2]


def case(experiment, args, started, signum):
    return pytest.param(experiment, args, started, signum, id=f"{experiment}-{signum.name}")


@pytest.mark.parametrize(
    "experiment, args, started, signum",
    [
        case("io-bound_sync", IO_SLOW, has_request_in_flight, signal.SIGTERM),
        case("io-bound_concurrent_1", IO_SLOW, has_request_in_flight, signal.SIGTERM),
        case("io-bound_concurrent_3", IO_SLOW, has_request_in_flight, signal.SIGINT),
        case("cpu-bound_parallel_1", CPU_LONG, pool_at_work, signal.SIGTERM),
        case("cpu-bound_parallel_2", CPU_LONG, pool_at_work, signal.SIGTERM),
    ],
)
def test_signal_mid_run_leaves_no_process_behind(tmp_path, host, experiment, args, started, signum):
    """SIGTERM (what Snakemake sends to a job it cancels) or SIGINT (Ctrl-C) ends
    the run promptly with 128 + the signal, its target server and pool workers go
    with it (a ProcessPoolExecutor does not first finish its queued work), and no
    record is written."""
    code, seen, left = signal_mid_run(
        tmp_path, experiment, [*args, "--host-info", host], started, signum
    )
    assert code == 128 + signum
    assert len(seen) >= 2, "the run's server or workers were never seen"
    assert left == []
