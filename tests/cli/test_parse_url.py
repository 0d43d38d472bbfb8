#!/usr/bin/env python3
"""`credcheck parse URL` against the loopback server (tests/server/ccserver.py):
the HTTP charset reaches the parser, relative links resolve against the
final URL after a redirect, HTTP errors and non-feeds are one-line errors
with exit status 3.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
import ccserver  # noqa: E402

REL_FEED = (b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            b"<title>Relative</title><link>./</link>"
            b"<item><title>One</title><link>../story/1</link></item>"
            b"</channel></rss>\n")


def sc_rel(h, query):
    ccserver.send_simple(h, 200, REL_FEED)


def run(url):
    p = subprocess.run([os.environ["CC_BINARY"], "parse", url], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8", "replace")


def main():
    ccserver.SCENARIOS["/feeds/rel/rss.xml"] = sc_rel
    srv, port = ccserver.start()
    base = "http://127.0.0.1:%d" % port
    fails = []

    def check(what, ok, detail):
        if not ok:
            fails.append("%s: %s" % (what, detail))

    rc, out, err = run(base + "/latin1")
    check("latin1 exit", rc == 0, (rc, err))
    if rc == 0:
        d = json.loads(out)
        check("latin1 charset from HTTP", d["feed"]["title"] == "Caf\u00e9 news", d["feed"])
        check("latin1 item", d["items"][0]["title"] == "Caf\u00e9 cr\u00e8me \u00e0 la une",
              d["items"][0])

    rc, out, err = run(base + "/redirect/301/feeds/rel/rss.xml")
    check("redirect exit", rc == 0, (rc, err))
    if rc == 0:
        d = json.loads(out)
        check("feed link against the final URL", d["feed"]["link"] == base + "/feeds/rel/", d)
        check("item link against the final URL",
              d["items"][0]["link"] == base + "/feeds/story/1", d)

    rc, out, err = run(base + "/status/404")
    check("404 exit", rc == 3, (rc, err))
    check("404 message", err.startswith("credcheck: " + base + "/status/404: ")
          and err.count("\n") == 1 and "404" in err and out == "", err)

    rc, out, err = run(base + "/html")
    check("html exit", rc == 3, (rc, err))
    check("html message", "not a feed" in err and err.count("\n") == 1, err)

    srv.shutdown()
    for f in fails:
        print("FAIL: " + f)
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
