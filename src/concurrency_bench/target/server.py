"""Embedded HTTP target: a tiny httpbin stand-in for the I/O-bound experiments.

Serves on loopback only:
  GET /ip              {"origin": "<client address>"} after the configured --delay
  GET /delay/{seconds} httpbin-like JSON after sleeping that many seconds
  GET /status/{code}   an empty answer with that HTTP status (for fault tests)
  GET /page/{number}?kb=K  a generated HTML page of about K KiB (concurrency_bench.target.pages;
                       the scrape workload's), after the same delay
  GET /about           {"python_version", "python_executable", "pid", "backlog",
                       "event_loop", "peak_in_flight"}:
                       what serves, for the run's record, and the most
                       requests it has held at once

The delay is an asyncio.sleep, so one process serves hundreds of concurrent
requests without becoming the bottleneck. The harness normally starts it with a
socket it has already bound (--fd); run alone it binds --port itself.
The server exits by itself when the process that started it goes away.

Network emulation (--rtt, --tls): loopback answers in microseconds, so the
server itself waits what a network would cost before each answer: one round
trip for the request, and on the first request of a new connection one more
for the TCP handshake and, with --tls, one more for the TLS 1.3 handshake.
Opening a connection per request then costs what it costs over a network,
without root or traffic shaping. Limits of the model: the handshake is
charged to the connection's first request rather than to connect(); no
bandwidth limit, loss, jitter or TCP slow start; the real TLS handshake's CPU
cost on loopback comes on top.
"""

import argparse
import asyncio
import os
import platform
import signal
import socket
import ssl
import sys

from aiohttp import web

try:  # imported as concurrency_bench.target.server (the tests)
    from concurrency_bench.target import pages
except ImportError:  # run as a script, as the harness starts it: its folder is on sys.path
    import pages

MAX_DELAY_S = 60.0
PARENT_POLL_S = 0.5
# Connections waiting to be accepted; the kernel caps it at net.core.somaxconn.
BACKLOG = 16384


def network_wait(request):
    """What the emulated network adds to this request, in seconds."""
    app = request.app
    if not app["rtt_s"]:
        return 0.0
    trips = 1  # the request and its answer
    # A client port stays in TIME_WAIT after it closes: one connection per
    # peer address within a run.
    peer = request.transport.get_extra_info("peername") if request.transport else None
    if peer not in app["connections"]:
        app["connections"].add(peer)
        trips += 2 if app["tls"] else 1  # TCP handshake (+ TLS 1.3's)
    return trips * app["rtt_s"]


async def wait(request, seconds):
    """Sleep `seconds` and the network's wait, counted in flight meanwhile: the
    target's own evidence that it holds many requests at once, never queueing
    them behind each other."""
    in_flight = request.app["in_flight"]
    in_flight["now"] += 1
    in_flight["peak"] = max(in_flight["peak"], in_flight["now"])
    try:
        await asyncio.sleep(network_wait(request) + seconds)
    finally:
        in_flight["now"] -= 1


async def ip(request):
    await wait(request, request.app["delay_s"])
    return web.json_response({"origin": request.remote})


async def delay(request):
    try:
        seconds = float(request.match_info["seconds"])
    except ValueError:
        raise web.HTTPBadRequest(text="seconds must be a number")
    seconds = min(max(seconds, 0.0), MAX_DELAY_S)
    await wait(request, seconds)
    return web.json_response(
        {"origin": request.remote, "url": str(request.url), "delay_s": seconds}
    )


async def status(request):
    try:
        code = int(request.match_info["code"])
    except ValueError:
        raise web.HTTPBadRequest(text="code must be a number")
    if not 200 <= code <= 599:
        raise web.HTTPBadRequest(text="code must be an HTTP status, 200-599")
    return web.Response(status=code)


