#!/usr/bin/env python3
"""`credcheck verify` writes every report format through core/report*:
CSV by default when piped, the table with colour only when asked (never
with NO_COLOR or --color=never) and wrapped to $COLUMNS, HTML and JSON to
`-o FILE` atomically (nothing else left in the folder, nothing on standard
output), and a clear error naming FILE when it cannot be written.
Needs CC_BINARY and CC_FIXTURES_DIR.
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import unicodedata

BIN = os.environ["CC_BINARY"]
FIX = os.environ["CC_FIXTURES_DIR"]
ARTICLE = os.path.join(FIX, "articles", "example_article.txt")


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c)
               else 1 for c in s)


def main():
    fails = []
    with tempfile.TemporaryDirectory(prefix="cc_verify_reports_") as tmp:
        store = os.path.join(tmp, "store.db")
        base = [BIN, "--config", os.path.join(FIX, "outlets.json"), "--store", store,
                "--no-progress"]
        subprocess.run(base + ["fetch"], check=True, stdout=subprocess.DEVNULL)
        verify = base[:]

        def run(*args, env=None, **kw):
            e = dict(os.environ)
            e.pop("NO_COLOR", None)
            e.update(env or {})
            return subprocess.run(verify + list(args[:-1]) + ["verify", "--no-fetch", "--date",
                                                              "2025-07-02"] + list(args[-1]),
                                  capture_output=True, env=e, **kw)

        p = run([ARTICLE])
        rows = list(csv.reader(io.StringIO(p.stdout.decode(), newline="")))
        if p.returncode != 0 or rows[0][:2] != ["article", "claim_index"] or len(rows) < 5:
            fails.append("piped default is not CSV: %r" % p.stdout[:200])
        for args, env, want in [(["--color=always"], {}, True), ([], {}, False),
                                (["--color=always"], {"NO_COLOR": "1"}, True),
                                ([], {"NO_COLOR": "1"}, False),
                                (["--color=never"], {}, False)]:
            p = run(*args, [ARTICLE, "--format", "table"], env=env)
            has = b"\x1b[" in p.stdout
            if p.returncode != 0 or has != want:
                fails.append("table %r %r: colour %s, want %s" % (args, env, has, want))
        p = run([ARTICLE, "--format", "table"], env={"COLUMNS": "60"})
        lines = p.stdout.decode().split("\n")
        wide = [l for l in lines if width(l) > 60]
        if wide or len(lines) < 20:
            fails.append("COLUMNS=60: %d lines wider than 60: %r" % (len(wide), wide[:2]))
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        for fmt in ("html", "json", "csv"):
            path = os.path.join(out, "report." + fmt)
            p = run([ARTICLE, "--format", fmt, "-o", path])
            if p.returncode != 0 or p.stdout:
                fails.append("-o %s: exit %d, stdout %r" % (fmt, p.returncode, p.stdout[:80]))
        if sorted(os.listdir(out)) != ["report.csv", "report.html", "report.json"]:
            fails.append("files left: %r" % sorted(os.listdir(out)))
        if fails:
            for f in fails:
                print("FAIL: " + f)
            return 1
        with open(os.path.join(out, "report.html"), encoding="utf-8") as f:
            page = f.read()
        if not page.startswith("<!DOCTYPE html>") or "<script" in page or "v-corroborated" not in page:
            fails.append("HTML report: %r" % page[:100])
        with open(os.path.join(out, "report.json"), encoding="utf-8") as f:
            doc = json.load(f)
        with open(os.path.join(out, "report.csv"), newline="", encoding="utf-8") as f:
            nrows = len(list(csv.reader(f))) - 1
        claims = doc["articles"][0]["claims"]
        if len(claims) != nrows or doc["run"]["command"] != "verify" or \
                doc["articles"][0]["date"] != "2025-07-02T00:00:00Z":
            fails.append("JSON: %d claims vs %d CSV rows, run %r" % (len(claims), nrows,
                                                                     doc["run"]))
        bad = os.path.join(tmp, "missing", "r.html")
        p = run([ARTICLE, "--format", "html", "-o", bad])
        if p.returncode != 3 or ("credcheck: %s: " % bad).encode() not in p.stderr:
            fails.append("-o into a missing folder: exit %d, %r" % (p.returncode, p.stderr))
        p = run([ARTICLE, "--format", "xml"])
        if p.returncode != 2:
            fails.append("--format xml: exit %d" % p.returncode)
    for f in fails:
        print("FAIL: " + f)
    if not fails:
        print("ok: verify writes csv, table, html and json as documented")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
