#!/usr/bin/env python3
"""Reads the CSV report of the tricky sample (tests/report_sample.h) back
with python3's csv module and checks every column of every row: RFC 4180
quoting of commas, quotes and line breaks, UTF-8, the header, and the
leading apostrophe on cells a spreadsheet would run as a formula.

    test_csv_roundtrip.py PATH/TO/cc_report_tool
"""
import csv
import io
import subprocess
import sys

HEADER = ["article", "claim_index", "claim", "checkworthy", "cited_outlets", "cited_confirmed",
          "reporting_outlets", "corroborating_outlets", "n_outlets", "score", "verdict",
          "evidence_outlet", "evidence_title", "evidence_url", "evidence_published",
          "contradiction"]

ARTICLE = 'dir/=odd, "name".txt'   # '=' not first: no apostrophe
TOKYO = "\u6771\u4eac\u65b0\u805e"

# What a reader must see in each cell, written out by hand.
ROW1 = {
    "article": ARTICLE,
    "claim_index": "1",
    "claim": 'Hello, "world"\nsecond line',
    "checkworthy": "true",
    "cited_outlets": 'Outlet, with comma;=Evil "Outlet"',
    "cited_confirmed": "Outlet, with comma",
    "reporting_outlets": "Outlet, with comma;Caf\u00e9 T\u00e4gliche;" + TOKYO,
    "corroborating_outlets": "Outlet, with comma;" + TOKYO,
    "n_outlets": "2",
    "score": "0.812",
    "verdict": "corroborated",
    "evidence_outlet": "Outlet, with comma",
    "evidence_title": 'Title, with "quotes"\nand a line break',
    "evidence_url": 'https://example.com/a?b=1,2&c="3"',
    "evidence_published": "2025-04-22T09:00:00Z",
    "contradiction": "",
}
# Rows 2..9: the claim cell as read back (formulas neutralised with ').
CLAIMS = [
    "'=1+2",
    "'+44 20 7946 0958",
    "'-5 degrees",
    "'@everyone look",
    "'\tTabbed start",
    "'\rCR start",
    "\u00dcn\u00efc\u00f6d\u00e9 caf\u00e9 \u6771\u4eac \U0001F600 \u201cquoted\u201d",
    "<script>alert('x')</script> & \x1b[31mred\x1b[0m",
]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def main():
    tool = sys.argv[1]
    raw = subprocess.run([tool, "csv", "tricky"], check=True, stdout=subprocess.PIPE).stdout
    text = raw.decode("utf-8")  # raises on anything but UTF-8
    if not text.endswith("\r\n"):
        fail("rows must end with CRLF")
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if rows[0] != HEADER:
        fail("header %r" % rows[0])
    body = rows[1:]
    if len(body) != 1 + len(CLAIMS):
        fail("%d rows, want %d" % (len(body), 1 + len(CLAIMS)))
    for row in body:
        if len(row) != len(HEADER):
            fail("row has %d cells: %r" % (len(row), row))
    got = dict(zip(HEADER, body[0]))
    for col in HEADER:
        if got[col] != ROW1[col]:
            fail("row 1 %s: got %r want %r" % (col, got[col], ROW1[col]))
    for i, claim in enumerate(CLAIMS, start=2):
        got = dict(zip(HEADER, body[i - 1]))
        want = {col: "" for col in HEADER}
        want.update({"article": ARTICLE, "claim_index": str(i), "claim": claim,
                     "checkworthy": "true", "n_outlets": "0", "score": "0.000",
                     "verdict": "uncorroborated"})
        if i == 4:
            want["contradiction"] = "'-5 vs 5"
        for col in HEADER:
            if got[col] != want[col]:
                fail("row %d %s: got %r want %r" % (i, col, got[col], want[col]))
    # Every cell a spreadsheet would evaluate starts with the apostrophe.
    for r, row in enumerate(body, start=1):
        for col, cell in zip(HEADER, row):
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                fail("row %d %s starts with a formula character: %r" % (r, col, cell))
    print("ok: %d rows x %d columns read back" % (len(body), len(HEADER)))


if __name__ == "__main__":
    main()
