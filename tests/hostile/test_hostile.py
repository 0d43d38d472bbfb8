#!/usr/bin/env python3
"""The catalogue of hostile inputs and faults (issue 8; docs/SECURITY.md).

    python3 tests/hostile/test_hostile.py CASE      (one ctest each)
    python3 tests/hostile/test_hostile.py --list

Each case drives the real binary ($CC_BINARY) against the loopback test
server (tests/server/ccserver.py, 127.0.0.1 only; the extra scenarios below
are registered into it, big bodies are generated on the fly and never
stored) and asserts the whole contract:

- the exit code (DESIGN.md: 0, 2 usage/config, 3 partial, 4 fatal);
- the one-line error `credcheck: SUBJECT: REASON` on standard error (for a
  feed inside a fetch run: the feed's row carries the one-line reason);
- that the rest of the run went on (good feeds next to the hostile one are
  stored in full);
- the store's integrity (`sqlite3 STORE 'PRAGMA integrity_check'` and
  `credcheck store check`);
- for local-file attacks, that a secret file's content never shows up in
  any output or in the store's bytes.

Nothing waits on a timer except the store-lock case, whose point is that
credcheck waits its busy timeout (10 s) before it gives up.
"""

import csv
import io
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "server"))
import ccserver  # noqa: E402
from checks import Fail, Skip, check, eq, run_cases  # noqa: E402

BIN = os.environ.get("CC_BINARY")
FIXTURES = os.environ.get("CC_FIXTURES_DIR", os.path.join(HERE, "..", "..", "fixtures"))
MIB = 1024 * 1024
CAP = 16 * MIB
FETCH_COLUMNS = ["outlet", "feed_url", "status", "http_status", "new_items", "updated_items",
                 "bytes", "elapsed_ms", "error"]
REPORT_COLUMNS = ["article", "claim_index", "claim", "checkworthy", "cited_outlets",
                  "cited_confirmed", "reporting_outlets", "corroborating_outlets", "n_outlets",
                  "score", "verdict", "evidence_outlet", "evidence_title", "evidence_url",
                  "evidence_published", "contradiction"]
# Under valgrind (scripts/valgrind.sh) everything is 20-50 times slower:
# transfer timeouts and polling limits grow to match.
SLOW = 10 if os.environ.get("CC_UNDER_VALGRIND") else 1
FAST = ["--timeout", str(5 * SLOW), "--connect-timeout", str(2 * SLOW)]
FORMULA = ("=", "+", "-", "@", "\t", "\r")
csv.field_size_limit(1 << 30)  # a 4 MiB claim is one cell


# The hostile scenarios are ccserver's: /redirect-to, /gzip-bomb?mb=,
# /one-line, /bad-numbers, /huge-content-length, /headers-forever,
# /close-mid-chunk (tests/server/README.md).
BOMB_MIB = 2048  # 2 GiB inflated


# ---- the environment of one case ----------------------------------------------------

class Env:
    def __init__(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="cc_hostile_")
        self.dir = self.tmp.name
        self.servers = []
        self.srv, self.port = self.start_server()
        self.store = os.path.join(self.dir, "store.db")
        self.config = os.path.join(self.dir, "outlets.json")
        self.outputs = []  # every stdout/stderr seen, for the secret check
        self.cleanups = []
        self.secret = "CC-SECRET-%d-%s" % (os.getpid(), os.urandom(6).hex())
        self.secret_path = os.path.join(self.dir, "secret.txt")
        with open(self.secret_path, "w") as f:
            f.write(self.secret + "\n")
        with ccserver._lock:
            ccserver.HITS.clear()
            for k in ccserver.STATS:
                ccserver.STATS[k] = 0

    def start_server(self, tls=None):
        handler = type("H", (ccserver.Handler,), {"root": self.dir})
        srv = ccserver.Server(("127.0.0.1", 0), handler)
        if tls:
            srv.socket = tls.wrap_socket(srv.socket, server_side=True)
        t = threading.Thread(target=srv.serve_forever, daemon=True)
        t.start()
        self.servers.append(srv)
        return srv, srv.server_address[1]

    def url(self, path, port=None, scheme="http"):
        return "%s://127.0.0.1:%d%s" % (scheme, port or self.port, path)

    def write(self, name, data):
        path = os.path.join(self.dir, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        return path

    def registry(self, outlets, with_fixtures=False, path=None):
        """outlets: {name: [feed, ...]} (a feed starting with / is on the
        server; a dict is written as it is), or a list of outlet objects."""
        doc = {"outlets": []}
        if with_fixtures:
            with open(os.path.join(FIXTURES, "outlets.json")) as f:
                fx = json.load(f)
            for o in fx["outlets"]:
                o["feeds"] = [os.path.join(FIXTURES, x) if isinstance(x, str) and "://" not in x
                              else x for x in o.get("feeds", [])]
                doc["outlets"].append(o)
        if isinstance(outlets, list):
            doc["outlets"] += outlets
        else:
            for i, (name, feeds) in enumerate(outlets.items()):
                urls = [self.url(f) if isinstance(f, str) and f.startswith("/") and
                        not os.path.exists(f) else f for f in feeds]
                doc["outlets"].append({"name": name, "domains": ["o%d.hostile.test" % i],
                                       "feeds": urls})
        with open(path or self.config, "w") as f:
            json.dump(doc, f)

    def run(self, args, want_exit=None, config=None, store=None, env_extra=None, cwd=None,
            stdin=None, timeout=600):
        cmd = [BIN, "--config", config or self.config, "--store", store or self.store,
               "--no-progress"] + list(args)
        env = dict(os.environ)
        for k in ("http_proxy", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
            env.pop(k, None)
        env["no_proxy"] = "*"
        env.update(env_extra or {})
        p = subprocess.run(cmd, capture_output=True, timeout=timeout * SLOW, env=env, cwd=cwd,
                           input=stdin)
        self.outputs += [p.stdout, p.stderr]
        err = p.stderr.decode("utf-8", "replace")
        if want_exit is not None and p.returncode != want_exit:
            raise Fail("%s: exit %d, want %d\nstdout: %.2000r\nstderr: %s"
                       % (" ".join(args)[:300], p.returncode, want_exit, p.stdout, err[:3000]))
        return p.returncode, p.stdout, err

    def fetch(self, *args, want_exit=None, config=None, store=None):
        rc, out, err = self.run(["fetch", "--format", "csv"] + FAST + list(args), want_exit,
                                config=config, store=store)
        text = out.decode("utf-8")  # valid UTF-8, or this raises
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
        check(rows and rows[0] == FETCH_COLUMNS, "fetch CSV header in %r" % text[:300])
        return {r[1]: dict(zip(FETCH_COLUMNS, r)) for r in rows[1:]}, err

    def row(self, rows, path):
        url = self.url(path) if path.startswith("/") else path
        check(url in rows, "no row for %s in %s" % (url, list(rows)))
        return rows[url]

    def db(self, store=None):
        return sqlite3.connect(store or self.store)

    def items(self, feed, store=None):
        url = self.url(feed) if feed.startswith("/") else feed
        with self.db(store) as c:
            return c.execute("SELECT i.guid, i.title FROM items i JOIN feeds f ON f.id = "
                             "i.feed_id WHERE f.url = ? ORDER BY i.guid", (url,)).fetchall()

    def integrity(self, store=None):
        store = store or self.store
        p = subprocess.run(["sqlite3", store, "PRAGMA integrity_check;"], capture_output=True,
                           timeout=120)
        eq(p.stdout.decode().strip(), "ok", "sqlite3 PRAGMA integrity_check of " + store)
        self.run(["store", "check"], want_exit=0, store=store)

    def hits(self, path):
        with ccserver._lock:
            return ccserver.HITS.get(path, 0)

    def assert_no_secret(self, store=None):
        needle = self.secret.encode()
        for i, o in enumerate(self.outputs):
            check(needle not in o, "the secret leaked into output #%d: %.300r" % (i, o))
        base = store or self.store
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(base + suffix):
                with open(base + suffix, "rb") as f:
                    check(needle not in f.read(), "the secret is in " + base + suffix)
        for dirpath, _, files in os.walk(self.dir):
            for n in files:
                p = os.path.join(dirpath, n)
                if p == self.secret_path or n.endswith(".pem"):
                    continue
                with open(p, "rb") as f:
                    check(needle not in f.read(), "the secret was copied into " + p)

    def close(self):
        for fn in reversed(self.cleanups):
            try:
                fn()
            except Exception as ex:  # noqa: BLE001 - cleanup goes on
                print("cleanup: %s" % ex)
        for s in self.servers:
            s.shutdown()
            s.server_close()
        self.tmp.cleanup()


def one_line_error(err, subject, reason):
    """err holds exactly one error line, `credcheck: SUBJECT: ...REASON...`
    (warnings, `credcheck: warning: ...`, and fetch's summary line aside)."""
    lines = [l for l in err.splitlines() if l and not l.startswith("credcheck: warning:")
             and not re.match(r"^\d+ feeds: ", l)]  # fetch's summary line
    eq(len(lines), 1, "error lines in %r" % err[:2000])
    prefix = "credcheck: %s: " % subject
    check(lines[0].startswith(prefix), "error %r does not start with %r" % (lines[0], prefix))
    check(reason in lines[0], "error %r lacks %r" % (lines[0], reason))
    return lines[0]


GOOD = ["/feed?tag=good&n=3", "/gzip?tag=zipped&n=4"]


def feed_contract(e, path, reason, parse_exit=3, parse_reason=None, http="200"):
    """The whole contract for a hostile feed at path: `parse URL` fails with
    one line, a fetch run stores the good feeds next to it in full, the
    hostile feed's row says why (one line) and nothing of it is stored, the
    store is intact."""
    rc, out, err = e.run(["parse", e.url(path)], want_exit=parse_exit)
    eq(out, b"", "parse prints no JSON for a refused feed")
    one_line_error(err, e.url(path), parse_reason or reason)
    e.registry({"Good": GOOD[:1], "Hostile": [path], "Good Too": GOOD[1:]})
    rows, err = e.fetch(want_exit=3)
    eq([l for l in err.splitlines() if " feeds: " not in l], [],
       "fetch stderr: the summary only (the rows carry per-feed errors)")
    eq(len(rows), 3, "rows")
    r = e.row(rows, path)
    eq((r["status"], r["http_status"], r["new_items"]), ("failed", http, "0"), "hostile row")
    check(reason in r["error"] and "\n" not in r["error"] and "\r" not in r["error"],
          "hostile row error %r lacks %r (one line)" % (r["error"], reason))
    for p, n in ((GOOD[0], 3), (GOOD[1], 4)):
        eq(e.row(rows, p)["status"], "ok", "good feed %s next to a hostile one" % p)
        eq(len(e.items(p)), n, "items of the good feed " + p)
    eq(e.items(path), [], "nothing stored from the hostile feed")
    e.integrity()
    return r


# ---- hostile inputs ---------------------------------------------------------------

def billion_laughs(e):
    doc = '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
    for i in range(1, 10):
        doc += '<!ENTITY lol%d "%s">\n' % (i, ("&lol%d;" % (i - 1) if i > 1 else "&lol;") * 10)
    doc += (']>\n<rss version="2.0"><channel><title>x</title><item><title>&lol9;</title>'
            '<guid>1</guid></item></channel></rss>\n')
    e.write("lol.xml", doc)
    feed_contract(e, "/files/lol.xml", "entity expansion is not allowed (billion laughs?)")
    # The same as a local file: one line naming the file.
    rc, out, err = e.run(["parse", os.path.join(e.dir, "lol.xml")], want_exit=3)
    one_line_error(err, os.path.join(e.dir, "lol.xml"), "billion laughs")


def quadratic_blowup(e):
    big = "A" * 100000
    doc = ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "%s">]>\n<rss version="2.0">'
           '<channel><title>x</title><item><title>%s</title><guid>1</guid></item></channel>'
           '</rss>\n' % (big, "&a;" * 50000))
    e.write("quad.xml", doc)
    feed_contract(e, "/files/quad.xml", "(quadratic blowup?)")


