#!/usr/bin/python3
"""Extraction quality on fixtures/html/: our 4-word-shingle F1 per page next to
readability-lxml's (Debian python3-readability), as a yardstick for how hard
the fixtures are. Run with the system python3 (it has lxml and readability):

    /usr/bin/python3 bench/extract_quality.py build/tests/cc_html_extract

Prints one line per page and the means. Without python3-readability only our
column is printed.
"""
import glob
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "html"))
from check_fixtures import f1  # noqa: E402

try:
    import lxml.html
    from readability import Document
except ImportError:  # pragma: no cover - optional yardstick
    Document = None


def readability_text(raw, enc):
    try:
        doc = Document(raw.decode(enc) if enc else raw)
        summary = doc.summary(html_partial=True)
        text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
        return doc.short_title() + "\n" + text
    except Exception:  # readability-lxml gives up on some pages
        return ""


def main():
    tool = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "tests", "cc_html_extract")
    ours_sum = theirs_sum = 0.0
    n = 0
    for d in sorted(glob.glob(os.path.join(ROOT, "fixtures", "html", "*", ""))):
        with open(os.path.join(d, "meta.json"), encoding="utf-8") as f:
            meta = json.load(f)
        with open(os.path.join(d, "expected.txt"), encoding="utf-8") as f:
            expected = f.read()
        with open(os.path.join(d, "page.html"), "rb") as f:
            raw = f.read()
        enc = meta.get("http_charset")
        cmd = [tool] + (["--charset", enc] if enc else []) + [os.path.join(d, "page.html")]
        out = json.loads(subprocess.run(cmd, capture_output=True, check=True).stdout)
        ours = f1("\n".join(b["text"] for b in out["blocks"]), expected)[2]
        line = f"{os.path.basename(os.path.normpath(d)):32s} ours {ours:.3f}"
        if Document:
            theirs = f1(readability_text(raw, enc), expected)[2]
            theirs_sum += theirs
            line += f"  readability-lxml {theirs:.3f}"
        ours_sum += ours
        n += 1
        print(line)
    summary = f"mean F1 over {n} pages: ours {ours_sum / n:.3f}"
    if Document:
        summary += f", readability-lxml {theirs_sum / n:.3f}"
    print(summary)


if __name__ == "__main__":
    main()
