#!/usr/bin/env python3
"""Integration tests of `credcheck fetch` against the loopback test server.

    python3 tests/fetch/test_fetch.py SCENARIO     (one ctest each)
    python3 tests/fetch/test_fetch.py --list

Each scenario starts tests/server/ccserver.py in-process on 127.0.0.1 with a
free port, writes a registry naming its feeds, runs the real binary
($CC_BINARY) with a fresh store, and checks the CSV row of each feed, the exit
code and the store (feeds and items rows). Short limits come from the fetch
flags (--timeout, --low-speed-time ...), so nothing here waits on a timer.
"""

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "server"))
import ccserver  # noqa: E402
from checks import Fail, check, eq, run_cases  # noqa: E402

BIN = os.environ.get("CC_BINARY")
CSV_COLUMNS = ["outlet", "feed_url", "status", "http_status", "new_items", "updated_items",
               "bytes", "elapsed_ms", "error"]
FAST = ["--timeout", "3", "--connect-timeout", "2"]
BACKOFF_BASE = 300  # CC_STORE_BACKOFF_BASE


class Env:
    """A server, a temp folder, a registry and a store for one scenario."""

    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="cc_fetch_")
        self.dir = self.tmp.name
        self.srv, self.port = ccserver.start(root=self.dir)
        self.store = os.path.join(self.dir, "store.db")
        self.config = os.path.join(self.dir, "outlets.json")
        with ccserver._lock:
            ccserver.HITS.clear()
            for k in ccserver.STATS:
                ccserver.STATS[k] = 0

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def registry(self, outlets):
        """outlets: {name: [feed paths or URLs]}; paths starting with / are
        served by the test server."""
        doc = {"outlets": []}
        for i, (name, feeds) in enumerate(outlets.items()):
            urls = [self.url(f) if f.startswith("/") else f for f in feeds]
            doc["outlets"].append({"name": name, "domains": ["o%d.test" % i], "feeds": urls})
        with open(self.config, "w") as f:
            json.dump(doc, f)

    def run(self, *args, fmt="csv", want_exit=None, env_extra=None):
        cmd = [BIN, "--config", self.config, "--store", self.store, "--no-progress", "fetch",
               "--format", fmt] + FAST + list(args)
        env = dict(os.environ)
        for k in ("http_proxy", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
            env.pop(k, None)
        env["no_proxy"] = "127.0.0.1,localhost"
        env.update(env_extra or {})
        p = subprocess.run(cmd, capture_output=True, timeout=120, env=env)
        out = p.stdout.decode("utf-8")
        err = p.stderr.decode("utf-8")
        if want_exit is not None and p.returncode != want_exit:
            raise Fail("exit %d, want %d\nstdout:\n%s\nstderr:\n%s"
                       % (p.returncode, want_exit, out, err))
        self.last_stdout, self.last_stderr, self.last_exit = out, err, p.returncode
        if fmt != "csv" or p.returncode not in (0, 3):
            return out
        rows = list(csv.reader(io.StringIO(out, newline="")))
        check(out.endswith("\r\n"), "CSV rows end with CRLF")
        eq(rows[0], CSV_COLUMNS, "CSV header")
        return {r[1]: dict(zip(CSV_COLUMNS, r)) for r in rows[1:]}

    def row(self, rows, path):
        url = self.url(path) if path.startswith("/") else path
        check(url in rows, "no CSV row for %s in %s" % (url, list(rows)))
        return rows[url]

    def db(self):
        c = sqlite3.connect(self.store)
        c.row_factory = sqlite3.Row
        return c

    def feed(self, path):
        url = self.url(path) if path.startswith("/") else path
        with self.db() as c:
            r = c.execute("SELECT * FROM feeds WHERE url = ?", (url,)).fetchone()
        check(r is not None, "no feeds row for " + url)
        return dict(r)

    def items(self, path):
        url = self.url(path) if path.startswith("/") else path
        with self.db() as c:
            rows = c.execute("SELECT i.* FROM items i JOIN feeds f ON f.id = i.feed_id "
                             "WHERE f.url = ? ORDER BY i.guid", (url,)).fetchall()
        return [dict(r) for r in rows]

    def hits(self, path):
        with ccserver._lock:
            return ccserver.HITS.get(path, 0)

    def close(self):
        self.srv.shutdown()
        self.srv.server_close()
        self.tmp.cleanup()


def expect_row(row, status, http, new=None, updated=None, error=None, error_has=None):
    what = "%s row" % row["feed_url"]
    eq(row["status"], status, what + " status (error: %s)" % row["error"])
    eq(row["http_status"], str(http), what + " http_status")
    if new is not None:
        eq(row["new_items"], str(new), what + " new_items")
    if updated is not None:
        eq(row["updated_items"], str(updated), what + " updated_items")
    if error is not None:
        eq(row["error"], error, what + " error")
    if error_has is not None:
        check(error_has in row["error"], "%s error %r lacks %r" % (what, row["error"], error_has))
    int(row["bytes"])
    int(row["elapsed_ms"])


def expect_failed_feed(e, path, http, error_has, failures=1):
    f = e.feed(path)
    eq(f["last_status"], "failed", "feed last_status")
    eq(f["last_http_status"] or 0, http, "feed last_http_status")
    check(error_has in (f["last_error"] or ""), "feed last_error %r lacks %r"
          % (f["last_error"], error_has))
    eq(f["consecutive_failures"], failures, "consecutive_failures")
    check(f["next_fetch_at"] is not None and f["next_fetch_at"] > time.time(),
          "a failed feed backs off")
    eq(e.items(path), [], "no items from a failed feed")
    return f


def single_failure(e, path, http, error_has, *args):
    e.registry({"Test": [path]})
    rows = e.run(*args, want_exit=3)
    expect_row(e.row(rows, path), "failed", http, 0, 0, error_has=error_has)
    return expect_failed_feed(e, path, http, error_has)


# ---- scenarios -------------------------------------------------------------------

def sc_ok_200(e):
    p = "/feed?tag=t&n=3"
    e.registry({"Test": [p]})
    rows = e.run(want_exit=0)
    expect_row(e.row(rows, p), "ok", 200, 3, 0, error="")
    f = e.feed(p)
    eq((f["last_status"], f["last_http_status"], f["consecutive_failures"], f["next_fetch_at"],
        f["redirect_url"], f["last_error"]), ("ok", 200, 0, None, None, None), "feed row")
    items = e.items(p)
    eq([i["guid"] for i in items], ["t-1", "t-2", "t-3"], "item guids")
    eq(items[0]["title"], "t item 1", "item title")
    eq(items[0]["link"], "http://example.com/t/1?utm_source=rss", "item link")
    first_seen = items[0]["first_seen"]
    # Fetched again: no validators, so a full 200; nothing new, nothing changed.
    rows = e.run(want_exit=0)
    expect_row(e.row(rows, p), "ok", 200, 0, 0)
    eq(len(e.items(p)), 3, "items after the second run")
    eq(e.items(p)[0]["first_seen"], first_seen, "first_seen kept")
    # The table format: one status line per feed and the summary.
    out = e.run(fmt="table", want_exit=0)
    lines = out.splitlines()
    check(lines[0].startswith("OUTLET"), "table header")
    line = [l for l in lines if e.url(p) in l]
    eq(len(line), 1, "one status line for the feed")
    check(line[0].split()[2:5] == ["ok", "200", "0"], "status line " + line[0])
    check(lines[-1].startswith("1 feeds: 1 ok, 0 not-modified, 0 skipped, 0 failed; 0 new"),
          "summary " + lines[-1])
    with e.db() as c:
        runs = c.execute("SELECT kind, status, feeds_ok, items_new FROM runs ORDER BY id").fetchall()
    eq([tuple(r) for r in runs], [("fetch", "ok", 1, 3), ("fetch", "ok", 1, 0),
                                   ("fetch", "ok", 1, 0)], "run rows")


def sc_etag_304(e):
    p = "/etag?tag=e"
    e.registry({"Test": [p]})
    expect_row(e.row(e.run(want_exit=0), p), "ok", 200, 3, 0)
    eq(e.feed(p)["etag"], '"v1-feed"', "stored ETag")
    rows = e.run(want_exit=0)
    expect_row(e.row(rows, p), "not-modified", 304, 0, 0, error="")
    eq(e.row(rows, p)["bytes"], "0", "a 304 has no body")
    f = e.feed(p)
    eq((f["last_status"], f["last_http_status"], f["etag"]), ("not-modified", 304, '"v1-feed"'),
       "feed row after 304")
    eq(len(e.items(p)), 3, "items kept")
    eq(e.hits("/etag"), 2, "requests")


def sc_lastmod_304(e):
    p = "/lastmod?tag=l"
    e.registry({"Test": [p]})
    expect_row(e.row(e.run(want_exit=0), p), "ok", 200, 3, 0)
    eq(e.feed(p)["last_modified"], ccserver.LAST_MODIFIED, "stored Last-Modified")
    expect_row(e.row(e.run(want_exit=0), p), "not-modified", 304, 0, 0)
    eq(e.feed(p)["last_status"], "not-modified", "feed row after 304")
    eq(len(e.items(p)), 3, "items kept")


def _redirect(e, code, permanent):
    p = "/redirect/%d/feed?tag=r%d" % (code, code)
    e.registry({"Test": [p]})
    expect_row(e.row(e.run(want_exit=0), p), "ok", 200, 3, 0)
    f = e.feed(p)
    want = e.url("/feed?tag=r%d" % code) if permanent else None
    eq(f["redirect_url"], want, "stored redirect_url")
    eq(len(e.items(p)), 3, "items")
    # Next run: a permanent redirect is not asked again.
    expect_row(e.row(e.run(want_exit=0), p), "ok", 200, 0, 0)
    eq(e.hits("/redirect/%d/feed" % code), 1 if permanent else 2, "requests to the old URL")
    eq(e.hits("/feed"), 2, "requests to the new URL")


def sc_redirect_301(e):
    _redirect(e, 301, True)


def sc_redirect_308(e):
    _redirect(e, 308, True)


def sc_redirect_302(e):
    _redirect(e, 302, False)


def sc_redirect_307(e):
    _redirect(e, 307, False)


def sc_redirect_loop(e):
    single_failure(e, "/loop", 302, "too many redirects (more than 5)")
    eq(e.hits("/loop") + e.hits("/loop-b"), 6, "requests: the first and 5 redirects")


def sc_redirect_file(e):
    single_failure(e, "/redirect-file", 302,
                   "redirect to 'file:///etc/passwd' refused: only http and https are followed")


def sc_retry_after_seconds(e):
    p = "/retry-seconds?s=120"
    t0 = int(time.time())
    f = single_failure(e, p, 429, "HTTP 429, retry after ")
    check(t0 + 119 <= f["next_fetch_at"] <= int(time.time()) + 121,
          "next_fetch_at %d is Retry-After from %d" % (f["next_fetch_at"], t0))
    # Before that time the feed is skipped: no request at all.
    rows = e.run(want_exit=0)
    expect_row(e.row(rows, p), "skipped", 0, 0, 0, error_has="not before ")
    eq(e.hits("/retry-seconds"), 1, "requests while backing off")
    # --force asks anyway.
    expect_row(e.row(e.run("--force", want_exit=3), p), "failed", 429)
    eq(e.hits("/retry-seconds"), 2, "requests with --force")
    eq(e.feed(p)["consecutive_failures"], 2, "consecutive_failures")


def sc_retry_after_date(e):
    when = int(time.time()) + 7200
    date = time.strftime("%a,%%20%d%%20%b%%20%Y%%20%H:%M:%S%%20GMT", time.gmtime(when))
    p = "/retry-date?date=" + date
    f = single_failure(e, p, 429, "HTTP 429, retry after " +
                       time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when)))
    eq(f["next_fetch_at"], when, "next_fetch_at is the Retry-After date")


