#!/usr/bin/env python3
"""Renders the HTML report of the story sample (tests/report_sample.h) in
headless Chromium: the page must load with no console errors, no exceptions
and no request for anything outside the page, and a screenshot must come
out (a PNG of plausible size). Exits 77 (ctest: skipped) with the reason
when Chromium is not installed.

    test_html_chromium.py PATH/TO/cc_report_tool
"""
import os
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chromium_render  # noqa: E402


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def main():
    tool = sys.argv[1]
    chromium = chromium_render.find_chromium()
    if not chromium:
        print("SKIP: chromium is not installed (Debian: apt-get install chromium; "
              "scripts/deps.sh installs it)")
        return chromium_render.SKIP
    with tempfile.TemporaryDirectory(prefix="cc-html-") as tmp:
        failed = False
        for sample in ("story", "tricky"):
            page = os.path.join(tmp, sample + ".html")
            shot = os.path.join(tmp, sample + ".png")
            with open(page, "wb") as f:
                subprocess.run([tool, "html", sample], check=True, stdout=f)
            problems, notes = chromium_render.render(page, shot, 1200, chromium)
            for p in problems:
                print("FAIL: %s: %s" % (sample, p))
                failed = True
            size = png_size(shot) if os.path.exists(shot) else None
            if not size:
                print("FAIL: %s: no PNG screenshot" % sample)
                failed = True
                continue
            w, h = size
            # The story page holds a header, six claims, a grid and the
            # parameters: far taller than one screen.
            if w != 1200 or h < 1500 or os.path.getsize(shot) < 20000:
                print("FAIL: %s: screenshot %dx%d, %d bytes" % (sample, w, h,
                                                                os.path.getsize(shot)))
                failed = True
            print("%s: %s, screenshot %dx%d" % (sample, "; ".join(notes), w, h))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
