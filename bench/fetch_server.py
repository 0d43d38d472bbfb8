#!/usr/bin/env python3
"""A feed farm for bench/fetch.sh: asyncio HTTP/1.1 (keep-alive) on many
loopback addresses, every response delayed by a fixed latency.

    python3 bench/fetch_server.py --hosts 50 --feeds-per-host 20 --items 50 --latency-ms 100

Serves /feed/N (N = 0 .. feeds-per-host-1) on 127.0.0.1 .. 127.0.0.H, all on
one port, which it prints on standard output (one line) once listening. Each
feed carries an ETag; a matching If-None-Match gets a 304. Bodies are built
once at start-up. On SIGTERM it prints one JSON line to standard output with
the requests served and its own CPU time, so the bench can show the server is
not the bottleneck. Standard library only.
"""

import argparse
import asyncio
import json
import resource
import signal
import socket
import sys
import time

STATS = {"requests": 0, "r200": 0, "r304": 0, "connections": 0, "max_open": 0, "open": 0}


def make_feed(host, n, items):
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
             '<title>Bench outlet %d feed %d</title><link>http://o%d.bench/</link>'
             % (host, n, host)]
    for i in range(items):
        parts.append(
            "<item><title>Outlet %d feed %d story %d: minister announces budget figures</title>"
            "<link>http://o%d.bench/news/%d/%d?utm_source=rss</link>"
            "<guid isPermaLink=\"false\">o%d-f%d-i%d</guid>"
            "<pubDate>Mon, 02 Jun 2025 %02d:%02d:00 +0000</pubDate>"
            "<description><![CDATA[<p>The finance minister said on Monday that the deficit "
            "would fall to %d.%d percent of GDP next year, citing higher tax receipts and "
            "lower fuel subsidies, in remarks reported by outlet %d.</p>]]></description>"
            "</item>"
            % (host, n, i, host, n, i, host, n, i, i % 24, i % 60, i % 9, i % 10, host))
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


async def handle(reader, writer, feeds, latency):
    STATS["connections"] += 1
    STATS["open"] += 1
    STATS["max_open"] = max(STATS["max_open"], STATS["open"])
    sock = writer.get_extra_info("socket")
    if sock is not None:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    local = writer.get_extra_info("sockname")[0]
    try:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                return
            lines = head.decode("latin-1").split("\r\n")
            parts = lines[0].split(" ")
            path = parts[1] if len(parts) > 1 else "/"
            inm = None
            for line in lines[1:]:
                k, _, v = line.partition(":")
                if k.strip().lower() == "if-none-match":
                    inm = v.strip()
            await asyncio.sleep(latency)
            STATS["requests"] += 1
            body = None
            etag = None
            if path.startswith("/feed/"):
                body, etag = feeds.get((local, path[len("/feed/"):]), (None, None))
            if body is None:
                resp = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
            elif inm == etag:
                STATS["r304"] += 1
                resp = b"HTTP/1.1 304 Not Modified\r\nETag: %s\r\n\r\n" % etag.encode()
            else:
                STATS["r200"] += 1
                resp = (b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml; charset=utf-8\r\n"
                        b"ETag: %s\r\nContent-Length: %d\r\n\r\n" % (etag.encode(), len(body))
                        + body)
            writer.write(resp)
            await writer.drain()
    finally:
        STATS["open"] -= 1
        writer.close()


async def main_async(args):
    feeds = {}
    for h in range(1, args.hosts + 1):
        for n in range(args.feeds_per_host):
            feeds[("127.0.0.%d" % h, str(n))] = (make_feed(h, n, args.items), '"h%d-f%d"' % (h, n))
    latency = args.latency_ms / 1000.0

    def factory(r, w):
        return handle(r, w, feeds, latency)

    servers = []
    port = args.port
    first = await asyncio.start_server(factory, "127.0.0.1", port, backlog=1024)
    port = first.sockets[0].getsockname()[1]
    servers.append(first)
    for h in range(2, args.hosts + 1):
        servers.append(await asyncio.start_server(factory, "127.0.0.%d" % h, port, backlog=1024))
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGUSR1, lambda: report())
    # the port last: the bench sends SIGUSR1 as soon as it reads it
    sys.stdout.write("%d\n" % port)
    sys.stdout.flush()
    await stop.wait()
    report()


T0 = time.monotonic()


def report():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    out = dict(STATS)
    out["cpu_s"] = round(ru.ru_utime + ru.ru_stime, 3)
    out["uptime_s"] = round(time.monotonic() - T0, 3)
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--feeds-per-host", type=int, default=20)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    if not 1 <= args.hosts <= 254:
        ap.error("--hosts must be 1..254 (127.0.0.1 .. 127.0.0.N)")
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