def sc_retry_after_far_future_is_capped(e):
    p = "/retry-seconds?s=99999999"
    t0 = int(time.time())
    f = single_failure(e, p, 429, "HTTP 429")
    check(f["next_fetch_at"] <= int(time.time()) + 7 * 86400 and
          f["next_fetch_at"] >= t0 + 7 * 86400, "Retry-After capped at 7 days")


def sc_status_503(e):
    p = "/status/503?retry=60"
    t0 = int(time.time())
    f = single_failure(e, p, 503, "HTTP 503, retry after ")
    check(t0 + 59 <= f["next_fetch_at"] <= int(time.time()) + 61, "503 honours Retry-After")


def sc_status_500(e):
    p = "/status/500"
    t0 = int(time.time())
    f = single_failure(e, p, 500, "HTTP 500")
    eq(e.row(e.run("--force", want_exit=3), p)["error"], "HTTP 500", "CSV error")
    check(t0 + BACKOFF_BASE <= f["next_fetch_at"] <= int(time.time()) + BACKOFF_BASE,
          "first backoff is the base")
    f = e.feed(p)
    eq(f["consecutive_failures"], 2, "consecutive_failures")
    check(t0 + 2 * BACKOFF_BASE <= f["next_fetch_at"] <= int(time.time()) + 2 * BACKOFF_BASE,
          "backoff doubles")
    rows = e.run(want_exit=0)
    expect_row(e.row(rows, p), "skipped", 0)