def external_entities(e):
    s = e.secret_path
    docs = {
        # general and parameter entities with SYSTEM identifiers
        "xxe.xml": '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file://%s">\n'
                   '<!ENTITY %% pe SYSTEM "file://%s">\n%%pe;\n]>\n<rss version="2.0"><channel>'
                   '<title>T &xxe;</title><item><title>A &xxe; B</title><guid>x1</guid>'
                   '<description>&xxe;</description></item></channel></rss>\n' % (s, s),
        # an external DTD, a relative one and one over the network
        "dtd.xml": '<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "file://%s">\n<rss version="2.0">'
                   '<channel><title>T</title><item><title>DTD item</title><guid>d1</guid></item>'
                   '</channel></rss>\n' % s,
        "dtd_rel.xml": '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//x//y" "secret.txt">\n'
                       '<rss version="2.0"><channel><title>T</title><item><title>Rel item'
                       '</title><guid>r1</guid></item></channel></rss>\n',
        "dtd_net.xml": '<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "%s">\n<rss version="2.0">'
                       '<channel><title>T</title><item><title>Net item</title><guid>n1</guid>'
                       '</item></channel></rss>\n' % e.url("/files/secret.txt"),
        # XInclude is never processed
        "xinclude.xml": '<?xml version="1.0"?>\n<rss version="2.0" xmlns:xi="http://www.w3.org'
                        '/2001/XInclude"><channel><title>T</title><item><title>XI item</title>'
                        '<guid>i1</guid><description><xi:include href="file://%s" parse="text"/>'
                        '</description></item></channel></rss>\n' % s,
        # an Atom feed declaring the entity inside an attribute value
        "attr.xml": '<?xml version="1.0"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://%s">]>\n'
                    '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry>'
                    '<title>Attr item</title><id>a1</id><link href="http://e.test/&xxe;"/>'
                    '</entry></feed>\n' % s,
    }
    for name, doc in docs.items():
        e.write("x/" + name, doc)
    # parse, over HTTP and as files: read without the entity, never the file
    for name in docs:
        for target in (e.url("/files/x/" + name), os.path.join(e.dir, "x", name)):
            rc, out, err = e.run(["parse", target])
            check(rc in (0, 3), "parse %s: exit %d" % (target, rc))
            if rc == 0:
                json.loads(out.decode("utf-8"))
            else:
                one_line_error(err, target, "")
    eq(e.hits("/files/secret.txt"), 0, "a DTD URL is never fetched")
    # fetch: HTTP and config-named file feeds next to a good one
    feeds = ["/files/x/" + n for n in docs] + [os.path.join(e.dir, "x", n) for n in docs]
    e.registry({"Good": GOOD[:1], "Entities": feeds})
    rows, err = e.fetch()
    eq(e.row(rows, GOOD[0])["status"], "ok", "good feed")
    eq(len(e.items(GOOD[0])), 3, "good items")
    e.integrity()
    with e.db() as c:
        titles = [t for (t,) in c.execute("SELECT title FROM items")]
    check("DTD item" in titles and "XI item" in titles, "entity-free items stored: %r" % titles)
    # verify over that store, every format
    art = e.write("article.txt", "The minister said 28 people died in the flood on Monday, "
                  "Reuters reported. A &xxe; B.\n")
    rc, out, err = e.run(["verify", "--help"], want_exit=0)
    formats = ["csv", "json", "table"] + (["html"] if b"html" in out else [])
    for fmt in formats:
        e.run(["verify", "--no-fetch", "--format", fmt, art], want_exit=0)
    # OPML import with an external entity: refused, one line
    opml = e.write("x.opml", '<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:'
                   '//%s">]>\n<opml version="2.0"><head><title>&xxe;</title></head><body>\n'
                   '<outline text="Evil &xxe;" type="rss" xmlUrl="http://evil.test/feed?&xxe;"/>'
                   '\n</body></opml>\n' % s)
    reg = os.path.join(e.dir, "import.json")
    with open(reg, "w") as f:
        f.write('{"outlets": []}')
    rc, out, err = e.run(["outlets", "import", "-o", os.path.join(e.dir, "imported.json"),
                          opml], config=reg, want_exit=2)
    one_line_error(err, opml, "external entity")
    # Entities in an OPML text node only (not an attribute): imported, unexpanded
    opml2 = e.write("y.opml", '<?xml version="1.0"?>\n<!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:'
                    '//%s">]>\n<opml version="2.0"><head><title>&xxe;</title></head><body>\n'
                    '<outline text="Fine" type="rss" xmlUrl="http://fine.test/feed"/>\n</body>'
                    '</opml>\n' % s)
    e.run(["outlets", "import", "-o", os.path.join(e.dir, "imported2.json"), opml2],
          config=reg)
    # An HTML article declaring the entity
    page = e.write("page.html", '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://%s">]>\n<html><head>'
                   '<title>T &xxe;</title></head><body><article><h1>Head &xxe;</h1><p>The '
                   'minister said 28 people died &xxe; on Monday, Reuters reported.</p><p>A '
                   'second paragraph long enough to be kept as main text of the page.</p>'
                   '</article></body></html>\n' % s)
    e.run(["claims", "--format", "json", page], want_exit=0)
    e.run(["verify", "--no-fetch", page], want_exit=0)
    e.run(["verify", "--no-fetch", e.url("/files/page.html")], want_exit=0)
    e.assert_no_secret()


