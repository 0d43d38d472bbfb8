#!/usr/bin/env python3
"""Integration tests of `credcheck batch` (the nightly job).

    python3 tests/batch/test_batch.py SCENARIO     (one ctest each)
    python3 tests/batch/test_batch.py --list

Each scenario builds a folder of articles and a registry of local feed files
(fixtures/outlets.json and fixtures/feeds/), runs the real binary
($CC_BINARY) with a fresh store, and checks the exit code, the summary line,
the day's CSV (read with the csv module), the JSON reports and the store's
articles table. Kill points come from the binary's test hook
(CC_BATCH_TEST_HOOK=EVENT:N:kill raises SIGKILL at an exact checkpoint), and
the concurrency test holds the first run on a FIFO: nothing waits on a timer.
"""

import csv
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
from checks import Fail, check, eq, run_cases  # noqa: E402

BIN = os.environ.get("CC_BINARY")
FIXTURES = os.environ.get("CC_FIXTURES_DIR")
CONFIG = os.path.join(FIXTURES or ".", "outlets.json")
HEADER = ["article", "claim_index", "claim", "checkworthy", "cited_outlets", "cited_confirmed",
          "reporting_outlets", "corroborating_outlets", "n_outlets", "score", "verdict",
          "evidence_outlet", "evidence_title", "evidence_url", "evidence_published",
          "contradiction"]
FEED_HEADER = ["outlet", "feed_url", "status", "http_status", "new_items", "updated_items",
               "bytes", "elapsed_ms", "error"]
SUMMARY = re.compile(r"^batch: (\d+) articles? checked, (\d+) skipped, (\d+) failed; (\d+) "
                     r"claims?: .*; feeds: (not fetched|\d+ ok, \d+ failed.*); [0-9.]+ s$")

# Short articles on the fixture story (dated, so their claims find items),
# and some unrelated prose.
ARTICLES = {
    "a-pahalgam.txt": "Gunmen killed 26 people, most of them tourists, near Pahalgam in Kashmir "
                      "on April 22, 2025. India blamed militants linked to Pakistan. "
                      "Reuters reported the toll.\n",
    "b-indus.md": "# Treaty\n\nIndia put the Indus Waters Treaty in abeyance on April 23, 2025, "
                  "and closed the Attari crossing.\n\nPakistan called it an act of war.\n",
    "c-ceasefire.txt": "A ceasefire between India and Pakistan took effect on May 10, 2025, "
                       "after four days of strikes. Both armies' operations chiefs spoke "
                       "by hotline.\n",
    "d-dar.html": "<html><head><title>Dar on talks</title>"
                  "<meta property=\"article:published_time\" content=\"2025-06-04T10:00:00Z\">"
                  "</head><body><article><h1>Dar on talks</h1><p>Pakistan is ready but not "
                  "desperate for talks with India, Foreign Minister Ishaq Dar said on June 4."
                  "</p><p>He said it takes two to tango.</p></article></body></html>\n",
    "e-kurilla.txt": "Gen. Michael Kurilla called Pakistan a phenomenal partner in "
                     "counter-terrorism at a House hearing on June 10, 2025.\n",
    "f-weather.txt": "It rained in Lahore. Nobody knows why the rain came so early this year, "
                     "said a shopkeeper.\n",
}


