#!/usr/bin/env python3
"""Loopback HTTP test server for credcheck's integration tests.

Standard library only. Start it with

    python3 tests/server/ccserver.py [--bind 127.0.0.1] [--port 0] [--root DIR]

It binds (port 0: a free port), prints the port on one line of standard output
and serves until killed. Scenarios are selected by path (see SCENARIOS below
and tests/server/README.md); /files/PATH serves PATH from --root, so other
tests can serve their own fixtures (articles, hostile pages). /_hits returns a
JSON object {path: number of requests}; /_stats returns counters such as the
bytes of the gzip bomb actually written.

Other test scripts can import it: `ccserver.start(root=...)` returns
(server, port) running in a background thread; `ccserver.SCENARIOS[path] =
fn(handler, query)` adds a scenario.
"""

import argparse
import email.utils
import gzip
import json
import mimetypes
import os
import socket
import struct
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# How long a "hang" or "drip" scenario keeps a connection at most; the client
# is expected to give up long before.
HOLD_SECONDS = 60
# The fixed Last-Modified of /lastmod.
LAST_MODIFIED = "Wed, 21 Oct 2015 07:28:00 GMT"
ETAG = '"v1-feed"'
# /big: a body just over the default 16 MiB cap.
BIG_BYTES = 17 * 1024 * 1024
# /gzip-bomb: 1 MiB of zeros per repeated deflate block, 64 GiB in all.
BOMB_BLOCK = 1024 * 1024
BOMB_BLOCKS = 64 * 1024

_lock = threading.Lock()
HITS = {}
STATS = {"bomb_sent": 0, "big_sent": 0, "oneline_sent": 0, "inflight": 0, "max_inflight": 0}
# /one-line: a feed of this many bytes on one line, made while it is sent.
ONE_LINE_BYTES = 200 * 1024 * 1024


def rss(tag="feed", n=3, title=None, extra_item_xml=""):
    """An RSS 2.0 document with n items whose ids/titles carry tag."""
    items = []
    for i in range(1, n + 1):
        items.append(
            "<item><title>%s item %d</title>"
            "<link>http://example.com/%s/%d?utm_source=rss</link>"
            "<guid isPermaLink=\"false\">%s-%d</guid>"
            "<pubDate>Mon, 02 Jun 2025 10:%02d:00 +0000</pubDate>"
            "<description>Story %d of the %s feed.</description>%s</item>"
            % (tag, i, tag, i, tag, i, i % 60, i, tag, extra_item_xml)
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0"><channel><title>%s</title>'
        "<link>http://example.com/%s</link>%s</channel></rss>\n"
        % (title or ("Feed " + tag), tag, "".join(items))
    ).encode("utf-8")


def _q(query, name, default):
    v = query.get(name)
    return v[0] if v else default


def _feed_from_query(query):
    return rss(tag=_q(query, "tag", "feed"), n=int(_q(query, "n", "3")))


def send_simple(h, status, body=b"", ctype="application/rss+xml; charset=utf-8", headers=None):
    h.send_response(status)
    if ctype and status != 304:
        h.send_header("Content-Type", ctype)
    for k, v in (headers or []):
        h.send_header(k, v)
    if status != 304:
        h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    if status != 304 and h.command != "HEAD":
        h.wfile.write(body)


def sc_feed(h, query):
    ctype = _q(query, "ct", "application/rss+xml; charset=utf-8")
    send_simple(h, 200, _feed_from_query(query), ctype)


def sc_etag(h, query):
    inm = h.headers.get("If-None-Match")
    if inm and ETAG in [t.strip() for t in inm.split(",")]:
        send_simple(h, 304, headers=[("ETag", ETAG)])
        return
    send_simple(h, 200, _feed_from_query(query), headers=[("ETag", ETAG)])


def sc_lastmod(h, query):
    ims = h.headers.get("If-Modified-Since")
    if ims:
        try:
            since = email.utils.parsedate_to_datetime(ims)
            lm = email.utils.parsedate_to_datetime(LAST_MODIFIED)
            if since >= lm:
                send_simple(h, 304, headers=[("Last-Modified", LAST_MODIFIED)])
                return
        except (TypeError, ValueError):
            pass
    send_simple(h, 200, _feed_from_query(query), headers=[("Last-Modified", LAST_MODIFIED)])


