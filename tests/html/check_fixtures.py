#!/usr/bin/env python3
"""HTML fixture suite: extracts fixtures/html/<case>/page.html with the
cc_html_extract driver and checks the main text against expected.txt (a
4-word-shingle F1 of at least --min-f1) and the date and its source against
meta.json.

    check_fixtures.py --tool PATH [--min-f1 0.95] [--verbose] CASE_DIR...

Prints one line per case and "N passed, N failed"; exits 1 on a failure.
The F1 is the one of the article-extraction benchmarks: the texts are
lowercased, split into words (\\w+), and their 4-word shingles compared as
multisets; precision = common / extracted, recall = common / expected.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys


def shingles(text, n=4):
    words = re.findall(r"\w+", text.lower())
    return collections.Counter(tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1)))


def f1(pred, gold):
    p, g = shingles(pred), shingles(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    common = sum((p & g).values())
    prec = common / max(1, sum(p.values()))
    rec = common / max(1, sum(g.values()))
    f = 0.0 if prec + rec == 0 else 2 * prec * rec / (prec + rec)
    return prec, rec, f


def run_case(tool, d, min_f1, verbose):
    with open(os.path.join(d, "meta.json"), encoding="utf-8") as f:
        meta = json.load(f)
    with open(os.path.join(d, "expected.txt"), encoding="utf-8") as f:
        expected = f.read()
    cmd = [tool]
    if meta.get("url"):
        cmd += ["--url", meta["url"]]
    if meta.get("http_charset"):
        cmd += ["--charset", meta["http_charset"]]
    cmd.append(os.path.join(d, "page.html"))
    res = subprocess.run(cmd, capture_output=True)
    name = os.path.basename(os.path.normpath(d))
    if res.returncode != 0:
        return False, f"FAIL {name}: extractor exit {res.returncode}: {res.stderr.decode(errors='replace').strip()}"
    out = json.loads(res.stdout.decode("utf-8"))
    text = "\n".join(b["text"] for b in out["blocks"])
    prec, rec, f = f1(text, expected)
    problems = []
    if f < min_f1:
        problems.append(f"f1 {f:.3f} < {min_f1} (precision {prec:.3f}, recall {rec:.3f})")
    if out.get("date") != meta.get("date"):
        problems.append(f"date {out.get('date')} != {meta.get('date')}")
    if out.get("date_source") != meta.get("date_source", "none"):
        problems.append(f"date source {out.get('date_source')} != {meta.get('date_source')}")
    if "title" in meta and out.get("title") != meta["title"]:
        problems.append(f"title {out.get('title')!r} != {meta['title']!r}")
    if problems:
        msg = f"FAIL {name}: " + "; ".join(problems)
        if verbose:
            msg += "\n--- extracted:\n" + text + "\n--- expected:\n" + expected
        return False, msg
    return True, f"ok   {name}: f1 {f:.3f} (p {prec:.3f} r {rec:.3f}) date {out.get('date')} [{out.get('date_source')}]"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", required=True)
    ap.add_argument("--min-f1", type=float, default=0.95)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("cases", nargs="+")
    args = ap.parse_args()
    passed = failed = 0
    for d in args.cases:
        ok, msg = run_case(args.tool, d, args.min_f1, args.verbose)
        print(msg)
        if ok:
            passed += 1
        else:
            failed += 1
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
