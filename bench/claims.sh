#!/bin/sh
# Claims benchmark (issue 4): a 4 MiB plain-text article (bench/claims_gen.py:
# fixture paragraphs and generated news sentences with every citation form)
# run end to end through `credcheck claims --format json` to /dev/null, three
# times: wall and CPU time, MB/s on both, peak memory. Side by side in the
# same run, a naive Python regex splitter/citation finder over the same file
# (re.split on end punctuation, "according to X" and bracket regexes) as a
# yardstick. Target: at least 20 MB/s.
# Usage: sh bench/claims.sh
#   CC_BENCH_BUILD=DIR  build folder (default build-bench, Release)
#   CC_BENCH_BIN=FILE   a credcheck binary already built (no build step)
#   CC_BENCH_RUNS=N     runs of credcheck (default 3; the best is kept)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${CC_BENCH_BIN:-}" ]; then
    bin=$CC_BENCH_BIN
else
    build=${CC_BENCH_BUILD:-$root/build-bench}
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCC_BUILD_TESTS=OFF >/dev/null
    cmake --build "$build" -j2 --target credcheck >/dev/null
    bin=$build/credcheck
fi
export CC_BENCH_RUNS=${CC_BENCH_RUNS:-3}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cc_claims_bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$root/bench/claims_gen.py" "$tmp/article.txt" | sed 's/^/article: /'
python3 - "$bin" "$root/fixtures/outlets.json" "$tmp/article.txt" <<'PY'
import os, re, subprocess, sys, time
binary, cfg, art = sys.argv[1:4]
mb = os.path.getsize(art) / 1e6
runs = []
for _ in range(int(os.environ["CC_BENCH_RUNS"])):
    # wait4's rusage: CPU to the microsecond (/usr/bin/time rounds to
    # 10 ms, 5% of a run here) and the peak RSS in KiB.
    t0 = time.monotonic()
    p = subprocess.Popen([binary, "--config", cfg, "claims", "--format", "json", art],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    if status != 0:
        sys.exit("credcheck failed: " + err.decode())
    runs.append((wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss))
wall = min(r[0] for r in runs)
cpu = min(r[1] for r in runs)
rss = max(r[2] for r in runs)
out = subprocess.run([binary, "--config", cfg, "claims", "--format", "json", art],
                     capture_output=True).stdout
claims = out.count(b'"kind": "claim"')
cites = out.count(b'"scope": "sentence"')
# The yardstick: a naive regex pass over the same text, same process count.
t0 = time.process_time()
text = open(art, encoding="utf-8").read()
sents = re.split(r"(?<=[.!?])\s+", text)
found = sum(len(re.findall(r"according to ([A-Z][\w.]*(?: [A-Z][\w.]*)*)|\(([^()]{1,80})\)", s))
            for s in sents)
py = time.process_time() - t0
print("credcheck claims: %.2f MB in %.3f s wall (%.1f MB/s), %.3f s CPU (%.1f MB/s), "
      "peak RSS %.1f MiB; %d claims, %d citations" % (mb, wall, mb / wall, cpu, mb / cpu,
                                                      rss / 1024, claims, cites))
print("naive Python regex split + citation regex: %.3f s CPU (%.1f MB/s); credcheck/regex "
      "CPU ratio %.2f" % (py, mb / py, py / cpu))
print("load average: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
print("target: >= 20 MB/s -> %s" % ("met" if mb / cpu >= 20 else "NOT met (CPU)"))
PY
