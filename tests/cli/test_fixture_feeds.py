#!/usr/bin/env python3
"""Every recorded feed of fixtures/feeds/ parses with `credcheck parse` to the
item count, titles and UTC dates of fixtures/feeds/expected/FEED.tsv, and the
format quirks come out right (CDATA pairs, double escapes, Drupal guids,
WordPress entities, Google News credits). Standard library only.

Env: CC_BINARY, CC_FIXTURES_DIR (set by tests/CMakeLists.txt).
"""
import glob
import json
import os
import subprocess
import sys

BIN = os.environ["CC_BINARY"]
FX = os.environ["CC_FIXTURES_DIR"]
failures = []


def fail(msg):
    failures.append(msg)


def parse(path):
    r = subprocess.run([BIN, "parse", path], capture_output=True, text=True)
    if r.returncode != 0:
        fail("%s: exit %d: %s" % (path, r.returncode, r.stderr.strip()))
        return None
    return json.loads(r.stdout)


def expected(name):
    rows = []
    with open(os.path.join(FX, "feeds", "expected", name + ".tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            i, published, title = line.rstrip("\n").split("\t")
            rows.append((int(i), published, title))
    return rows


def item(feed, title_start):
    for it in feed["items"]:
        if (it["title"] or "").startswith(title_start):
            return it
    fail("no item titled '%s...'" % title_start)
    return {}


feeds = {}
paths = sorted(glob.glob(os.path.join(FX, "feeds", "*.xml")))
if len(paths) != 11:
    fail("expected 11 fixture feeds, found %d" % len(paths))
for path in paths:
    name = os.path.basename(path)[:-4]
    feed = parse(path)
    if feed is None:
        continue
    feeds[name] = feed
    rows = expected(name)
    items = feed["items"]
    if len(items) != len(rows):
        fail("%s: %d items, want %d" % (name, len(items), len(rows)))
    for (i, published, title), it in zip(rows, items):
        if it["title"] != title:
            fail("%s[%d]: title %r, want %r" % (name, i, it["title"], title))
        if it["published"] != published:
            fail("%s[%d] %r: published %r, want %r" % (name, i, title, it["published"], published))
        for key in ("id", "link"):
            if not it.get(key):
                fail("%s[%d]: no %s" % (name, i, key))

# Format quirks, one check each.
if "geo" in feeds:
    it = item(feeds["geo"], "CENTCOM chief calls Pakistan")
    if not (it.get("summary") or "").startswith("Testifying before the House Armed Services"):
        fail("geo: the text CDATA after the <img> CDATA is the summary, got %r" % it.get("summary"))
    if it.get("link") != "https://www.geo.tv/latest/608689-centcom-chief-calls-pakistan-phenomenal-partner-in-counter-terrorism":
        fail("geo: link %r" % it.get("link"))
if "economictimes" in feeds:
    item(feeds["economictimes"], "F&O: Nifty options")
    item(feeds["economictimes"], "M&A activity picks up")
if "aljazeera" in feeds:
    f = feeds["aljazeera"]
    if f["feed"]["title"] != "Al Jazeera \u2013 Breaking News, World News and Video from Al Jazeera":
        fail("aljazeera: channel title %r" % f["feed"]["title"])
    it = item(f, "Gunmen kill 26 tourists")
    if it.get("id") != "https://www.aljazeera.com/?t=1745335800":
        fail("aljazeera: guid is the identity, got %r" % it.get("id"))
    s = item(f, "India launches strikes on Pakistan").get("summary") or ""
    if "Pakistan-administered" not in s or "&#039;" in s:
        fail("aljazeera: summary %r" % s)
if "arabnews_pk" in feeds:
    it = item(feeds["arabnews_pk"], "Pakistan can build 'phenomenal'")
    if it.get("id") != "2604466 at https://www.arabnews.pk":
        fail("arabnews_pk: Drupal guid %r" % it.get("id"))
    if it.get("link") != "https://www.arabnews.pk/node/2604466/pakistan":
        fail("arabnews_pk: link %r" % it.get("link"))
    if (it.get("summary") or "").startswith("<p>"):
        fail("arabnews_pk: escaped HTML must become text, got %r" % it.get("summary"))
if "brecorder" in feeds:
    it = item(feeds["brecorder"], "Pakistan ready for talks with India but not desperate")
    s = it.get("summary") or ""
    if not s.startswith("ISLAMABAD: Pakistan is ready") or not s.endswith("\u2014 Reuters"):
        fail("brecorder: the Reuters copy with its credit, got %r" % s)
    if it.get("author") != "Reuters":
        fail("brecorder: dc:creator %r" % it.get("author"))
if "reuters_gnews" in feeds:
    it = item(feeds["reuters_gnews"], "Pakistan ready but not desperate")
    if not it.get("title", "").endswith(" - Reuters"):
        fail("reuters_gnews: title keeps the ' - Reuters' credit")
if "dawn" in feeds:
    it = item(feeds["dawn"], "Bilawal offers India")
    if it.get("link") != "https://www.dawn.com/news/1921612/bilawal-offers-india-historic-phenomenal-partnership-against-terrorism":
        fail("dawn: link %r" % it.get("link"))

for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