def sc_status_404(e):
    single_failure(e, "/status/404", 404, "HTTP 404")


def sc_headers_never_come(e):
    t0 = time.monotonic()
    single_failure(e, "/hang", 0, "operation timed out after", "--timeout", "1",
                   "--low-speed-time", "30")
    check(time.monotonic() - t0 < 10, "the timeout bounds the run")


def sc_drip(e):
    single_failure(e, "/drip", 200, "operation too slow", "--low-speed-limit", "1000",
                   "--low-speed-time", "1", "--timeout", "20")


def sc_body_over_cap(e):
    f = single_failure(e, "/big", 200, "body larger than 16777216 bytes")
    check(f["last_error"] == "body larger than 16777216 bytes", "exact error")
    e.registry({"Test": ["/big?cl=1", "/feed?n=40"]})
    rows = e.run("--max-body", "2000", want_exit=3)
    expect_row(e.row(rows, "/big?cl=1"), "failed", 200, error="body larger than 2000 bytes")
    expect_row(e.row(rows, "/feed?n=40"), "failed", 200, error="body larger than 2000 bytes")


def sc_gzip(e):
    p = "/gzip?tag=g&n=40"
    e.registry({"Test": [p]})
    rows = e.run(want_exit=0)
    expect_row(e.row(rows, p), "ok", 200, 40, 0)
    eq(int(e.row(rows, p)["bytes"]), len(ccserver.rss(tag="g", n=40)), "bytes after decoding")
    eq(len(e.items(p)), 40, "items")