def _max_child_rss_mib():
    import resource
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def gzip_bomb_2gb(e):
    # 2 GiB of zeros in 2 MB of gzip: the whole stream fits in the socket
    # buffers, so the proof that inflating stopped at the cap is the
    # client's memory (the 16 MiB body buffer, not 2 GiB) and the error.
    feed_contract(e, "/gzip-bomb?mb=%d" % BOMB_MIB, "body larger than 16777216 bytes")
    rss = _max_child_rss_mib()
    check(rss < 1024, "credcheck peaked at %d MiB while reading the bomb" % rss)


def nested_100k(e):
    depth = 100000
    e.write("deep.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
            '<item><title>t</title><guid>1</guid><description>' + "<a>" * depth + "x" +
            "</a>" * depth + "</description></item></channel></rss>")
    feed_contract(e, "/files/deep.xml", "elements nested more than 256 deep")
    e.write("deep_root.xml", '<?xml version="1.0"?>' + "<rss>" * depth + "</rss>" * depth)
    rc, out, err = e.run(["parse", os.path.join(e.dir, "deep_root.xml")], want_exit=3)
    one_line_error(err, os.path.join(e.dir, "deep_root.xml"), "nested more than 256 deep")
    # JSON Feed nested 100,000 deep (jansson's depth limit)
    e.write("deep.json", '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1",'
            '"tags":' + "[" * depth + "]" * depth + "}]}")
    rc, out, err = e.run(["parse", os.path.join(e.dir, "deep.json")], want_exit=3)
    one_line_error(err, os.path.join(e.dir, "deep.json"), "not a valid JSON Feed")
    # OPML outlines nested 100,000 deep
    opml = e.write("deep.opml", '<?xml version="1.0"?><opml version="2.0"><body>' +
                   '<outline text="x">' * depth + "</outline>" * depth + "</body></opml>")
    reg = e.write("empty.json", '{"outlets": []}')
    rc, out, err = e.run(["outlets", "import", "-o", os.path.join(e.dir, "o.json"), opml],
                         config=reg, want_exit=2)
    one_line_error(err, opml, "deep")
    # An HTML article nested 20,000 deep: read (the HTML parser copes), text
    # kept. (Extraction work grows with depth times a 4096-node budget per
    # element (fetchers/readable.c STATS_BUDGET): 100,000 levels take 15 s,
    # 2 min under ASan; docs/SECURITY.md.)
    hdepth = 20000
    page = e.write("deep.html", "<html><body>" + "<div>" * hdepth + "<p>Officials said 28 "
                   "people died in the flood on Monday in Lahore.</p>" + "</div>" * hdepth +
                   "</body></html>")
    rc, out, err = e.run(["claims", "--format", "json", page], want_exit=0)
    check("28 people died" in out.decode("utf-8"), "deep page text extracted")
    # the registry: JSON nested deep
    reg = e.write("deep_reg.json", '{"outlets": [{"name": "x", "notes": ' + "[" * depth +
                  "]" * depth + "}]}")
    rc, out, err = e.run(["outlets", "list"], config=reg, want_exit=2)
    one_line_error(err, reg, "")


def one_line_200mb(e):
    feed_contract(e, "/one-line", "body larger than 16777216 bytes")
    with ccserver._lock:
        sent = ccserver.STATS["oneline_sent"]
    check(sent < ccserver.ONE_LINE_BYTES, "server wrote %d of %d bytes: stopped at the cap"
          % (sent, ccserver.ONE_LINE_BYTES))
    # With a Content-Length over the cap, nothing is read at all.
    feed_contract(e, "/one-line?cl=1", "body larger than 16777216 bytes")


BAD = b"A\x00B\xff\xfeC\xc0\xafD\xed\xa0\x80E\xf4\x90\x80\x80F&#0;G&#xD800;H"


def _marked(name):
    return b"start-" + name + b"-" + BAD + b"-end-" + name


def _check_marked(value, name, what):
    check(isinstance(value, str), "%s %s is %r" % (what, name, value))
    check("start-%s-" % name in value and "-end-%s" % name in value,
          "%s %s truncated or lost: %r" % (what, name, value))
    check("\x00" not in value, "%s %s holds NUL" % (what, name))