class Env:
    """A temp folder with in/, out/ and a store."""

    def __init__(self, articles=ARTICLES):
        self.tmp = tempfile.TemporaryDirectory(prefix="cc_batch_")
        self.dir = self.tmp.name
        self.inp = os.path.join(self.dir, "in")
        self.out = os.path.join(self.dir, "out")
        self.store = os.path.join(self.dir, "state", "store.db")
        os.mkdir(self.inp)
        for name, text in articles.items():
            self.write(name, text)

    def write(self, name, text):
        path = os.path.join(os.fsencode(self.inp), os.fsencode(name) if isinstance(name, str)
                            else name)
        with open(path, "wb") as f:
            f.write(text.encode() if isinstance(text, str) else text)
        return path

    def run(self, *extra, hook=None, env=None, no_fetch=True, inp=None, out=None, check_rc=None):
        cmd = [BIN, "--config", CONFIG, "--store", self.store, "--no-progress", "batch",
               "--in", inp or self.inp, "--out", out or self.out]
        if no_fetch:
            cmd.append("--no-fetch")
        cmd += list(extra)
        e = dict(os.environ)
        e.pop("CC_BATCH_TEST_HOOK", None)
        if hook:
            e["CC_BATCH_TEST_HOOK"] = hook
        e.update(env or {})
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e,
                           timeout=300)
        out_s, err_s = p.stdout.decode(), p.stderr.decode("utf-8", "replace")
        if check_rc is not None and p.returncode != check_rc:
            raise Fail("exit %d, want %d\nstdout: %s\nstderr: %s" % (p.returncode, check_rc,
                                                                      out_s, err_s))
        return p.returncode, out_s, err_s

    def prefetch(self):
        """Fills the store from the fixture feeds (file feeds: offline)."""
        rc, out, err = self.run(no_fetch=False, inp=self.empty_dir(), out=self.dir + "/pre")
        eq(rc, 0, "prefetch exit (%s)" % err)

    def empty_dir(self):
        d = os.path.join(self.dir, "empty")
        os.makedirs(d, exist_ok=True)
        return d

    def day_csv(self, out=None):
        out = out or self.out
        names = sorted(n for n in os.listdir(out) if re.match(r"^\d{4}-\d\d-\d\d\.csv$", n))
        check(len(names) == 1, "one day CSV in %s: %r" % (out, os.listdir(out)))
        with open(os.path.join(out, names[0]), "rb") as f:
            raw = f.read()
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), strict=True))
        eq(rows[0], HEADER, "CSV header")
        for r in rows[1:]:
            eq(len(r), len(HEADER), "cells in row %r" % r[:3])
        check(all(r != HEADER for r in rows[1:]), "header written once")
        return rows[1:], raw

    def jsons(self, out=None):
        out = out or self.out
        docs = {}
        for n in os.listdir(out):
            if n.endswith(".json"):
                with open(os.path.join(out, n), encoding="utf-8") as f:
                    docs[n] = json.load(f)  # a half-written file fails here
        return docs

    def articles_table(self):
        db = sqlite3.connect(self.store)
        try:
            return {k: (h, s) for k, h, s in
                    db.execute("SELECT key, content_hash, last_status FROM articles")}
        finally:
            db.close()

    def integrity(self):
        db = sqlite3.connect(self.store)
        try:
            return db.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            db.close()


def summary(out):
    lines = out.strip().split("\n")
    eq(len(lines), 1, "summary lines in %r" % out)
    m = SUMMARY.match(lines[0])
    check(m, "summary line %r" % lines[0])
    return tuple(int(m.group(i)) for i in range(1, 5)) + (m.group(5),)


def stable_json(doc):
    """A report without the fields that differ between two runs."""
    doc = json.loads(json.dumps(doc))
    doc["run"].pop("generated_at", None)
    for a in doc["articles"]:
        a.pop("elapsed_ms", None)
        # Each store was filled by its own fetch, a second apart.
        for c in a["claims"]:
            for e in c["evidence"]:
                e.pop("first_seen", None)
    return doc


# ---- scenarios -----------------------------------------------------------------

def first_run_verifies_all():
    env = Env()
    rc, out, err = env.run(no_fetch=False, check_rc=0)
    checked, skipped, failed, claims, feeds = summary(out)
    eq((checked, skipped, failed), (6, 0, 0), "counts")
    check(re.match(r"\d+ ok, 0 failed", feeds), "feeds part %r" % feeds)
    rows, _ = env.day_csv()
    eq(len(rows), claims, "rows = claims in the summary")
    docs = env.jsons()
    eq(sorted(docs), sorted(n + ".json" for n in ARTICLES), "one JSON per article")
    for name in ARTICLES:
        doc = docs[name + ".json"]
        eq(doc["run"]["command"], "batch", "run.command")
        eq(len(doc["articles"]), 1, "articles in " + name)
        art = doc["articles"][0]
        eq(art["article"], name, "JSON article name")
        mine = [r for r in rows if r[0] == name]
        eq(len(mine), len(art["claims"]), "rows of " + name)
        eq([r[10] for r in mine], [c["verdict"] for c in art["claims"]], "verdicts of " + name)
    # The feed-health report: the fetch CSV's columns, one row per feed.
    feeds_csv = [n for n in os.listdir(env.out) if n.startswith("feeds-")]
    eq(len(feeds_csv), 1, "feeds CSV")
    with open(os.path.join(env.out, feeds_csv[0]), newline="", encoding="utf-8") as f:
        frows = list(csv.reader(f))
    eq(frows[0], FEED_HEADER, "feeds header")
    check(len(frows) > 5 and all(r[2] == "ok" for r in frows[1:]), "feeds ok: %r" % frows)
    table = env.articles_table()
    eq(len(table), 6, "articles in the store")
    check(all(s == "ok" for _, s in table.values()), "all marked ok")
    eq(env.integrity(), "ok", "integrity_check")