def sc_gzip_bomb(e):
    t0 = time.monotonic()
    single_failure(e, "/gzip-bomb", 200, "body larger than 16777216 bytes")
    check(time.monotonic() - t0 < 10, "the bomb is stopped quickly")
    first, rep = ccserver._bomb_parts()
    whole = len(first) + len(rep) * (ccserver.BOMB_BLOCKS - 1)
    with urllib.request.urlopen(e.url("/_stats")) as r:
        sent = json.load(r)["bomb_sent"]
    check(sent < whole / 4, "server wrote %d of %d compressed bytes: not inflated in full"
          % (sent, whole))


def sc_html(e):
    single_failure(e, "/html", 200, "not a feed")


def sc_invalid_xml(e):
    single_failure(e, "/invalid-xml", 200, "malformed feed, no items read")


def sc_truncated_xml_is_read_in_part(e):
    p = "/truncated-xml?tag=tr&n=4"
    e.registry({"Test": [p]})
    rows = e.run(want_exit=0)
    # Three whole items, and what the parser recovers of the fourth (a title).
    expect_row(e.row(rows, p), "ok", 200, 4, 0, error="malformed feed, read in recovery mode")
    items = e.items(p)
    eq(sorted(i["guid"] or "" for i in items), ["", "tr-1", "tr-2", "tr-3"], "items")
    f = e.feed(p)
    eq((f["last_status"], f["last_warning"]), ("ok", "malformed feed, read in recovery mode"),
       "feed row")


def sc_charset_from_http(e):
    p = "/latin1"
    e.registry({"Test": [p]})
    expect_row(e.row(e.run(want_exit=0), p), "ok", 200, 1, 0)
    items = e.items(p)
    eq(items[0]["title"], "Caf\u00e9 cr\u00e8me \u00e0 la une", "title decoded from ISO-8859-1")
    eq(items[0]["summary"], "Na\u00efve r\u00e9sum\u00e9", "summary decoded")