def nul_and_invalid_utf8(e):
    xml = (b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.o'
           b'rg/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           b'<channel><title>' + _marked(b"ftitle") + b'</title><link>http://e.test/' +
           _marked(b"flink") + b'</link><item><title>' + _marked(b"title") +
           b'</title><link>http://e.test/' + _marked(b"link") + b'</link><guid isPermaLink="fal'
           b'se">' + _marked(b"guid") + b'</guid><description>' + _marked(b"summary") +
           b'</description><content:encoded>' + _marked(b"content") + b'</content:encoded>'
           b'<dc:creator>' + _marked(b"author") + b'</dc:creator><category>' +
           _marked(b"cat") + b'</category><pubDate>Mon, 02 Jun 2025 10:00:00 +0000</pubDate>'
           b'</item></channel></rss>\n')
    e.write("bad.xml", xml)

    def js(name):
        return "start-%s-A\\u0000B\u00e9\\u0000-end-%s" % (name, name)
    jf = ('{"version":"https://jsonfeed.org/version/1.1","title":"%s","home_page_url":"http://e.'
          'test/%s","items":[{"id":"%s","url":"http://e.test/%s","title":"%s","summary":"%s",'
          '"content_text":"%s","authors":[{"name":"%s"}],"tags":["%s"],"date_published":"2025-'
          '06-02T10:00:00Z"}]}' % (js("ftitle"), js("flink"), js("guid"), js("link"), js("title"),
                                   js("summary"), js("content"), js("author"), js("cat")))
    raw = jf.encode().replace(b"\xc3\xa9", b"\xff\xfe\xc0\xaf")  # raw invalid bytes too
    e.write("bad.json", raw)
    for name in ("bad.xml", "bad.json"):
        rc, out, err = e.run(["parse", e.url("/files/" + name)], want_exit=0)
        doc = json.loads(out.decode("utf-8"))  # valid UTF-8, or this raises
        it = doc["items"][0]
        for field, key in (("title", "title"), ("link", "link"), ("guid", "id"),
                           ("summary", "summary"), ("content", "content"),
                           ("author", "author")):
            _check_marked(it[key], field, name)
        _check_marked(it["categories"][0], "cat", name)
        _check_marked(doc["feed"]["title"], "ftitle", name)
        eq(it["published"], "2025-06-02T10:00:00Z", name + " date after the bad bytes")
    e.registry({"Good": GOOD[:1], "Bad bytes": ["/files/bad.xml", "/files/bad.json"]})
    rows, err = e.fetch(want_exit=0)
    with e.db() as c:
        c.text_factory = bytes
        rows_db = c.execute("SELECT i.guid, i.title, i.link, i.summary, i.content, i.author FROM items i JOIN "
                            "feeds f ON f.id = i.feed_id WHERE f.url LIKE '%bad.%'").fetchall()
    eq(len(rows_db), 2, "items of the bad-bytes feeds")
    for r in rows_db:
        for name, v in zip(("guid", "title", "link", "summary", "content", "author"), r):
            _check_marked(v.decode("utf-8"), name, "store")
    eq(len(e.items(GOOD[0])), 3, "good items")
    e.integrity()
    # An article with NUL and invalid UTF-8: every sentence survives.
    art = e.write("bad_article.txt", b"First claim: 28 people\x00 died in\xff the flood on Monday."
                  b"\n\nSecond: the council\xc0\xaf approved 400 homes\xed\xa0\x80 on Tuesday, "
                  b"Reuters reported.\n")
    rc, out, err = e.run(["claims", "--format", "json", art], want_exit=0)
    text = out.decode("utf-8")
    check("approved 400 homes" in text and "died in" in text, "article text kept")
    rc, out, err = e.run(["verify", "--no-fetch", "--format", "csv", art], want_exit=0)
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    eq(rows[0], REPORT_COLUMNS, "CSV header")
    check(any("approved 400 homes" in r[2] for r in rows[1:]), "claim after bad bytes in CSV")


DATES = [
    ("Tue, 19 Jan 2038 03:14:07 +0000", "2038-01-19T03:14:07Z"),
    ("Tue, 19 Jan 2038 03:14:08 +0000", "2038-01-19T03:14:08Z"),  # past 32-bit time_t
    ("Fri, 13 Dec 1901 20:45:52 +0000", "1901-12-13T20:45:52Z"),  # 32-bit minimum
    ("Fri, 13 Dec 1901 20:45:51 +0000", "1901-12-13T20:45:51Z"),
    ("Wed, 31 Dec 1969 23:59:59 +0000", "1969-12-31T23:59:59Z"),
    ("Fri, 31 Dec 9999 23:59:59 +0000", "9999-12-31T23:59:59Z"),
    ("Sat, 01 Jan 10000 00:00:00 +0000", None),
    ("Sun, 04 Dec 292277026596 15:30:07 +0000", None),  # 64-bit time_t maximum
    ("Mon, 01 Jan 99999999999999999999 00:00:00 +0000", None),
    ("Mon, 01 Jan -9999999999 00:00:00 +0000", None),
    ("292277026596-12-04T15:30:07Z", None),
    ("-292277022657-01-27T08:29:52Z", None),
    ("9223372036854775807", None),
    ("-9223372036854775808", None),
    ("Mon, 02 Jun 2025 10:00:00 +99999999999999", None),
    ("2025-06-02T10:00:00.99999999999999999999999Z", "2025-06-02T10:00:00Z"),
]


def time_t_limits(e):
    items = "".join('<item><title>date %d</title><guid isPermaLink="false">d%02d</guid><pubDate>%s</pubDate>'
                    '</item>'
                    % (i, i, d) for i, (d, _) in enumerate(DATES))
    e.write("dates.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>dates</title>'
            + items + "</channel></rss>")
    rc, out, err = e.run(["parse", e.url("/files/dates.xml")], want_exit=0)
    doc = json.loads(out)
    got = [(it["id"], it["published"]) for it in doc["items"]]
    eq(got, [("d%02d" % i, want) for i, (_, want) in enumerate(DATES)], "published dates")
    e.registry({"Good": GOOD[:1], "Dates": ["/files/dates.xml"]}, with_fixtures=True)
    rows, err = e.fetch(want_exit=0)
    eq(e.row(rows, "/files/dates.xml")["new_items"], str(len(DATES)), "all dated items stored")
    e.integrity()
    art = os.path.join(FIXTURES, "articles", "example_article.txt")
    for date in ("9999-12-31", "0001-01-01", "1901-12-13", "2038-01-19", "1970-01-01"):
        rc, out, err = e.run(["verify", "--no-fetch", "--date", date, "--format", "json", art],
                             want_exit=0)
        json.loads(out)
    for date in ("0000-01-01", "10000-01-01", "99999999999999999999-01-01", "2025-13-01",
                 "2025-02-30", "-2025-01-01"):
        rc, out, err = e.run(["verify", "--no-fetch", "--date", date, art], want_exit=2)
        one_line_error(err, "verify", "invalid date")
    for window in ("3650", "0"):
        e.run(["verify", "--no-fetch", "--window", window, "--date", "9999-12-31", art],
              want_exit=0)
    e.run(["store", "stats"], want_exit=0)
    e.run(["store", "prune", "--older-than", "36500"], want_exit=0)
    e.run(["store", "prune", "--older-than", "0"], want_exit=0)
    e.integrity()