def second_run_skips_all():
    env = Env()
    env.prefetch()
    env.run(check_rc=0)
    _, raw1 = env.day_csv()
    mtimes = {n: os.stat(os.path.join(env.out, n)).st_mtime_ns for n in os.listdir(env.out)}
    rc, out, err = env.run(check_rc=0)
    eq(summary(out)[:4], (0, 6, 0, 0), "second run counts")
    _, raw2 = env.day_csv()
    eq(raw2, raw1, "day CSV unchanged")
    eq({n: os.stat(os.path.join(env.out, n)).st_mtime_ns for n in os.listdir(env.out)}, mtimes,
       "no report rewritten")


def changed_article_is_reverified_alone():
    env = Env()
    env.prefetch()
    env.run(check_rc=0)
    rows1, _ = env.day_csv()
    json_b = os.stat(os.path.join(env.out, "b-indus.md.json")).st_mtime_ns
    # Changed content: verified again. Only a new mtime: skipped (the
    # content hash decides, so copies and rsync do not trigger work).
    env.write("c-ceasefire.txt", ARTICLES["c-ceasefire.txt"] +
              "\nThe United States said it had helped broker the ceasefire on May 10, 2025.\n")
    os.utime(os.path.join(env.inp, "b-indus.md"), (1, 1))
    rc, out, err = env.run(check_rc=0)
    eq(summary(out)[:3], (1, 5, 0), "counts after one change")
    rows2, _ = env.day_csv()
    old_c = [r for r in rows1 if r[0] == "c-ceasefire.txt"]
    new_c = [r for r in rows2 if r[0] == "c-ceasefire.txt"]
    eq(len(new_c), len(old_c) + 1, "the changed article's rows replaced, one sentence more")
    eq([r for r in rows2 if r[0] != "c-ceasefire.txt"],
       [r for r in rows1 if r[0] != "c-ceasefire.txt"], "other rows kept, in order")
    eq(rows2[-len(new_c):], new_c, "re-verified rows at the end")
    eq(os.stat(os.path.join(env.out, "b-indus.md.json")).st_mtime_ns, json_b, "b not rewritten")


def concurrent_run_is_refused():
    env = Env()
    env.prefetch()
    fifo = os.path.join(env.dir, "hold")
    os.mkfifo(fifo)
    cmd = [BIN, "--config", CONFIG, "--store", env.store, "--no-progress", "batch", "--in",
           env.inp, "--out", env.out, "--no-fetch"]
    e = dict(os.environ, CC_BATCH_TEST_HOOK="locked:1:wait=" + fifo)
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
    try:
        # Opening the FIFO for writing blocks until the first run reaches the
        # hook, i.e. holds the lock and has written its PID.
        holder = open(fifo, "wb")
        with open(env.store + ".lock") as f:
            eq(f.read().strip(), str(first.pid), "PID in the lock file")
        t0 = time.monotonic()
        rc, out, err = env.run()
        elapsed = time.monotonic() - t0
        eq(rc, 3, "second run exit")
        eq(out, "", "second run prints no summary")
        want = "credcheck: %s.lock: another batch run holds the lock (pid %d)\n" % (env.store,
                                                                                first.pid)
        eq(err, want, "second run message")
        check(elapsed < 30, "refused at once (%.1f s)" % elapsed)
        holder.close()
        out1, err1 = first.communicate(timeout=300)
        eq(first.returncode, 0, "first run exit (%s)" % err1.decode())
        eq(summary(out1.decode())[:3], (6, 0, 0), "first run counts")
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()


def _reference(env_dir_articles):
    ref = Env(env_dir_articles)
    ref.prefetch()
    ref.run(check_rc=0, env={"CC_BATCH_TEST_COMMIT_EVERY": "2"})
    rows, _ = ref.day_csv()
    return ref, rows, {n: stable_json(d) for n, d in ref.jsons().items()}


def _assert_clean_after_kill(env):
    eq(env.integrity(), "ok", "integrity_check after SIGKILL")
    if os.path.isdir(env.out):
        env.jsons()  # every JSON under its final name parses
        if any(re.match(r"^\d{4}-\d\d-\d\d\.csv$", n) for n in os.listdir(env.out)):
            env.day_csv()  # complete rows only


KILL_POINTS = ["verified:1", "verified:3", "csv:1", "marked:1", "marked:3", "csv:2",
               "verified:6", "csv:3"]


