#!/usr/bin/env python3
"""Benchmark of `credcheck fetch` against bench/fetch_server.py (see bench/fetch.sh).

For each --jobs value (default: the binary's default), with a fresh store:
run 1 fetches every feed (all 200), run 2 must be all 304s. Prints wall time,
peak RSS of the credcheck process, items/s into the store, the server's own
CPU use over the same time (to show it is not the bottleneck), and the floor
that latency and the concurrency limits impose: feeds * latency / min(jobs,
per_host * hosts).
"""

import argparse
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def read_json_line(proc):
    line = proc.stdout.readline()
    return json.loads(line)


def server_stats(proc):
    proc.send_signal(10)  # SIGUSR1: print stats
    return read_json_line(proc)


def run_fetch_rss(binary, config, store, extra):
    """Runs credcheck; returns (exit, stdout, stderr, wall_s, peak_rss_mb, cpu_s)."""
    cmd = [binary, "--config", config, "--store", store, "--no-progress", "fetch",
           "--format", "csv"] + extra
    env = dict(os.environ)
    for k in ("http_proxy", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        env.pop(k, None)
    out_f = tempfile.TemporaryFile()
    err_f = tempfile.TemporaryFile()
    t0 = time.monotonic()
    pid = os.posix_spawn(binary, cmd, env, file_actions=[
        (os.POSIX_SPAWN_DUP2, out_f.fileno(), 1),
        (os.POSIX_SPAWN_DUP2, err_f.fileno(), 2),
    ])
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    out_f.seek(0)
    err_f.seek(0)
    return (os.waitstatus_to_exitcode(status), out_f.read().decode(), err_f.read().decode(),
            wall, ru.ru_maxrss / 1024.0, ru.ru_utime + ru.ru_stime)


def statuses(csv_text):
    rows = list(csv.DictReader(io.StringIO(csv_text, newline="")))
    counts = {}
    new = 0
    for r in rows:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
        new += int(r["new_items"])
    return rows, counts, new


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--feeds-per-host", type=int, default=20)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--latency-ms", type=float, default=100)
    ap.add_argument("--jobs", action="append", default=[],
                    help="a --jobs value to run (repeatable); 'default' = no flag")
    args = ap.parse_args()
    jobs_list = args.jobs or ["default"]

    srv = subprocess.Popen([sys.executable, os.path.join(HERE, "fetch_server.py"),
                            "--hosts", str(args.hosts), "--feeds-per-host",
                            str(args.feeds_per_host), "--items", str(args.items),
                            "--latency-ms", str(args.latency_ms)],
                           stdout=subprocess.PIPE, text=True)
    tmp = tempfile.mkdtemp(prefix="cc_bench_fetch_")
    try:
        port = int(srv.stdout.readline())
        config = os.path.join(tmp, "outlets.json")
        doc = {"outlets": []}
        for h in range(1, args.hosts + 1):
            doc["outlets"].append({
                "name": "Bench outlet %d" % h, "domains": ["o%d.bench" % h],
                "feeds": ["http://127.0.0.%d:%d/feed/%d" % (h, port, n)
                          for n in range(args.feeds_per_host)]})
        with open(config, "w") as f:
            json.dump(doc, f)
        nfeeds = args.hosts * args.feeds_per_host
        print("load average before: %.2f %.2f %.2f (2 cores shared with other work)"
              % os.getloadavg())
        print("fetch bench: %d feeds x %d items on %d loopback addresses "
              "(127.0.0.1-127.0.0.%d), %g ms latency per response"
              % (nfeeds, args.items, args.hosts, args.hosts, args.latency_ms))
        ok = True
        for jobs in jobs_list:
            extra = [] if jobs == "default" else ["--jobs", jobs]
            njobs = 32 if jobs == "default" else int(jobs)  # CC_HTTP_DEFAULT_JOBS
            floor = nfeeds * args.latency_ms / 1000.0 / min(njobs, 2 * args.hosts)
            store = os.path.join(tmp, "store-%s.db" % jobs)
            for run in (1, 2):
                before = server_stats(srv)
                code, out, err, wall, rss, ccpu = run_fetch_rss(args.bin, config, store, extra)
                after = server_stats(srv)
                rows, counts, new = statuses(out)
                cpu = after["cpu_s"] - before["cpu_s"]
                print("jobs=%-7s run %d: %6.2f s wall (floor %.2f s), credcheck CPU %.2f s, "
                      "peak RSS %6.1f MB, %d new items, %6.0f items/s, statuses %s, exit %d; "
                      "server CPU %.2f s (%.0f%% of wall), %d connections"
                      % (jobs, run, wall, floor, ccpu, rss, new, new / wall if wall else 0,
                         json.dumps(counts, sort_keys=True), code, cpu, 100.0 * cpu / wall,
                         after["connections"] - before["connections"]))
                if run == 1 and counts.get("ok", 0) != nfeeds:
                    ok = False
                    sys.stderr.write(err)
                if run == 2 and counts.get("not-modified", 0) != nfeeds:
                    ok = False
                    print("  run 2 was not all 304s")
        return 0 if ok else 1
    finally:
        srv.terminate()
        srv.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