def sc_redirect(h, query, code, rest):
    """/redirect/CODE/REST -> Location: /REST (query kept)."""
    target = "/" + rest
    qs = urllib.parse.urlsplit(h.path).query
    if qs:
        target += "?" + qs
    send_simple(h, code, b"moved\n", "text/plain", headers=[("Location", target)])


def sc_loop(h, query):
    send_simple(h, 302, b"", "text/plain", headers=[("Location", "/loop-b")])


def sc_loop_b(h, query):
    send_simple(h, 302, b"", "text/plain", headers=[("Location", "/loop")])


def sc_redirect_file(h, query):
    send_simple(h, 302, b"", "text/plain", headers=[("Location", "file:///etc/passwd")])


def sc_retry_seconds(h, query):
    send_simple(h, 429, b"slow down\n", "text/plain",
                headers=[("Retry-After", _q(query, "s", "120"))])


def sc_retry_date(h, query):
    when = _q(query, "date", None)
    if when is None:
        when = email.utils.formatdate(time.time() + 3600, usegmt=True)
    send_simple(h, 429, b"slow down\n", "text/plain", headers=[("Retry-After", when)])


def sc_status(h, query, code):
    headers = []
    if "retry" in query:
        headers.append(("Retry-After", _q(query, "retry", "")))
    send_simple(h, code, b"status %d\n" % code, "text/plain", headers=headers)


def _hold(h):
    """Keeps the connection open without sending, until the peer goes away."""
    sock = h.connection
    deadline = time.monotonic() + HOLD_SECONDS
    sock.settimeout(0.1)
    while time.monotonic() < deadline:
        try:
            data = sock.recv(1, socket.MSG_PEEK)
            if data == b"":
                return
            sock.recv(65536)
        except socket.timeout:
            continue
        except OSError:
            return


def sc_hang(h, query):
    h.close_connection = True
    _hold(h)


def sc_drip(h, query):
    h.close_connection = True
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.flush()
    deadline = time.monotonic() + HOLD_SECONDS
    while time.monotonic() < deadline:
        h.wfile.write(b" ")
        h.wfile.flush()
        time.sleep(0.5)


def sc_big(h, query):
    h.close_connection = True
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    if _q(query, "cl", "0") == "1":
        h.send_header("Content-Length", str(BIG_BYTES))
    h.send_header("Connection", "close")
    h.end_headers()
    chunk = b"<!-- " + b"x" * 65526 + b" -->"
    sent = 0
    while sent < BIG_BYTES:
        part = chunk[: min(len(chunk), BIG_BYTES - sent)]
        h.wfile.write(part)
        sent += len(part)
        with _lock:
            STATS["big_sent"] += len(part)


def sc_gzip(h, query):
    body = gzip.compress(_feed_from_query(query))
    send_simple(h, 200, body, headers=[("Content-Encoding", "gzip")])


def _bomb_parts():
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(BOMB_BLOCK)
    first = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    rep = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    rep2 = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    # After a full flush the compressor starts afresh, so every further block
    # compresses to the same bytes: the stream is built without inflating it.
    assert rep == rep2
    return first, rep


def sc_gzip_bomb(h, query):
    """?mb=N: inflates to N MiB (default 64 GiB)."""
    blocks = int(_q(query, "mb", str(BOMB_BLOCKS)))
    first, rep = _bomb_parts()
    h.close_connection = True
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Encoding", "gzip")
    h.send_header("Connection", "close")
    h.end_headers()
    h.wfile.write(first)
    with _lock:
        STATS["bomb_sent"] += len(first)
    batch = rep * 64
    left = blocks - 1
    while left > 0:
        part = batch if left >= 64 else rep * left
        h.wfile.write(part)
        left -= min(left, 64)
        with _lock:
            STATS["bomb_sent"] += len(part)


def sc_slow(h, query):
    """A feed answered after ms milliseconds; counts requests in flight."""
    with _lock:
        STATS["inflight"] += 1
        STATS["max_inflight"] = max(STATS["max_inflight"], STATS["inflight"])
    try:
        time.sleep(int(_q(query, "ms", "100")) / 1000.0)
    finally:
        with _lock:
            STATS["inflight"] -= 1
    send_simple(h, 200, _feed_from_query(query))