def number_overflow(e):
    art = os.path.join(FIXTURES, "articles", "example_article.txt")
    cli = [
        (["fetch", "--jobs", "99999999999999999999"], "fetch", "--jobs"),
        (["fetch", "--jobs", "-1"], "fetch", "--jobs"),
        (["fetch", "--per-host", "18446744073709551617"], "fetch", "--per-host"),
        (["fetch", "--timeout", "1e400"], "fetch", "--timeout"),
        (["fetch", "--timeout", "nan"], "fetch", "--timeout"),
        (["fetch", "--connect-timeout", "inf"], "fetch", "--connect-timeout"),
        (["fetch", "--max-body", "18446744073709551616"], "fetch", "--max-body"),
        (["fetch", "--low-speed-limit", "-9223372036854775809"], "fetch", "--low-speed-limit"),
        (["store", "prune", "--older-than", "9223372036854775807"], "store", "--older-than"),
        (["verify", "--window", "2147483648", art], "verify", "--window"),
        (["verify", "--max-candidates", "99999999999999999999", art], "verify",
         "--max-candidates"),
        (["claims", "--max-size", "99999999999999999999999", art], "claims", "--max-size"),
        (["parse", "--max-items", "-1", art], "parse", "--max-items"),
    ]
    e.registry({"Good": GOOD[:1]})
    for args, sub, opt in cli:
        rc, out, err = e.run(args, want_exit=2)
        line = one_line_error(err, sub, opt)
        check(len(line) < 300, "error line is short: %r" % line)
    check(not os.path.exists(e.store), "no store made by refused commands")
    # HTTP: a Content-Length that overflows, a Retry-After that overflows
    feed_contract(e, "/huge-content-length", "")
    e.registry({"Good": GOOD[:1], "Numbers": ["/bad-numbers", "/bad-numbers?status=503"]})
    t0 = int(time.time())
    rows, err = e.fetch(want_exit=3)
    eq(e.row(rows, "/bad-numbers")["status"], "ok", "a feed with an overflowing <ttl>")
    r = e.row(rows, "/bad-numbers?status=503")
    eq((r["status"], r["error"]), ("failed", "HTTP 503"), "503 with an overflowing Retry-After")
    with e.db() as c:
        nxt = c.execute("SELECT next_fetch_at FROM feeds WHERE url = ?",
                        (e.url("/bad-numbers?status=503"),)).fetchone()[0]
    check(nxt is not None and t0 <= nxt <= int(time.time()) + 7 * 86400,
          "backoff stays within a week: %r" % nxt)
    e.integrity()
    # JSON Feed numbers: too big for jansson (a clear error), or just ignored
    e.write("n1.json", '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":1e400}]}')
    rc, out, err = e.run(["parse", os.path.join(e.dir, "n1.json")], want_exit=3)
    one_line_error(err, os.path.join(e.dir, "n1.json"), "not a valid JSON Feed")
    e.write("n2.json", '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":'
            '123456789012345678901234567890,"title":"t"}]}')
    rc, out, err = e.run(["parse", os.path.join(e.dir, "n2.json")], want_exit=3)
    one_line_error(err, os.path.join(e.dir, "n2.json"), "not a valid JSON Feed")
    e.write("n3.json", '{"version":"https://jsonfeed.org/version/1.1","items":[{"id":'
            '9223372036854775807,"title":"big id"},{"id":-9223372036854775808,"title":"neg"}]}')
    rc, out, err = e.run(["parse", os.path.join(e.dir, "n3.json")], want_exit=0)
    eq([i["id"] for i in json.loads(out)["items"]],
       ["9223372036854775807", "-9223372036854775808"], "int64 ids")
    # Registry numbers
    reg = e.write("numreg.json", '{"outlets": [{"name": "A", "credibility": 1e400}]}')
    rc, out, err = e.run(["outlets", "list"], config=reg, want_exit=2)
    one_line_error(err, reg, "overflow")
    reg = e.write("numreg2.json", '{"outlets": [{"name": "A", "credibility": '
                  '99999999999999999999}]}')
    rc, out, err = e.run(["outlets", "list"], config=reg, want_exit=2)
    one_line_error(err, reg, "")
    # An article full of numbers that overflow any integer type
    text = ("The deficit reached 99999999999999999999999999 dollars and 1e400 people, "
            "-9223372036854775809 votes, 18446744073709551616 homes and 10^400 stars on "
            "Monday, Reuters reported. 4294967296%% of 2147483648 officials agreed.\n")
    a = e.write("numbers.txt", text)
    e.run(["claims", "--format", "json", a], want_exit=0)
    rc, out, err = e.run(["verify", "--no-fetch", "--format", "json", a], want_exit=0)
    json.loads(out)


def million_categories(e):
    n = 1000000
    e.write("cats.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>c</title>'
            '<item><title>many</title><guid>m1</guid>' +
            "".join("<category>c%d</category>" % i for i in range(n)) +
            '</item><item><title>after</title><guid>m2</guid></item></channel></rss>')
    e.write("cats.json", json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "c",
                                     "items": [{"id": "j1", "title": "many",
                                                "tags": ["t%d" % i for i in range(n)]},
                                               {"id": "j2", "title": "after"}]}))
    # A 28 MB file is over the 16 MiB body cap over HTTP, so the XML one is
    # read as a local file (parse reads files up to 256 MiB).
    for path, prefix in ((os.path.join(e.dir, "cats.xml"), "c"), (e.url("/files/cats.json"), "t")):
        rc, out, err = e.run(["parse", path], want_exit=0, timeout=120)
        items = json.loads(out)["items"]
        eq([i["title"] for i in items], ["many", "after"], "items of " + path)
        eq(items[0]["categories"], ["%s%d" % (prefix, i) for i in range(1000)],
           "categories kept (the first 1000)")
    e.registry({"Good": GOOD[:1], "Cats": ["/files/cats.json", os.path.join(e.dir, "cats.xml")]})
    rows, err = e.fetch("--max-body", str(64 * MIB), want_exit=0)
    eq(sorted(r["new_items"] for r in rows.values()), ["2", "2", "3"], "items stored: %r" % rows)
    e.integrity()


def article_one_4mib_sentence(e):
    cap = 4 * MIB
    words = []
    size = 0
    i = 0
    while size < cap - 200:
        w = "officials said the council approved %d new homes" % i
        words.append(w)
        size += len(w) + 1
        i += 1
    body = ("Officials said " + " ".join(words)).encode()[: cap - 2]
    body = body[: body.rfind(b" ")] + b".\n"
    check(len(body) <= cap, "article fits the cap")
    a = e.write("one_sentence.txt", body)
    e.registry({}, with_fixtures=True)
    rc, out, err = e.run(["claims", "--format", "json", a], want_exit=0)
    doc = json.loads(out)
    eq(len(doc["sentences"]), 1, "one sentence")
    rc, out, err = e.run(["verify", "--no-fetch", "--format", "csv", a], want_exit=0)
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    eq(len(rows), 2, "header and one claim row")
    eq(len(rows[1][2]), len(body) - 1, "the claim cell holds the whole sentence")
    # One byte over the cap: refused with one line.
    big = e.write("over_cap.txt", body[:-1] + b"x" * (cap + 1 - len(body)) + b".")
    rc, out, err = e.run(["claims", big], want_exit=3)
    one_line_error(err, big, "4194304")
    rc, out, err = e.run(["verify", "--no-fetch", big], want_exit=3)
    one_line_error(err, big, "4194304")


def ten_thousand_citations(e):
    forms = ["(Reuters)", "according to Dawn", "[Arabnews.pk]", "Geo News reported",
             "(The Express Tribune)", "(Sources 1)", "[xx%d.example.com]"]
    cites = " ".join(forms[i % len(forms)].replace("%d", str(i)) for i in range(10000))
    a = e.write("cites.txt", "The minister said 28 people died in the flood on Monday " +
                cites + ".\n\nA second paragraph says 400 homes were approved.\n")
    e.registry({}, with_fixtures=True)
    rc, out, err = e.run(["claims", "--format", "json", a], want_exit=0, timeout=300)
    doc = json.loads(out)
    s = doc["sentences"][0]
    outlets = {c.get("outlet") for c in s["citations"]}
    check({"Reuters", "Dawn"} <= outlets, "citations resolved: %r" % sorted(map(str, outlets)))
    rc, out, err = e.run(["verify", "--no-fetch", "--format", "csv", a], want_exit=0,
                         timeout=300)
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    check("Reuters" in rows[1][4] and "Dawn" in rows[1][4], "cited_outlets: %r" % rows[1][4])


def unbalanced_brackets(e):
    text = ("The minister said ((((" + "(" * 100000 + " 28 people died [[[" + "]" * 50000 +
            "))" + "{" * 30000 + ".\n\n" + ")" * 100000 + " Reuters reported 5 deaths. " +
            "\u201c" * 20000 + " \"quoted (Reuters\n\n[Dawn (Geo News] said) 7 more.\n")
    a = e.write("brackets.txt", text)
    e.registry({}, with_fixtures=True)
    rc, out, err = e.run(["claims", "--format", "json", a], want_exit=0)
    doc = json.loads(out)
    check(len(doc["sentences"]) >= 3, "sentences found")
    rc, out, err = e.run(["verify", "--no-fetch", "--format", "csv", a], want_exit=0)
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    check(len(rows) >= 2, "claims in the CSV")
    check(any("Reuters reported 5 deaths" in r[2] for r in rows[1:]), "claim after brackets")


