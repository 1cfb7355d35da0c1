"""Start the embedded target for one run and make sure it is gone afterwards.

The target runs under the interpreter it is given (the workflow gives the main
environment's), not necessarily the one running the client: comparing two
interpreters then changes the client only, never the server.
"""

import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

SERVER = Path(__file__).resolve().parent / "server.py"
STARTUP_TIMEOUT_S = 15.0
SOMAXCONN = "/proc/sys/net/core/somaxconn"
# Connections waiting to be accepted, enough for 10,000 at once; the kernel
# caps it at somaxconn (recorded with the run).
BACKLOG = 16384


def somaxconn():
    """The kernel's cap on any listen backlog; None where it is not shown."""
    try:
        with open(SOMAXCONN) as setting:
            return int(setting.read())
    except (OSError, ValueError):
        return None


class TargetError(RuntimeError):
    pass


@dataclass
class Target:
    url: str
    embedded: bool
    process: subprocess.Popen | None = None
    about: dict | None = None  # the embedded server's own /about

    def description(self):
        """The target as the record keeps it."""
        about = self.about or {}
        backlog = about.get("backlog")
        cap = somaxconn()
        return {
            "embedded": self.embedded,
            "python_executable": about.get("python_executable"),
            "python_version": about.get("python_version"),
            "event_loop": about.get("event_loop"),
            "listen_backlog": min(backlog, cap) if backlog and cap else backlog,
            "somaxconn": cap,
        }

    def check_alive(self):
        """The embedded server must still be up after the timed region: a run
        during which it died measured failures, not the method."""
        if self.process is not None and self.process.poll() is not None:
            raise TargetError(
                f"the embedded target died during the run (exit code "
                f"{self.process.returncode}): its timings are not valid"
            )


def check_reachable(url, timeout_s):
    """Fail before anything is timed when nobody listens at `url`.

    Only the connection is tried: a target that answers with errors, or too
    slowly, is there, and the run counts those failures itself."""
    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout_s):
            return
    except OSError as error:
        raise TargetError(f"target {url} is unreachable: {error}") from None


def wait_until_answering(base_url, process, deadline, ssl_context=None):
    """The server's /about once it answers."""
    while True:
        if process.poll() is not None:
            raise TargetError(
                f"embedded target exited with code {process.returncode} while starting"
            )
        try:
            with urllib.request.urlopen(
                f"{base_url}/about", timeout=1, context=ssl_context
            ) as answer:
                if answer.status == 200:
                    return json.load(answer)
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TargetError(
                f"embedded target at {base_url} did not answer within {STARTUP_TIMEOUT_S:.0f} s"
            )
        time.sleep(0.05)


def stop(process):
    """End the server at once: it keeps nothing to save, and its orderly
    shutdown (0.1 s) would only add to the job's own cost."""
    if process.poll() is None:
        process.kill()
        process.wait()


def start_server(delay_s, rtt_s=0.0, certificate=None, python=None):
    # Bind here and hand the listening socket over: the port is known at once
    # and cannot be taken by anyone else in between.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(BACKLOG)
        command = [
            python or sys.executable,
            str(SERVER),
            "--fd",
            str(sock.fileno()),
            "--delay",
            repr(delay_s),
            "--rtt",
            repr(rtt_s),
            "--parent",
            str(os.getpid()),
            "--backlog",
            str(BACKLOG),
        ]
        if certificate:
            command += ["--cert", certificate["cert"], "--key", certificate["key"]]
        # The client's GIL setting is not the target's: a GIL build of 3.13
        # or later refuses PYTHON_GIL=0.
        env = {key: value for key, value in os.environ.items() if key != "PYTHON_GIL"}
        process = subprocess.Popen(
            command,
            pass_fds=[sock.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        scheme = "https" if certificate else "http"
        return process, f"{scheme}://127.0.0.1:{sock.getsockname()[1]}"


def tls_unavailable():
    """Why this Python cannot serve the embedded target over TLS, or None:
    trustme, which makes the run's certificate, is built on cryptography
    (Rust), which not every interpreter's environment could install."""
    from concurrency_bench.interpreters.packages import why_not

    reason = why_not("trustme")
    return reason and f"TLS needs trustme for the run's certificate: {reason}"


@contextmanager
def run_certificate(folder):
    """A CA made for this run and a certificate it signed for 127.0.0.1, as
    PEM files in `folder`; while in use, requests and httpx trust the CA
    through their usual settings (REQUESTS_CA_BUNDLE, SSL_CERT_FILE), with
    verification on."""
    import trustme  # only TLS runs need it

    authority = trustme.CA()
    issued = authority.issue_cert("127.0.0.1", "localhost")
    files = {name: str(Path(folder) / f"{name}.pem") for name in ("ca", "cert", "key")}
    authority.cert_pem.write_to_path(files["ca"])
    issued.cert_chain_pems[0].write_to_path(files["cert"])
    issued.private_key_pem.write_to_path(files["key"])
    trusted = {"REQUESTS_CA_BUNDLE": files["ca"], "SSL_CERT_FILE": files["ca"]}
    saved = {name: os.environ.get(name) for name in trusted}
    os.environ.update(trusted)
    try:
        yield files
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def embedded_target(url, delay_s, timeout_s=STARTUP_TIMEOUT_S, rtt_s=0.0, tls=False, python=None):
    """Yield the Target to use: `url` as given (once checked to answer), or a
    local server started now (over HTTPS with `tls`, with `rtt_s` of emulated
    network: see concurrency_bench.target.server), under the interpreter `python` (default:
    this one)."""
    if url:
        check_reachable(url, timeout_s)
        yield Target(url=url, embedded=False)
        return
    with (
        tempfile.TemporaryDirectory(prefix="concurrency-bench-tls-") as folder,
        run_certificate(folder) if tls else nullcontext() as certificate,
    ):
        process, base_url = start_server(delay_s, rtt_s, certificate, python)
        ssl_context = ssl.create_default_context(cafile=certificate["ca"]) if tls else None
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT_S
            about = wait_until_answering(base_url, process, deadline, ssl_context)
            yield Target(url=f"{base_url}/ip", embedded=True, process=process, about=about)
        finally:
            stop(process)
