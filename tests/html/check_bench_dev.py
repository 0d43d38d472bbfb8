#!/usr/bin/env python3
"""Dev-benchmark articles (shared/bench/match-dev/articles/*.html): the
extracted paragraphs must be exactly the <p> paragraphs inside <article>
(no nav, no <h1> as a paragraph, no footer or "Related" list), and the date
must come from article:published_time with its value.

    check_bench_dev.py --tool PATH ARTICLES_DIR

Skips (exit 0, "0 passed, 0 failed, 1 skipped") when the folder is absent.
"""
import argparse
import glob
import html.parser
import json
import os
import re
import subprocess
import sys


class Expect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.in_p = False
        self.cur = []
        self.paras = []
        self.date = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("property") == "article:published_time":
            self.date = a.get("content")
        if tag == "article":
            self.in_article += 1
        if tag == "p" and self.in_article:
            self.in_p = True
            self.cur = []

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        if tag == "p" and self.in_p:
            self.in_p = False
            self.paras.append(re.sub(r"\s+", " ", "".join(self.cur)).strip())

    def handle_data(self, data):
        if self.in_p:
            self.cur.append(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("dir")
    args = ap.parse_args()
    files = sorted(glob.glob(os.path.join(args.dir, "*.html")))
    if not files:
        print(f"skipped: no articles in {args.dir}")
        print("0 passed, 0 failed, 1 skipped")
        return 0
    passed = failed = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            exp = Expect()
            exp.feed(f.read())
        res = subprocess.run([args.tool, path], capture_output=True)
        name = os.path.basename(path)
        if res.returncode != 0:
            print(f"FAIL {name}: exit {res.returncode}: {res.stderr.decode(errors='replace')}")
            failed += 1
            continue
        out = json.loads(res.stdout.decode("utf-8"))
        got = [b["text"] for b in out["blocks"] if b["kind"] == "paragraph"]
        problems = []
        if got != exp.paras:
            problems.append(f"paragraphs differ: got {len(got)}, want {len(exp.paras)}")
            for g, e in zip(got + [""] * 20, exp.paras + [""] * 20):
                if g != e:
                    problems.append(f"  got  {g[:100]!r}\n  want {e[:100]!r}")
                    break
        want_date = exp.date.replace("+00:00", "Z") if exp.date else None
        if out.get("date") != want_date or out.get("date_source") != "article:published_time":
            problems.append(f"date {out.get('date')} [{out.get('date_source')}], want {want_date}")
        if problems:
            print(f"FAIL {name}: " + "\n".join(problems))
            failed += 1
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
