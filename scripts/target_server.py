"""Embedded HTTP target: a tiny httpbin stand-in for the I/O-bound experiments.

Serves on loopback only:
  GET /ip              {"origin": "<client address>"} after the configured --delay
  GET /delay/{seconds} httpbin-like JSON after sleeping that many seconds
  GET /status/{code}   an empty answer with that HTTP status (for fault tests)

The delay is an asyncio.sleep, so one process serves hundreds of concurrent
requests without becoming the bottleneck. The harness normally starts it with a
socket it has already bound (--fd); run alone it binds --port itself.
The server exits by itself when the process that started it goes away.
"""

import argparse
import asyncio
import os
import signal
import socket

from aiohttp import web

MAX_DELAY_S = 60.0
PARENT_POLL_S = 0.5


async def ip(request):
    await asyncio.sleep(request.app["delay_s"])
    return web.json_response({"origin": request.remote})


async def delay(request):
    try:
        seconds = float(request.match_info["seconds"])
    except ValueError:
        raise web.HTTPBadRequest(text="seconds must be a number")
    seconds = min(max(seconds, 0.0), MAX_DELAY_S)
    await asyncio.sleep(seconds)
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


def make_app(delay_s):
    app = web.Application()
    app["delay_s"] = delay_s
    app.add_routes([
        web.get("/ip", ip),
        web.get("/delay/{seconds}", delay),
        web.get("/status/{code}", status),
    ])  # fmt: skip
    return app


async def serve(delay_s, sock, parent):
    runner = web.AppRunner(make_app(delay_s), access_log=None)
    await runner.setup()
    await web.SockSite(runner, sock, backlog=1024).start()
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
    sock.listen(1024)
    return sock


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per /ip")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1")
    where.add_argument("--fd", type=int, help="an already bound, listening socket")
    parser.add_argument("--parent", type=int,
                        help="exit when this process is gone (default: the parent now)")  # fmt: skip
    return parser.parse_args()


if __name__ == "__main__":
    # The harness blocks these signals in its threads; a server exec'd from one
    # inherits that mask and must take them again to stop when told.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    args = parse_args()
    # Compared from the start: a parent that died while this server was still
    # importing has already left it to init (pid 1).
    parent = args.parent or os.getppid()
    if args.fd is not None:
        sock = socket.socket(fileno=args.fd)
    else:
        sock = listening_socket(args.port)
        print(f"serving on http://127.0.0.1:{sock.getsockname()[1]}/ip", flush=True)
    asyncio.run(serve(args.delay, sock, parent))