def sigkill_then_rerun_matches_uninterrupted():
    ref, ref_rows, ref_json = _reference(ARTICLES)
    for point in KILL_POINTS:
        env = Env()
        env.prefetch()
        rc, out, err = env.run(hook=point + ":kill", env={"CC_BATCH_TEST_COMMIT_EVERY": "2"})
        eq(rc, -signal.SIGKILL, "killed at %s (stderr %s)" % (point, err))
        _assert_clean_after_kill(env)
        rc, out, err = env.run(env={"CC_BATCH_TEST_COMMIT_EVERY": "2"}, check_rc=0)
        checked, skipped, failed = summary(out)[:3]
        eq(checked + skipped, 6, "rerun after %s covers every article" % point)
        check(checked > 0, "rerun after %s had unfinished work" % point)
        rows, _ = env.day_csv()
        eq(rows, ref_rows, "day CSV rows after a kill at %s" % point)
        got = {n: stable_json(d) for n, d in env.jsons().items()}
        eq(sorted(got), sorted(ref_json), "JSON files after a kill at %s" % point)
        for n in got:
            for a, b in zip(got[n]["articles"], ref_json[n]["articles"]):
                eq(a["claims"], b["claims"], "claims of %s after a kill at %s" % (n, point))
        # Nothing left to do afterwards.
        rc, out, err = env.run(env={"CC_BATCH_TEST_COMMIT_EVERY": "2"}, check_rc=0)
        eq(summary(out)[:3], (0, 6, 0), "third run after %s" % point)
        check(not [n for n in os.listdir(env.out) if n.startswith(".credcheck-tmp-")],
              "stale temporary files removed")


def sigkill_from_outside_then_rerun():
    """A kill at a moment the process does not choose: after the first
    'verified' log line, whatever it is doing then."""
    arts = dict(ARTICLES)
    for i in range(30):
        arts["g-%02d.txt" % i] = ARTICLES["a-pahalgam.txt"].replace("26", str(20 + i))
    ref, ref_rows, _ = _reference(arts)
    env = Env(arts)
    env.prefetch()
    cmd = [BIN, "-v", "--config", CONFIG, "--store", env.store, "--no-progress", "batch",
           "--in", env.inp, "--out", env.out, "--no-fetch"]
    e = dict(os.environ, CC_BATCH_TEST_COMMIT_EVERY="2")
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=e)
    seen = 0
    for line in p.stderr:
        if line.rstrip().endswith(b": verified"):
            seen += 1
            if seen == 5:
                os.kill(p.pid, signal.SIGKILL)
                break
    p.wait()
    p.stdout.close()
    p.stderr.close()
    _assert_clean_after_kill(env)
    rc, out, err = env.run(env={"CC_BATCH_TEST_COMMIT_EVERY": "2"}, check_rc=0)
    rows, _ = env.day_csv()
    eq(rows, ref_rows, "day CSV rows after an outside kill")


def bad_articles_exit_3_others_done():
    env = Env()
    env.prefetch()
    env.write("h-huge.txt", b"x" * (4 * 1024 * 1024 + 1))
    env.write("i-bad.url", "not a url\n")
    unreadable = os.geteuid() != 0
    if unreadable:
        p = env.write("j-secret.txt", "Secret text on May 1, 2025.\n")
        os.chmod(p, 0)
    else:
        print("note: running as root, so a mode-000 file is readable; that case is skipped")
    rc, out, err = env.run()
    eq(rc, 3, "exit with failed articles")
    nfail = 2 + unreadable
    eq(summary(out)[:3], (6, 0, nfail), "counts")
    check("credcheck: warning: h-huge.txt: article is larger than the 4194304-byte cap "
          "(4194305 bytes)" in err, "oversized reported: %s" % err)
    check("credcheck: warning: i-bad.url: a .url file must hold one http(s) URL" in err,
          "bad .url reported: %s" % err)
    if unreadable:
        check("j-secret.txt: cannot open: Permission denied" in err, "unreadable: %s" % err)
    eq(sorted(env.jsons()), sorted(n + ".json" for n in ARTICLES), "the others' reports")
    table = env.articles_table()
    eq(len(table), 6, "failed articles are not marked")
    # Next run: the failures again, the rest skipped.
    rc, out, err = env.run()
    eq(rc, 3, "exit of the rerun")
    eq(summary(out)[:3], (0, 6, nfail), "rerun counts")