HTML_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Not a feed</title></head>"
             b"<body><h1>Welcome</h1><p>This is a web page.</p></body></html>\n")


def sc_html(h, query):
    send_simple(h, 200, HTML_PAGE, "text/html; charset=utf-8")


def sc_invalid_xml(h, query):
    send_simple(h, 200, b"\x00\x01 this is <<< not &&& xml at all >>>\n", "application/rss+xml")


def sc_truncated_xml(h, query):
    """A feed cut off mid-item: well-formed up to there, then nothing."""
    body = _feed_from_query(query)
    cut = body.rfind(b"<item>")
    send_simple(h, 200, body[: cut + 20])


def sc_latin1(h, query):
    body = ('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Caf\u00e9 news</title>'
            "<link>http://example.com/latin1</link>"
            "<item><title>Caf\u00e9 cr\u00e8me \u00e0 la une</title>"
            "<link>http://example.com/latin1/1</link><guid>latin1-1</guid>"
            "<description>Na\u00efve r\u00e9sum\u00e9</description></item>"
            "</channel></rss>\n").encode("iso-8859-1")
    send_simple(h, 200, body, "application/rss+xml; charset=ISO-8859-1")


def _rst(h):
    h.wfile.flush()
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.close_connection = True
    h.connection.close()


def sc_reset(h, query):
    body = _feed_from_query(query)
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    h.send_header("Content-Length", str(len(body) + 100000))
    h.end_headers()
    h.wfile.write(body[: len(body) // 2])
    _rst(h)


def sc_empty(h, query):
    send_simple(h, 200, b"")


def sc_headers_forever(h, query):
    h.close_connection = True
    h.wfile.write(b"HTTP/1.1 200 OK\r\n")
    pad = b"a" * 1000
    deadline = time.monotonic() + HOLD_SECONDS
    n = 0
    while time.monotonic() < deadline:
        h.wfile.write(b"X-Pad-%d: %s\r\n" % (n, pad))
        n += 1


def sc_close_mid_chunk(h, query):
    h.close_connection = True
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
    body = _feed_from_query(query)
    h.wfile.write(b"%x\r\n" % 4000 + body[:100])
    h.wfile.flush()
    h.connection.shutdown(socket.SHUT_RDWR)


def sc_redirect_to(h, query):
    """?u=URL&code=C: C (default 302) to any URL, any scheme or host."""
    send_simple(h, int(_q(query, "code", "302")), b"", "text/plain",
                headers=[("Location", _q(query, "u", "/"))])


def sc_one_line(h, query):
    """A 200 MB feed on one line, made while it is sent (cl=1: with a
    Content-Length, else close-delimited)."""
    head = b'<?xml version="1.0"?><rss version="2.0"><channel><title>'
    h.close_connection = True
    h.send_response(200)
    h.send_header("Content-Type", "application/rss+xml")
    if _q(query, "cl", "0") == "1":
        h.send_header("Content-Length", str(ONE_LINE_BYTES))
    h.send_header("Connection", "close")
    h.end_headers()
    h.wfile.write(head)
    chunk = b"x" * 65536
    sent = len(head)
    while sent < ONE_LINE_BYTES:
        part = chunk[: min(len(chunk), ONE_LINE_BYTES - sent)]
        h.wfile.write(part)
        sent += len(part)
        with _lock:
            STATS["oneline_sent"] = sent


def sc_bad_numbers(h, query):
    """Numbers that overflow: Retry-After and Age headers, <ttl> in the feed
    (?status=N answers N)."""
    body = rss(tag="num", n=2, extra_item_xml="<ttl>99999999999999999999</ttl>")
    send_simple(h, int(_q(query, "status", "200")), body,
                headers=[("Retry-After", "99999999999999999999999"),
                         ("Age", "99999999999999999999999")])


def sc_huge_content_length(h, query):
    h.close_connection = True
    h.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n"
                  b"Content-Length: 99999999999999999999999\r\nConnection: close\r\n\r\n")
    h.wfile.write(rss(tag="cl"))


# path -> fn(handler, query). Prefix scenarios (/redirect/, /status/, /files/)
# are dispatched in Handler.route.
SCENARIOS = {
    "/feed": sc_feed,
    "/slow": sc_slow,
    "/etag": sc_etag,
    "/lastmod": sc_lastmod,
    "/loop": sc_loop,
    "/loop-b": sc_loop_b,
    "/redirect-file": sc_redirect_file,
    "/retry-seconds": sc_retry_seconds,
    "/retry-date": sc_retry_date,
    "/hang": sc_hang,
    "/drip": sc_drip,
    "/big": sc_big,
    "/gzip": sc_gzip,
    "/gzip-bomb": sc_gzip_bomb,
    "/html": sc_html,
    "/invalid-xml": sc_invalid_xml,
    "/latin1": sc_latin1,
    "/truncated-xml": sc_truncated_xml,
    "/reset": sc_reset,
    "/empty": sc_empty,
    "/headers-forever": sc_headers_forever,
    "/close-mid-chunk": sc_close_mid_chunk,
    "/redirect-to": sc_redirect_to,
    "/one-line": sc_one_line,
    "/bad-numbers": sc_bad_numbers,
    "/huge-content-length": sc_huge_content_length,
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "ccserver/1"
    root = None

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes; without NODELAY the
        # client's delayed ACK adds 40 ms to every response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, fmt, *args):  # quiet unless CCSERVER_LOG is set
        if os.environ.get("CCSERVER_LOG"):
            sys.stderr.write("ccserver: " + (fmt % args) + "\n")

    def finish(self):
        try:
            super().finish()
        except OSError:
            pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path
        query = urllib.parse.parse_qs(parts.query)
        with _lock:
            HITS[path] = HITS.get(path, 0) + 1
            if not path.startswith("/_"):
                STATS["last_user_agent"] = self.headers.get("User-Agent", "")
                STATS["last_request_line"] = self.requestline
        try:
            self.route(path, query)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError):
            self.close_connection = True

    def route(self, path, query):
        if path == "/_hits":
            with _lock:
                body = json.dumps(HITS, sort_keys=True).encode()
            send_simple(self, 200, body, "application/json")
            return
        if path == "/_stats":
            with _lock:
                body = json.dumps(STATS, sort_keys=True).encode()
            send_simple(self, 200, body, "application/json")
            return
        fn = SCENARIOS.get(path)
        if fn:
            fn(self, query)
            return
        if path.startswith("/redirect/"):
            code, _, rest = path[len("/redirect/"):].partition("/")
            if code in ("301", "302", "303", "307", "308"):
                sc_redirect(self, query, int(code), rest)
                return
        if path.startswith("/status/"):
            try:
                code = int(path[len("/status/"):])
            except ValueError:
                code = 0
            if 200 <= code <= 599:
                sc_status(self, query, code)
                return
        if path.startswith("/files/") and self.root:
            self.serve_file(path[len("/files/"):], query)
            return
        send_simple(self, 404, b"no such scenario\n", "text/plain")

    def serve_file(self, rel, query=None):
        rel = urllib.parse.unquote(rel)
        root = os.path.realpath(self.root)
        full = os.path.realpath(os.path.join(root, rel))
        if not full.startswith(root + os.sep) or not os.path.isfile(full):
            send_simple(self, 404, b"no such file\n", "text/plain")
            return
        with open(full, "rb") as f:
            body = f.read()
        ctype = mimetypes.guess_type(full)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype.endswith("xml"):
            ctype += "; charset=utf-8"
        # [helper html] ?ct=TYPE sends another Content-Type (a page whose
        # charset is only in the HTTP header).
        ctype = _q(query or {}, "ct", ctype)
        send_simple(self, 200, body, ctype)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # Clients hanging up mid-scenario is what the hostile cases are about.
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def start(bind="127.0.0.1", port=0, root=None):
    """Starts a server in a background thread; returns (server, port)."""
    handler = type("BoundHandler", (Handler,), {"root": root})
    srv = Server((bind, port), handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    return srv, srv.server_address[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--root", default=None, help="folder served under /files/")
    args = ap.parse_args()
    if not args.bind.startswith("127."):
        ap.error("only 127.0.0.0/8 addresses may be bound")
    handler = type("BoundHandler", (Handler,), {"root": args.root})
    srv = Server((args.bind, args.port), handler)
    sys.stdout.write("%d\n" % srv.server_address[1])
    sys.stdout.flush()
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