def sc_connection_reset(e):
    single_failure(e, "/reset", 200, "")


def sc_empty_body(e):
    single_failure(e, "/empty", 200, "empty body")


def sc_headers_forever(e):
    # The status line came, then header lines without end.
    single_failure(e, "/headers-forever", 200, "headers larger than 262144 bytes")


def sc_close_mid_chunk(e):
    single_failure(e, "/close-mid-chunk", 200, "")


def sc_failures_do_not_stop_others(e):
    good = ["/feed?tag=a", "/etag?tag=b", "/gzip?tag=c"]
    bad = ["/status/500", "/gzip-bomb", "/html", "/redirect-file", "/reset", "/empty"]
    e.registry({"Good": good, "Bad": bad})
    rows = e.run(want_exit=3)
    for p in good:
        expect_row(e.row(rows, p), "ok", 200, 3, 0)
        eq(len(e.items(p)), 3, "items of " + p)
    for p in bad:
        eq(e.row(rows, p)["status"], "failed", p + " status")
    eq(len(rows), len(good) + len(bad), "one row per feed")
    # Rows come in registry order.
    out = e.run(fmt="table", want_exit=0)
    check("9 feeds: 2 ok, 1 not-modified, 6 skipped, 0 failed" in out, "summary: " + out)


def sc_per_host_limit(e):
    feeds = ["/slow?ms=150&tag=s%d" % i for i in range(8)]
    e.registry({"Test": feeds})
    rows = e.run("--jobs", "8", want_exit=0)
    eq(len(rows), 8, "rows")
    with urllib.request.urlopen(e.url("/_stats")) as r:
        stats = json.load(r)
    eq(stats["max_inflight"], 2, "requests in flight to one host (default per-host limit)")
    e.run("--jobs", "8", "--per-host", "4", "--force", want_exit=0)
    with urllib.request.urlopen(e.url("/_stats")) as r:
        stats = json.load(r)
    eq(stats["max_inflight"], 4, "requests in flight with --per-host 4")


def sc_local_file(e):
    with open(os.path.join(e.dir, "local.xml"), "wb") as f:
        f.write(ccserver.rss(tag="loc", n=2))
    with open(os.path.join(e.dir, "big.xml"), "wb") as f:
        f.write(ccserver.rss(tag="big", n=200))
    doc = {"outlets": [{"name": "Local", "domains": ["local.test"],
                        "feeds": ["local.xml", "file://" + os.path.join(e.dir, "local.xml"),
                                  "big.xml"]}]}
    with open(e.config, "w") as f:
        json.dump(doc, f)
    rows = e.run("--max-body", "20000", want_exit=3)
    by_status = sorted((r["status"], r["http_status"], r["new_items"], r["error"])
                       for r in rows.values())
    eq(by_status, [("failed", "0", "0", "file larger than 20000 bytes"), ("ok", "0", "0", ""),
                   ("ok", "0", "2", "")], "file feeds read directly (rows: %r)" % rows)
    with e.db() as c:
        n = c.execute("SELECT count(*) FROM items").fetchone()[0]
    eq(n, 2, "items of the local feed, stored once")


def sc_outlet_filter(e):
    e.registry({"Alpha": ["/feed?tag=a"], "Beta": ["/feed?tag=b"]})
    rows = e.run("--outlet", "beta", want_exit=0)
    eq(list(rows), [e.url("/feed?tag=b")], "only Beta's feed")
    e.run("--outlet", "Gamma", want_exit=2)
    check("credcheck: Gamma: no such outlet" in e.last_stderr, "error: " + e.last_stderr)


def sc_formula_in_error_is_neutralised(e):
    # A hostile Location cannot inject a formula into the cron CSV: the error
    # cell starts with text we write, and any cell starting with = is quoted.
    e.registry({"=cmd|' /C calc'!A0": ["/feed?tag=x"]})
    rows = e.run(want_exit=0)
    row = list(rows.values())[0]
    eq(row["outlet"], "'=cmd|' /C calc'!A0", "neutralised outlet cell")


def _stats(e):
    with urllib.request.urlopen(e.url("/_stats")) as r:
        return json.load(r)