def odd_names_links_and_folders():
    env = Env({})
    outside = os.path.join(env.dir, "outside.txt")
    with open(outside, "w") as f:
        f.write("Outside text that must never be read, May 1, 2025.\n")
    base = ARTICLES["e-kurilla.txt"]
    names = [b"line\nbreak.txt", b"-dash.txt", b"=formula.txt", "caf\u00e9.txt".encode(),
             b"bad\xffbyte.txt", b"100% sure.txt", b"UPPER.TXT"]
    for n in names:
        env.write(n, base)
    env.write(".hidden.txt", base)
    env.write("notes.docx", base)
    os.mkdir(os.path.join(env.inp, "sub"))
    env.write(os.path.join("sub", "inner.txt"), base)
    os.symlink(outside, os.path.join(env.inp, "link-out.txt"))
    os.symlink("UPPER.TXT", os.path.join(env.inp, "link-in.txt"))
    os.symlink("nowhere.txt", os.path.join(env.inp, "dangling.txt"))
    os.mkfifo(os.path.join(env.inp, "pipe.txt"))
    env.prefetch()
    rc, out, err = env.run(check_rc=0)
    eq(summary(out)[:3], (len(names), 0, 0), "counts")
    check("link-out.txt: symbolic link leads out of the input folder (or nowhere): skipped" in err,
          "link out warned: %s" % err)
    check("dangling.txt: symbolic link leads out of the input folder" in err, "dangling warned")
    check("pipe.txt: not a regular file: skipped" in err, "FIFO warned")
    rows, raw = env.day_csv()
    check(b"Outside" not in raw, "the file outside the folder was never read")
    want = sorted(["line%0Abreak.txt.json", "-dash.txt.json", "%3Dformula.txt.json",
                   "caf\u00e9.txt.json", "bad%FFbyte.txt.json", "100%25 sure.txt.json",
                   "UPPER.TXT.json"])
    eq(sorted(env.jsons()), want, "report names")
    cells = sorted(set(r[0] for r in rows))
    eq(cells, sorted(["line\nbreak.txt", "'-dash.txt", "'=formula.txt", "caf\u00e9.txt",
                      "bad\ufffdbyte.txt", "100% sure.txt", "UPPER.TXT"]), "article cells")
    doc = env.jsons()["bad%FFbyte.txt.json"]
    eq(doc["articles"][0]["article"], "bad\ufffdbyte.txt", "JSON name repaired")