def csv_injection(e):
    evil_titles = ["=cmd|' /C calc'!A0 Flood kills 28 in Lahore on Monday",
                   "+HYPERLINK(\"http://evil.test\") Flood kills 28 in Lahore",
                   "-2+3 Lahore flood: 28 people died on Monday",
                   "@SUM(A1) Flood in Lahore kills 28 people",
                   "\tFlood in Lahore kills 28 people, officials said"]
    items = "".join(
        "<item><title>%s</title><link>http://evil.test/%d</link><guid>ev%d</guid>"
        "<description>%s Officials said 28 people died in the flood in Lahore on Monday."
        "</description><pubDate>Mon, 02 Jun 2025 10:%02d:00 +0000</pubDate></item>"
        % (t.replace("&", "&amp;").replace("<", "&lt;"), i, i,
           t.replace("&", "&amp;").replace("<", "&lt;"), i)
        for i, t in enumerate(evil_titles))
    e.write("evil.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>=evil'
            '</title>' + items + '</channel></rss>')
    e.registry([{"name": "=Evil News", "domains": ["evil.test"],
                 "feeds": [e.url("/files/evil.xml")]},
                {"name": "@Other Wire", "domains": ["other.test"],
                 "feeds": [e.url("/files/evil.xml?copy=1")]}])
    e.write("=article.txt", "=SUM(1+1) Officials said 28 people died in the flood in Lahore "
            "on Monday, according to =Evil News.\n\n+1 More than 28 people died in the flood "
            "in Lahore, @Other Wire reported.\n\n-5 people are missing after the Lahore "
            "flood on Monday, officials said.\n")
    rows, err = e.fetch(want_exit=0)
    for r in rows.values():
        eq(r["outlet"][0], "'", "fetch CSV outlet cell neutralised: %r" % r["outlet"])
    rc, out, err = e.run(["verify", "--no-fetch", "--date", "2025-06-02", "--format", "csv",
                          "=article.txt"], cwd=e.dir, want_exit=0)
    text = out.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    eq(rows[0], REPORT_COLUMNS, "header")
    cells = [c for r in rows[1:] for c in r]
    bad = [c for c in cells if c.startswith(FORMULA)]
    eq(bad, [], "cells a spreadsheet would run as formulas")
    neutral = [c for c in cells if c.startswith("'") and c[1:2] in FORMULA]
    check(any(c.startswith("'=article") for c in neutral), "article cell neutralised")
    check(any(c.startswith("'=SUM") for c in neutral), "claim cell neutralised")
    check(any(c.startswith(("'=Evil", "'@Other")) for c in neutral),
          "outlet cells neutralised: %r" % neutral)
    # JSON keeps the text exactly (it is not a spreadsheet format).
    rc, out, err = e.run(["verify", "--no-fetch", "--date", "2025-06-02", "--format", "json",
                          "=article.txt"], cwd=e.dir, want_exit=0)
    check('"=SUM(1+1) Officials' in out.decode("utf-8"), "JSON keeps the claim as written")
    # The batch day CSV too.
    inp = os.path.join(e.dir, "in")
    os.makedirs(inp)
    shutil.copy(os.path.join(e.dir, "=article.txt"), os.path.join(inp, "=article.txt"))
    outdir = os.path.join(e.dir, "out")
    e.run(["batch", "--in", inp, "--out", outdir, "--no-fetch"], want_exit=0)
    for n in os.listdir(outdir):
        if n.endswith(".csv"):
            with open(os.path.join(outdir, n), encoding="utf-8", newline="") as f:
                for r in csv.reader(f, strict=True):
                    for c in r:
                        check(not c.startswith(FORMULA), "%s cell %r" % (n, c))
    e.integrity()


def registry_hostile(e):
    cases = [
        ('{"outlets": {"a": 1}}', "outlets: expected an array"),
        ('{"outlets": [{"name": 5}]}', "outlets[0].name: expected a string"),
        ('{"outlets": [{"name": "A", "feeds": "x"}]}', "outlets[0].feeds: expected an array"),
        ('{"outlets": [{"name": "A", "feeds": [7]}]}', "outlets[0].feeds[0]"),
        ('{"outlets": [{"name": "A", "feeds": [{"url": "http://x.test/", "insecure": "yes"}]}]}',
         "outlets[0].feeds[0].insecure: expected true or false"),
        ('{"outlets": [{"name": "A", "credibility": "high"}]}', "outlets[0].credibility"),
        ('{"outlets": [{"name": "A", "credibility": 2}]}', "outlets[0].credibility"),
        ('{"outlets": [{"name": "A", "wire": "yes"}]}', "outlets[0].wire"),
        ('{"outlets": [{"name": "A", "aliases": [null]}]}', "outlets[0].aliases[0]"),
        ('{"outlets": [{"name": "A", "domains": "a.test"}]}', "outlets[0].domains"),
        ('{"outlets": [{"name": "A", "urls": []}]}', "unknown key 'urls'"),
        ('{"outlets": [{"name": "A"}, {"name": "A"}]}', "duplicate outlet name 'A'"),
        ('{"outlets": [{"name": "A"}, {"name": "a"}]}', ""),
        ('{"outlets": [{"name": "A", "name": "B"}]}', "duplicate object key"),
        ('{"outlets": [{"name": "A", "domains": ["a.test"]}, {"name": "B", "domains": '
         '["a.test"]}]}', "'a.test' is already a domain of outlet 'A'"),
        ('{"outlets": [{"name": "A", "aliases": ["X"]}, {"name": "B", "aliases": ["X"]}]}',
         "'X' is already an alias of outlet 'A'"),
        ('{"outlets": [{"name": "A", "feeds": ["gopher://x.test/"]}]}', "outlets[0].feeds[0]"),
        ('[1, 2]', "expected an object"),
        ('', "invalid JSON"),
        ('{"outlets": [', "invalid JSON"),
        ('{"outlets": []}\x00{"x": 1}', ""),
    ]
    for i, (text, reason) in enumerate(cases):
        reg = e.write("reg%02d.json" % i, text)
        rc, out, err = e.run(["outlets", "list"], config=reg)
        if rc == 0:
            check(reason == "", "case %d %r loaded: %r" % (i, text, out[:200]))
            continue
        eq(rc, 2, "exit for %r" % text)
        one_line_error(err, reg, reason)
        # a fetch with it never touches the store
        rc, out, err = e.run(["fetch"], config=reg, want_exit=2)
        one_line_error(err, reg, reason)
    check(not os.path.exists(e.store), "no store made with a bad registry")
    # 100 MB strings: over the file cap, refused before parsing
    big = os.path.join(e.dir, "big.json")
    with open(big, "w") as f:
        f.write('{"outlets": [{"name": "')
        chunk = "A" * MIB
        for _ in range(100):
            f.write(chunk)
        f.write('"}]}')
    rc, out, err = e.run(["outlets", "list"], config=big, want_exit=2)
    one_line_error(err, big, "over the 8388608-byte cap")
    # 7 MB strings under the file cap: each field has its own cap
    for key, val in (("aliases", ["A" * 7 * MIB]), ("feeds", ["http://x.test/" + "a" * 7 * MIB]),
                     ("notes", "n" * 7 * MIB), ("domains", ["d" * 7 * MIB + ".test"])):
        reg = e.write("big_%s.json" % key, json.dumps({"outlets": [{"name": "N", key: val}]}))
        rc, out, err = e.run(["outlets", "list"], config=reg)
        check(rc in (0, 2), "exit %d for a 7 MB %s" % (rc, key))
        if rc == 2:
            one_line_error(err, reg, "cap")
    # A good registry still works afterwards, and the store is fine.
    e.registry({"Good": GOOD[:1]})
    rows, err = e.fetch(want_exit=0)
    e.integrity()


