#!/usr/bin/env python3
"""Render an HTML file in headless Chromium and report what a reader's
browser would complain about.

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe:
NUL-separated JSON on file descriptors 3 and 4, so no port and no websocket),
loads the page, collects console messages, uncaught exceptions, log entries
and every network request, and saves a full-page PNG screenshot.

    chromium_render.py PAGE.html --screenshot OUT.png [--width 1200] [--max-height PX]

Exit status: 0 clean; 1 console errors, page exceptions or requests for
anything but the page itself (the report must be self-contained); 77 when
Chromium is not installed (ctest's skip code); 2 on a usage or browser error.
Standard library only.
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--remote-debugging-pipe",
]
# Wall-clock limit for the whole render: a hung browser must not hang ctest.
TIMEOUT_S = 60


def find_chromium():
    env = os.environ.get("CC_CHROMIUM")
    if env:
        return env if shutil.which(env) else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


class Pipe:
    """One DevTools session over the pipe pair."""

    def __init__(self, proc, to_browser, from_browser):
        self.proc = proc
        self.w = to_browser
        self.r = from_browser
        self.buf = b""
        self.next_id = 1
        self.events = []
        self.deadline = time.monotonic() + TIMEOUT_S

    def send(self, method, params=None, session=None):
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.next_id += 1
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        return msg["id"]

    def read_message(self):
        while b"\0" not in self.buf:
            if time.monotonic() > self.deadline:
                raise TimeoutError("chromium did not answer in %d s" % TIMEOUT_S)
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed the DevTools pipe")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method, params=None, session=None):
        want = self.send(method, params, session)
        while True:
            msg = self.read_message()
            if msg.get("id") == want:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            self.events.append(msg)

    def wait_event(self, method, session=None):
        for i, ev in enumerate(self.events):
            if ev.get("method") == method and (session is None or ev.get("sessionId") == session):
                return self.events.pop(i)
        while True:
            msg = self.read_message()
            if msg.get("method") == method and (session is None or msg.get("sessionId") == session):
                return msg
            self.events.append(msg)


def render(page, screenshot, width, chromium, max_height=16000):
    """Returns (problems, notes): problems make the check fail."""
    url = "file://" + os.path.abspath(page)
    profile = tempfile.mkdtemp(prefix="cc-chromium-")
    # fds 3 and 4 of the child: it reads commands from 3, writes to 4.
    to_child_r, to_child_w = os.pipe()
    from_child_r, from_child_w = os.pipe()

    # sh parks the pipe ends on fds 8 and 9, then gives the browser them as
    # fds 3 and 4, whatever numbers they had here.
    assert to_child_r not in (8, 9) and from_child_w not in (8, 9)
    shell = 'exec 8<&%d 9>&%d; exec "$@" 3<&8 4>&9 8<&- 9>&-' % (to_child_r, from_child_w)
    proc = subprocess.Popen(
        ["sh", "-c", shell, "sh", chromium] + FLAGS +
        ["--user-data-dir=" + profile, "--window-size=%d,900" % width, "about:blank"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        pass_fds=(to_child_r, from_child_w), close_fds=True)
    os.close(to_child_r)
    os.close(from_child_w)
    problems, notes = [], []
    try:
        cdp = Pipe(proc, to_child_w, from_child_r)
        target = cdp.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = cdp.call("Target.attachToTarget",
                           {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            cdp.call(domain + ".enable", {}, session)
        cdp.call("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                 session)
        cdp.call("Page.navigate", {"url": url}, session)
        cdp.wait_event("Page.loadEventFired", session)
        metrics = cdp.call("Page.getLayoutMetrics", {}, session)
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        height = int(min(max(size["height"], 200), max_height))
        cdp.call("Emulation.setDeviceMetricsOverride",
                 {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                 session)
        # The whole page, or (cut) what fits in the first max_height pixels.
        shot = cdp.call("Page.captureScreenshot",
                        {"format": "png", "captureBeyondViewport": height >= size["height"],
                         "clip": {"x": 0, "y": 0, "width": width, "height": height,
                                  "scale": 1}}, session)
        with open(screenshot, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        notes.append("page %dx%d css px" % (width, height))
        # Drain what arrived meanwhile; a final round trip flushes late events.
        cdp.call("Runtime.evaluate", {"expression": "document.readyState"}, session)
        for ev in cdp.events:
            m = ev.get("method")
            p = ev.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
                args = " ".join(str(a.get("value", a.get("description", ""))) for a in p["args"])
                problems.append("console.%s: %s" % (p["type"], args))
            elif m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                problems.append("exception: %s" % d.get("text", d))
            elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
                problems.append("log %s: %s" % (p["entry"]["level"], p["entry"].get("text")))
            elif m == "Network.requestWillBeSent":
                req = p["request"]["url"]
                if req != url and not req.startswith("data:"):
                    problems.append("request for an outside asset: %s" % req)
        try:
            cdp.call("Browser.close")
        except (EOFError, RuntimeError):
            pass
    finally:
        os.close(to_child_w)
        os.close(from_child_r)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return problems, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("page")
    ap.add_argument("--screenshot", required=True)
    ap.add_argument("--width", type=int, default=1200)
    ap.add_argument("--max-height", type=int, default=16000,
                    help="cut the screenshot at this height (the top of the page)")
    args = ap.parse_args()
    chromium = find_chromium()
    if not chromium:
        print("SKIP: chromium is not installed (Debian: apt-get install chromium; "
              "scripts/deps.sh installs it)")
        return SKIP
    try:
        problems, notes = render(args.page, args.screenshot, args.width, chromium,
                                 args.max_height)
    except (OSError, EOFError, TimeoutError, RuntimeError, KeyError) as e:
        print("chromium_render: %s: %s" % (args.page, e), file=sys.stderr)
        return 2
    for n in notes:
        print(n)
    for p in problems:
        print("PROBLEM: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
