"""Start the embedded target for one run and make sure it is gone afterwards."""

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SERVER = Path(__file__).resolve().parent / "target_server.py"
STARTUP_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 5.0


class TargetError(RuntimeError):
    pass


@dataclass
class Target:
    url: str
    embedded: bool
    process: subprocess.Popen | None = None


def wait_until_answering(base_url, process, deadline):
    while True:
        if process.poll() is not None:
            raise TargetError(
                f"embedded target exited with code {process.returncode} while starting"
            )
        try:
            with urllib.request.urlopen(f"{base_url}/delay/0", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TargetError(
                f"embedded target at {base_url} did not answer within "
                f"{STARTUP_TIMEOUT_S:.0f} s"
            )
        time.sleep(0.05)


def stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_server(delay_s):
    # Bind here and hand the listening socket over: the port is known at once
    # and cannot be taken by anyone else in between.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1024)
        command = [sys.executable, str(SERVER), "--fd", str(sock.fileno()),
                   "--delay", repr(delay_s)]  # fmt: skip
        process = subprocess.Popen(
            command, pass_fds=[sock.fileno()], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        return process, f"http://127.0.0.1:{sock.getsockname()[1]}"


@contextmanager
def embedded_target(url, delay_s):
    """Yield the Target to use: `url` as given, or a local server started now."""
    if url:
        yield Target(url=url, embedded=False)
        return
    process, base_url = start_server(delay_s)
    try:
        wait_until_answering(base_url, process, time.monotonic() + STARTUP_TIMEOUT_S)
        yield Target(url=f"{base_url}/ip", embedded=True, process=process)
    finally:
        stop(process)