def _second_server(e):
    srv, port = e.start_server()
    return port


def redirect_chains(e):
    other = _second_server(e)  # a loopback port the registry never names
    named = _second_server(e)  # another outlet's server: named
    secret = "file://" + e.secret_path
    refused_local = "a local address the configuration does not name"
    cases = [
        ("/redirect-to?u=" + urllib.parse.quote(secret, safe=""),
         "only http and https are followed"),
        ("/redirect-to?u=" + urllib.parse.quote("file:///etc/passwd", safe=""),
         "only http and https are followed"),
        ("/redirect-to?u=" + urllib.parse.quote("gopher://127.0.0.1:%d/_GET%%20/" % e.port,
                                                  safe=""), "only http and https are followed"),
        ("/redirect-to?code=301&u=" + urllib.parse.quote("ftp://127.0.0.1/x", safe=""),
         "only http and https are followed"),
        ("/redirect-to?u=" + urllib.parse.quote("http://127.0.0.1:%d/x/unnamed" % other,
                                                  safe=""), refused_local),
        ("/redirect-to?code=307&u=" + urllib.parse.quote("http://localhost:%d/x/unnamed" % e.port,
                                                           safe=""), refused_local),
        ("/redirect-to?u=" + urllib.parse.quote("http://2130706433:%d/x/unnamed" % other, safe=""),
         refused_local),
        ("/redirect-to?u=" + urllib.parse.quote("http://0x7f.1:%d/x/unnamed" % other, safe=""),
         refused_local),
        ("/redirect-to?u=" + urllib.parse.quote("http://[::1]:%d/x/unnamed" % other, safe=""),
         refused_local),
        ("/redirect-to?u=" + urllib.parse.quote("http://[::ffff:127.0.0.1]:%d/x/unnamed" % other,
                                                  safe=""), refused_local),
        ("/redirect-to?u=" + urllib.parse.quote("http://10.0.0.1/feed", safe=""),
         refused_local),
        ("/redirect-to?u=" + urllib.parse.quote("http://169.254.169.254/latest/meta-data/",
                                                  safe=""), refused_local),
        # a chain: same-server hops first, then out to the unnamed port
        ("/redirect/302/redirect/301/redirect-to?u=" +
         urllib.parse.quote("http://127.0.0.1:%d/x/unnamed" % other, safe=""), refused_local),
    ]
    hostname = socket.gethostname()
    try:
        local_name = all(a[4][0].startswith("127.") for a in socket.getaddrinfo(hostname, 80))
    except OSError:
        local_name = False
    if local_name and not hostname.endswith("localhost"):
        # A name that is not local by itself but resolves to 127.x: refused
        # once the connection shows where it goes.
        cases.append(("/redirect-to?u=" + urllib.parse.quote(
            "http://%s:%d/x/unnamed" % (hostname, other), safe=""), "resolves to the local address"))
    else:
        print("note: host name %r does not resolve to 127.x; resolved-address case skipped"
              % hostname)
    ok_cases = [
        "/redirect/302/feed?tag=same",  # same host:port
        "/redirect-to?u=" + urllib.parse.quote("http://127.0.0.1:%d/feed?tag=named" % named,
                                                 safe=""),  # a port the registry names
    ]
    for path, reason in cases:
        rc, out, err = e.run(["parse", e.url(path)])
        check(rc in (2, 3), "parse of %s: exit %d" % (path, rc))
        one_line_error(err, e.url(path), reason)
    e.registry({"Good": GOOD[:1] + ok_cases, "Redirects": [p for p, _ in cases],
                "Named": [e.url("/feed?tag=n", port=named)]})
    rows, err = e.fetch(want_exit=3)
    for path, reason in cases:
        r = e.row(rows, path)
        eq(r["status"], "failed", "row of " + path)
        check(reason in r["error"], "%s: error %r lacks %r" % (path, r["error"], reason))
    for path in ok_cases:
        eq(e.row(rows, path)["status"], "ok", "allowed redirect " + path)
        eq(len(e.items(path)), 3, "items through " + path)
    # No request ever reached a refused target (all servers share the hit
    # table, so the refused targets use a path of their own).
    eq(e.hits("/x/unnamed"), 0, "requests to refused redirect targets")
    e.integrity()
    e.assert_no_secret()


def _make_cert(e):
    if not shutil.which("openssl"):
        raise Skip("openssl not installed")
    key = os.path.join(e.dir, "key.pem")
    crt = os.path.join(e.dir, "cert.pem")
    p = subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", crt,
                        "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                        "subjectAltName=IP:127.0.0.1"], capture_output=True, timeout=60)
    check(p.returncode == 0, "openssl req: %s" % p.stderr.decode()[:500])
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(crt, key)
    return ctx


def tls_self_signed(e):
    ctx = _make_cert(e)
    _, tport = e.start_server(tls=ctx)
    _, tport2 = e.start_server(tls=ctx)
    feed = e.url("/feed?tag=tls", port=tport, scheme="https")
    rc, out, err = e.run(["parse", feed], want_exit=3)
    one_line_error(err, feed, "certificate")
    # Refused by default; the rest of the run goes on.
    e.registry({"Good": GOOD[:1], "Self-signed": [feed]})
    rows, err = e.fetch(want_exit=3)
    r = e.row(rows, feed)
    check(r["status"] == "failed" and "certificate" in r["error"], "TLS row %r" % r)
    eq(e.items(feed), [], "nothing from the unverified server")
    eq(len(e.items(GOOD[0])), 3, "good feed")
    # "insecure": true for that feed only: read. A redirect from it to
    # another host:port (named in the registry, so loopback is allowed) is
    # verified again.
    hop = e.url("/redirect-to?u=" + urllib.parse.quote(
        e.url("/feed?tag=hop", port=tport2, scheme="https"), safe=""), port=tport,
        scheme="https")
    other = e.url("/feed?tag=other", port=tport2, scheme="https")
    e.registry([{"name": "Good", "domains": ["g.test"], "feeds": [e.url(GOOD[0])]},
                {"name": "Intranet", "domains": ["intra.test"],
                 "feeds": [{"url": feed, "insecure": True}, {"url": hop, "insecure": True}]},
                {"name": "Other", "domains": ["other.test"], "feeds": [other]}])
    rows, err = e.fetch("--force", want_exit=3)
    eq((e.row(rows, feed)["status"], e.row(rows, feed)["new_items"]), ("ok", "3"),
       "insecure feed read")
    r = e.row(rows, hop)
    check(r["status"] == "failed" and "certificate" in r["error"],
          "redirect out of an insecure feed is verified: %r" % r)
    check("certificate" in e.row(rows, other)["error"], "the other server is verified")
    e.integrity()


def headers_forever(e):
    feed_contract(e, "/headers-forever", "headers larger than 262144 bytes")


def close_mid_chunk(e):
    feed_contract(e, "/close-mid-chunk", "transfer closed with outstanding read data remaining")


# ---- faults -----------------------------------------------------------------------

def _wait_for(cond, what, proc=None, limit=60):
    """Polls a state (not a time): cond() true, or the process ended."""
    deadline = time.monotonic() + limit * SLOW
    while time.monotonic() < deadline:
        if cond():
            return
        if proc is not None and proc.poll() is not None:
            raise Fail("the process ended (exit %s) before %s" % (proc.returncode, what))
        time.sleep(0.05)
    raise Fail("timed out waiting for " + what)