def sc_user_agent(e):
    e.registry({"Test": ["/feed"]})
    e.run(want_exit=0)
    ua = _stats(e)["last_user_agent"]
    check(ua.startswith("credcheck/") and " (+http" in ua and ua.endswith(")"),
          "User-Agent " + ua)


def sc_proxy_from_environment(e):
    # The feed's host does not exist; http_proxy points at the test server,
    # which then sees the absolute URL in the request line.
    url = "http://feeds.example.invalid/feed?tag=px"
    e.registry({"Test": [url]})
    rows = e.run(want_exit=0, env_extra={"http_proxy": e.url(""), "no_proxy": ""})
    expect_row(e.row(rows, url), "ok", 200, 3, 0)
    eq(_stats(e)["last_request_line"], "GET %s HTTP/1.1" % url, "request line via the proxy")


def sc_progress_bar_on_a_terminal(e):
    import pty
    e.registry({"Test": ["/feed?tag=a", "/feed?tag=b"]})
    for progress in (True, False):
        master, slave = pty.openpty()
        cmd = [BIN, "--config", e.config, "--store", e.store] + \
            ([] if progress else ["--no-progress"]) + ["fetch", "--format", "csv"] + FAST
        p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave)
        os.close(slave)
        out, _ = p.communicate(timeout=60)
        err = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        os.close(master)
        eq(p.returncode, 0, "exit")
        check(out.decode().startswith("outlet,feed_url,"), "CSV on stdout, bar not in it")
        has_bar = b"fetching [" in err and b"2/2 feeds" in err
        eq(has_bar, progress, "progress bar on the terminal (stderr %r)" % err[:200])


def sc_sigkill_mid_run(e):
    # Many feeds, some hanging, so the process is surely mid-run when killed.
    feeds = ["/feed?tag=k%d&n=20" % i for i in range(30)] + ["/hang?k=%d" % i for i in range(4)]
    e.registry({"Test": feeds})
    cmd = [BIN, "--config", e.config, "--store", e.store, "--no-progress", "fetch",
           "--format", "csv", "--timeout", "30", "--low-speed-time", "30"]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # Wait (bounded) until the other feeds are saved and the hanging ones
        # hold both connections of the host; this polls for a state, it does
        # not time anything.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if e.hits("/hang") >= 2 and os.path.exists(e.store):
                try:
                    with e.db() as c:
                        n = c.execute("SELECT count(*) FROM items").fetchone()[0]
                    if n >= 30 * 20:
                        break
                except sqlite3.Error:
                    pass
            time.sleep(0.05)
        check(p.poll() is None, "credcheck still running before the kill")
        p.send_signal(signal.SIGKILL)
        p.wait()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    ic = subprocess.run(["sqlite3", e.store, "PRAGMA integrity_check;"], capture_output=True)
    eq(ic.stdout.decode().strip(), "ok", "integrity_check after SIGKILL")
    with e.db() as c:
        run = c.execute("SELECT status, ended_at FROM runs").fetchall()
    eq([tuple(r) for r in run], [("running", None)], "the killed run stays 'running'")
    # The next run completes (the hanging feeds time out fast now).
    e.registry({"Test": feeds[:30] + ["/hang?k=0"]})
    rows = e.run("--timeout", "1", "--low-speed-time", "30", want_exit=3)
    eq(sum(1 for r in rows.values() if r["status"] == "ok"), 30, "feeds fetched after the kill")
    eq(e.row(rows, "/hang?k=0")["status"], "failed", "hanging feed")
    with e.db() as c:
        n = c.execute("SELECT count(*) FROM items").fetchone()[0]
        last = c.execute("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    eq(n, 30 * 20, "items stored once")
    eq(last, "partial", "the next run finished")
    ic = subprocess.run(["sqlite3", e.store, "PRAGMA integrity_check;"], capture_output=True)
    eq(ic.stdout.decode().strip(), "ok", "integrity_check after the next run")


SCENARIOS = {name[3:]: fn for name, fn in globals().items()
             if name.startswith("sc_") and callable(fn)}


def main():
    return run_cases(dict(sorted(SCENARIOS.items())), Env)


if __name__ == "__main__":
    sys.exit(main())