def feeds_report_appends_per_run():
    env = Env({"a.txt": ARTICLES["a-pahalgam.txt"]})
    env.run(no_fetch=False, check_rc=0)
    env.run(no_fetch=False, check_rc=0)
    name = [n for n in os.listdir(env.out) if n.startswith("feeds-")][0]
    with open(os.path.join(env.out, name), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    eq(rows[0], FEED_HEADER, "header")
    check(FEED_HEADER not in rows[1:], "header once")
    nfeeds = (len(rows) - 1) // 2
    check(nfeeds > 5 and len(rows) == 1 + 2 * nfeeds, "two runs of feed rows: %d" % len(rows))


def url_articles_are_fetched_pages():
    """A .url file holding one URL is that page (loopback server); one that
    cannot be fetched fails alone."""
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
    import ccserver
    env = Env({"a-pahalgam.txt": ARTICLES["a-pahalgam.txt"]})
    site = os.path.join(env.dir, "site")
    os.mkdir(site)
    with open(os.path.join(site, "dar.html"), "w", encoding="utf-8") as f:
        f.write(ARTICLES["d-dar.html"])
    srv, port = ccserver.start(root=site)
    try:
        url = "http://127.0.0.1:%d/files/dar.html" % port
        env.write("dar.url", url + "\n")
        env.write("shortcut.url", "[InternetShortcut]\r\nURL=%s\r\n" % url)
        env.write("gone.url", "http://127.0.0.1:%d/status/404\n" % port)
        env.prefetch()
        rc, out, err = env.run()
        eq(rc, 3, "exit with one unfetchable page (%s)" % err)
        eq(summary(out)[:3], (3, 0, 1), "counts")
        check("gone.url" in err, "the failed .url is named: %s" % err)
        rows, _ = env.day_csv()
        eq(sorted(set(r[0] for r in rows)), ["a-pahalgam.txt", url], "article cells")
        docs = env.jsons()
        eq(sorted(docs), ["a-pahalgam.txt.json", "dar.url.json", "shortcut.url.json"],
           "reports")
        art = docs["dar.url.json"]["articles"][0]
        eq(art["url"], url, "the page's URL")
        eq(art["title"], "Dar on talks", "the page's title")
        eq(art["date"], "2025-06-04T10:00:00Z", "the page's date")
        # The .url files are unchanged: skipped, not fetched again.
        rc, out, err = env.run()
        eq(summary(out)[:3], (0, 3, 1), "second run counts")
    finally:
        srv.shutdown()


def workers_give_the_same_reports():
    """Articles verified on 1 or 4 worker threads: the same day CSV bytes,
    JSON reports, summary, warnings and store marks (results must not depend
    on which worker, with which cache, verified what)."""
    arts = dict(ARTICLES)
    texts = list(ARTICLES.values())
    for i in range(30):
        # Variants of the fixture articles, names out of date order.
        arts["v%02d-%s" % ((i * 7) % 30, list(ARTICLES)[i % 6])] = texts[i % 6]
    arts["m-huge.txt"] = "y" * (4 * 1024 * 1024 + 1)  # fails to read, mid-folder
    runs = []
    for workers in ("1", "4"):
        env = Env(arts)
        env.prefetch()
        # Chunks of 2 and a read-ahead of 20 articles with 4 workers (of 2
        # with 1): the 37 articles wrap around it.
        rc, out, err = env.run("--workers", workers, env={"CC_BATCH_TEST_COMMIT_EVERY": "4",
                                                          "CC_BATCH_TEST_CHUNK": "2"})
        eq(rc, 3, "exit with %s workers (the oversized article)" % workers)
        rows, raw = env.day_csv()
        docs = {n: stable_json(d) for n, d in env.jsons().items()}
        for d in docs.values():
            d["run"].pop("store", None)
            for a in d["articles"]:
                if a["date_source"] == "run time":  # undated: the runs' clocks differ
                    a.pop("date")
        warnings = [l for l in err.splitlines() if "warning" in l]
        table = {os.path.basename(k): v for k, v in env.articles_table().items()}
        runs.append((summary(out)[:4], raw, docs, warnings, table))
        eq(summary(out)[:3], (len(arts) - 1, 0, 1), "counts with %s workers" % workers)
        check(len(rows) > len(arts), "rows with %s workers" % workers)
        with open(os.path.join(env.out, "a-pahalgam.txt.json"), "rb") as f:
            eq(f.read().count(b"\n"), 1, "batch's JSON is one line")
    one, four = runs
    eq(four[0], one[0], "summary counts")
    eq(four[1], one[1], "day CSV bytes")
    eq(sorted(four[2]), sorted(one[2]), "JSON files")
    for n in one[2]:
        eq(four[2][n], one[2][n], "JSON report " + n)
    eq(four[3], one[3], "warnings")
    eq(four[4], one[4], "store marks")


def usage_errors():
    env = Env({})
    p = subprocess.run([BIN, "batch", "--out", env.out], capture_output=True, text=True)
    eq(p.returncode, 2, "no --in")
    p = subprocess.run([BIN, "--store", env.store, "batch", "--in",
                        os.path.join(env.dir, "missing"), "--out", env.out],
                       capture_output=True, text=True)
    eq(p.returncode, 2, "--in missing")
    check("--in '%s' is not a folder" % os.path.join(env.dir, "missing") in p.stderr, p.stderr)
    p = subprocess.run([BIN, "batch", "--in", env.inp, "--out", env.out, "extra"],
                       capture_output=True, text=True)
    eq(p.returncode, 2, "extra argument")
    for bad in ("0", "17", "two"):
        p = subprocess.run([BIN, "batch", "--in", env.inp, "--out", env.out, "--workers", bad],
                           capture_output=True, text=True)
        eq(p.returncode, 2, "--workers " + bad)
        check("--workers wants a number from 1 to 16, not '%s'" % bad in p.stderr, p.stderr)


SCENARIOS = [first_run_verifies_all, second_run_skips_all, changed_article_is_reverified_alone,
             concurrent_run_is_refused, sigkill_then_rerun_matches_uninterrupted,
             sigkill_from_outside_then_rerun, bad_articles_exit_3_others_done,
             odd_names_links_and_folders, feeds_report_appends_per_run,
             url_articles_are_fetched_pages, workers_give_the_same_reports, usage_errors]


def main():
    if not FIXTURES and sys.argv[1:] != ["--list"]:
        print("CC_FIXTURES_DIR not set", file=sys.stderr)
        return 2
    return run_cases({s.__name__: s for s in SCENARIOS})


if __name__ == "__main__":
    sys.exit(main())