def _count_items(e):
    if not os.path.exists(e.store):
        return 0
    try:
        c = sqlite3.connect("file:%s?mode=ro" % e.store, uri=True, timeout=0.2)
        try:
            return c.execute("SELECT count(*) FROM items").fetchone()[0]
        finally:
            c.close()
    except sqlite3.Error:
        return 0


def _kill_mid_run(e, args, feeds_ready, cwd=None):
    cmd = [BIN, "--config", e.config, "--store", e.store, "--no-progress"] + args
    env = dict(os.environ)
    env["no_proxy"] = "*"
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                         cwd=cwd)
    try:
        _wait_for(lambda: e.hits("/hang") >= 1 and _count_items(e) >= feeds_ready,
                  "the run to be mid-fetch", proc=p)
        p.send_signal(signal.SIGKILL)
        p.wait()
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    eq(p.returncode, -signal.SIGKILL, "killed")
    e.integrity()


def _feeds(n):
    return ["/feed?tag=k%d&n=20" % i for i in range(n)]


def sigkill_fetch(e):
    feeds = _feeds(20)
    e.registry({"Many": feeds, "Hanging": ["/hang?k=1"]})
    _kill_mid_run(e, ["fetch", "--timeout", "60", "--low-speed-time", "60"], 20 * 20)
    e.registry({"Many": feeds})
    rows, err = e.fetch(want_exit=0)
    eq(sorted(r["status"] for r in rows.values()), ["ok"] * 20, "the next run completes")
    eq(_count_items(e), 20 * 20, "items stored once")
    e.integrity()


def sigkill_verify(e):
    feeds = _feeds(10)
    e.registry({"Many": feeds, "Hanging": ["/hang?k=2"]}, with_fixtures=True)
    art = os.path.join(FIXTURES, "articles", "example_article.txt")
    _kill_mid_run(e, ["verify", "--format", "csv", art], 10 * 20)
    e.registry({"Many": feeds}, with_fixtures=True)
    rc, out, err = e.run(["verify", "--format", "csv", art], want_exit=0)
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    eq(rows[0], REPORT_COLUMNS, "header")
    check(len(rows) > 5, "claims verified after the kill")
    e.integrity()


def sigkill_batch(e):
    feeds = _feeds(10)
    inp = os.path.join(e.dir, "in")
    out = os.path.join(e.dir, "out")
    os.makedirs(inp)
    for n in ("example_article.txt", "wire_story.txt", "markdown_cited.md"):
        shutil.copy(os.path.join(FIXTURES, "articles", n), inp)
    e.registry({"Many": feeds, "Hanging": ["/hang?k=3"]}, with_fixtures=True)
    _kill_mid_run(e, ["batch", "--in", inp, "--out", out], 10 * 20)
    # Killed at a checkpoint while writing article results (the test hook).
    e.registry({"Many": feeds}, with_fixtures=True)
    rc, _, err = e.run(["batch", "--in", inp, "--out", out, "--no-fetch"],
                       env_extra={"CC_BATCH_TEST_HOOK": "marked:1:kill"})
    eq(rc, -signal.SIGKILL, "killed by the hook (stderr %s)" % err)
    e.integrity()
    rc, stdout, err = e.run(["batch", "--in", inp, "--out", out], want_exit=0)
    check(stdout.decode().startswith("batch: "), "summary %r" % stdout)
    check(" 0 failed;" in stdout.decode(), "no article failed: %r" % stdout)
    with e.db() as c:
        marked = c.execute("SELECT count(*) FROM articles WHERE last_status = 'ok'").fetchone()[0]
    eq(marked, 3, "every article checked")
    e.integrity()


def full_disk(e):
    mnt = os.path.join(e.dir, "disk")
    os.mkdir(mnt)
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=768k", "tmpfs", mnt],
                       capture_output=True)
    if p.returncode != 0:
        raise Skip("cannot mount a small tmpfs (%s)" % p.stderr.decode().strip()[:200])
    e.cleanups.append(lambda: subprocess.run(["umount", "-l", mnt], capture_output=True))
    store = os.path.join(mnt, "store.db")
    words = " ".join("w%d" % i for i in range(300))
    items = "".join("<item><title>Big item %d</title><guid>big-%d</guid><description>%d %s"
                    "</description></item>" % (i, i, i, words) for i in range(500))
    e.write("bigfeed.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>'
            + items + "</channel></rss>")
    e.registry({"Good": GOOD[:1], "Big": ["/files/bigfeed.xml"], "Good Too": GOOD[1:]})
    rc, out, err = e.run(["fetch", "--format", "csv"] + FAST, store=store, want_exit=4)
    one_line_error(err, store, "database or disk is full")
    rows = list(csv.reader(io.StringIO(out.decode("utf-8"), newline="")))
    by_url = {r[1]: dict(zip(FETCH_COLUMNS, r)) for r in rows[1:]}
    big = by_url[e.url("/files/bigfeed.xml")]
    eq((big["status"], big["new_items"]), ("failed", "0"), "the feed that filled the disk")
    check("disk is full" in big["error"], "its row says why: %r" % big["error"])
    stored = sum(int(r["new_items"]) for r in by_url.values() if r["status"] == "ok")
    e.integrity(store)
    with e.db(store) as c:
        eq(c.execute("SELECT count(*) FROM items").fetchone()[0], stored,
           "only whole feeds stored (the failed one rolled back)")
    # Room again: the next run completes.
    p = subprocess.run(["mount", "-o", "remount,size=64m", mnt], capture_output=True)
    check(p.returncode == 0, "remount: %s" % p.stderr.decode())
    rows, err = e.fetch("--force", store=store, want_exit=0)
    with e.db(store) as c:
        eq(c.execute("SELECT count(*) FROM items").fetchone()[0], 3 + 4 + 500, "all items")
    e.integrity(store)


def store_locked(e):
    e.registry({"Good": GOOD[:1]})
    e.fetch(want_exit=0)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('BEGIN EXCLUSIVE')\n"
         "c.execute(\"INSERT INTO runs (kind, status, started_at) VALUES ('fetch', 'running', 0)\")\n"
         "print('locked', flush=True)\n"
         "sys.stdin.read()\n"
         "c.execute('ROLLBACK')\n", e.store],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = holder.stdout.readline().decode().strip()
        eq(line, "locked", "the other process holds the write lock (%s)"
           % holder.stderr.read(500) if line != "locked" else "")
        t0 = time.monotonic()
        rc, out, err = e.run(["fetch", "--format", "csv"] + FAST, want_exit=3)
        waited = time.monotonic() - t0
        one_line_error(err, e.store, "busy")
        check(waited >= 9.0, "credcheck waited its busy timeout (%.1f s)" % waited)
        # Readers are not blocked (WAL): a verify without fetching works.
        art = os.path.join(FIXTURES, "articles", "example_article.txt")
        e.run(["verify", "--no-fetch", "--format", "csv", art], want_exit=0)
        e.run(["store", "stats"], want_exit=0)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    rows, err = e.fetch("--force", want_exit=0)
    eq(e.row(rows, GOOD[0])["status"], "ok", "fetch after the lock is gone")
    e.integrity()


CASES = [billion_laughs, quadratic_blowup, external_entities, gzip_bomb_2gb, nested_100k,
         one_line_200mb, nul_and_invalid_utf8, time_t_limits, number_overflow,
         million_categories, article_one_4mib_sentence, ten_thousand_citations,
         unbalanced_brackets, csv_injection, registry_hostile, redirect_chains, tls_self_signed,
         headers_forever, close_mid_chunk, sigkill_fetch, sigkill_verify, sigkill_batch,
         full_disk, store_locked]


def main():
    return run_cases({f.__name__: f for f in CASES}, Env)


if __name__ == "__main__":
    sys.exit(main())