async def page(request):
    try:
        number, kb = int(request.match_info["number"]), int(request.query.get("kb", "16"))
    except ValueError:
        raise web.HTTPBadRequest(text="number and kb must be whole numbers")
    if number < 0 or not 1 <= kb <= pages.MAX_KB:
        raise web.HTTPBadRequest(text=f"kb must be 1-{pages.MAX_KB}")
    await wait(request, request.app["delay_s"])
    # Made once per page and size: the target's CPU stays off the client's cores.
    cache = request.app["pages"]
    if (number, kb) not in cache:
        cache[(number, kb)] = pages.page(number, kb)
    return web.Response(text=cache[(number, kb)], content_type="text/html")


async def about(request):
    return web.json_response(
        {
            "python_version": platform.python_version(),
            "python_executable": sys.executable,
            "pid": os.getpid(),
            "backlog": request.app["backlog"],
            "event_loop": type(asyncio.get_running_loop()).__module__.split(".")[0],
            "peak_in_flight": request.app["in_flight"]["peak"],
        }
    )


def make_app(delay_s, rtt_s=0.0, tls=False, backlog=BACKLOG):
    app = web.Application()
    app["backlog"] = backlog
    app["delay_s"] = delay_s
    app["rtt_s"] = rtt_s
    app["tls"] = tls
    app["connections"] = set()
    # Mutated while serving: a started app's own keys are frozen.
    app["in_flight"] = {"now": 0, "peak": 0}
    app["pages"] = {}
    app.add_routes(
        [
            web.get("/ip", ip),
            web.get("/delay/{seconds}", delay),
            web.get("/status/{code}", status),
            web.get("/page/{number}", page),
            web.get("/about", about),
        ]
    )
    return app


async def serve(app, sock, parent, ssl_context=None):
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.SockSite(runner, sock, backlog=app["backlog"], ssl_context=ssl_context)
    await site.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        # An orphaned server would keep its port forever: leave with the parent.
        while not stop.is_set() and os.getppid() == parent:
            try:
                await asyncio.wait_for(stop.wait(), PARENT_POLL_S)
            except TimeoutError:
                pass
    finally:
        await runner.cleanup()


def listening_socket(port=0):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(BACKLOG)
    return sock


def event_loop_runner(loop):
    """uvloop's runner where it is installed (the main environment has it): at
    10,000 requests it keeps the server's CPU time well below a core's; else asyncio's."""
    if loop == "uvloop":
        try:
            import uvloop

            return uvloop.run
        except ImportError:
            pass
    return asyncio.run


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per /ip")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1")
    where.add_argument("--fd", type=int, help="an already bound, listening socket")
    parser.add_argument(
        "--rtt", type=float, default=0.0, help="emulated network round trip, seconds (see above)"
    )
    parser.add_argument("--backlog", type=int, default=BACKLOG, help="listen backlog")
    parser.add_argument(
        "--loop",
        choices=["uvloop", "asyncio"],
        default="uvloop",
        help="the server's event loop (uvloop where installed)",
    )
    parser.add_argument("--cert", help="serve HTTPS with this certificate (PEM)")
    parser.add_argument("--key", help="... and this private key (PEM)")
    parser.add_argument(
        "--parent", type=int, help="exit when this process is gone (default: the parent now)"
    )
    return parser.parse_args()


if __name__ == "__main__":
    # The harness blocks these signals in its threads; a server exec'd from one
    # inherits that mask and must take them again to stop when told.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    args = parse_args()
    # Compared from the start: a parent that died while this server was still
    # importing has already left it to init (pid 1).
    parent = args.parent or os.getppid()
    ssl_context = None
    if args.cert:
        ssl_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ssl_context.load_cert_chain(args.cert, args.key)
    if args.fd is not None:
        sock = socket.socket(fileno=args.fd)
    else:
        sock = listening_socket(args.port)
        scheme = "https" if ssl_context else "http"
        print(f"serving on {scheme}://127.0.0.1:{sock.getsockname()[1]}/ip", flush=True)
    app = make_app(args.delay, args.rtt, tls=ssl_context is not None, backlog=args.backlog)
    event_loop_runner(args.loop)(serve(app, sock, parent, ssl_context))
