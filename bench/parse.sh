#!/bin/sh
# bench/parse.sh: `credcheck parse` against the libxml2 floor and Python's
# feedparser on the same generated feed, side by side in one run (issue 2).
#
# usage: sh bench/parse.sh [CREDCHECK_BINARY] [ITEMS] [RUNS]
#        (defaults: build/credcheck, 20000 items = about 26 MB, best of 9)
#
# The feed comes from bench/gen_feed.py (deterministic). Each tool reads it
# from a warm page cache with stdout to /dev/null; the runs of the tools
# are interleaved and the best wall time and best CPU time of each are kept
# (the machine is shared, so the best run is the least disturbed one). CPU time (user+sys)
# of the same run and peak RSS come from wait4(2). feedparser is slow,
# so it runs once. Targets: credcheck >= 60% of xmllint's throughput, peak
# memory < 3x the file size.
set -eu
bin=${1:-build/credcheck}
items=${2:-20000}
runs=${3:-9}
here=$(cd "$(dirname "$0")" && pwd)
out="$here/out"
mkdir -p "$out"
feed="$out/parse_feed_$items.xml"
[ -x "$bin" ] || { echo "bench/parse.sh: no binary at $bin (make build)" >&2; exit 2; }
command -v xmllint >/dev/null || { echo "bench/parse.sh: xmllint missing (libxml2-utils)" >&2; exit 2; }
[ -f "$feed" ] || python3 "$here/gen_feed.py" "$feed" "$items"
size=$(wc -c <"$feed")
cat "$feed" >/dev/null

# The parse must be right before it is fast.
got=$("$bin" parse "$feed" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
[ "$got" = "$items" ] || { echo "bench/parse.sh: credcheck gave $got items, not $items" >&2; exit 1; }

# time_one NAME CMD...: appends "wall cpu rss_kb" of one run to $out/NAME.t
# (wait4's rusage: CPU to the microsecond, where /usr/bin/time rounds to
# 10 ms, a lot for runs of 0.1 s).
time_one() {
    name=$1
    shift
    python3 -c '
import os, subprocess, sys, time
t0 = time.perf_counter()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=open(os.environ["ERRF"], "w"))
_, status, ru = os.wait4(p.pid, 0)
wall = time.perf_counter() - t0
if status != 0:
    sys.exit(1)
print("%.4f %.4f %d" % (wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss))
' "$@" >>"$out/$name.t" ||
        { echo "bench/parse.sh: $name failed:" >&2; cat "$out/.err" >&2; exit 1; }
}
export ERRF="$out/.err"

rm -f "$out"/credcheck.t "$out"/xmllint.t "$out"/feedparser.t
i=0
while [ "$i" -lt "$runs" ]; do
    time_one credcheck "$bin" parse "$feed"
    time_one xmllint xmllint --stream --noout "$feed"
    i=$((i + 1))
done
if /usr/bin/python3 -c 'import feedparser' 2>/dev/null; then
    time_one feedparser /usr/bin/python3 -c \
        'import sys, feedparser; d = feedparser.parse(sys.argv[1]); assert len(d.entries) > 0' "$feed"
fi

# best NAME: "wall cpu rss": the least wall time and the least CPU time of
# the runs (each the least disturbed measure of its kind), and the peak RSS
# of the run with the least wall time
best() {
    [ -f "$out/$1.t" ] || return 1
    w=$(sort -n "$out/$1.t" | head -n 1)
    c=$(sort -n -k2 "$out/$1.t" | head -n 1 | awk '{print $2}')
    echo "$w" | awk -v c="$c" '{print $1, c, $3}'
}
cc=$(best credcheck)
xl=$(best xmllint)
fp=$(best feedparser || true)

echo "feed: $feed"
awk -v size="$size" -v items="$items" 'BEGIN {
    printf "size %.1f MB (%d bytes), %d items\n\n", size / 1e6, size, items }'
printf '%-28s %8s %9s %10s %8s %9s %9s %9s\n' tool "wall s" "MB/s" "items/s" "cpu s" "cpu MB/s" "peak MB" "peak/size"
line() {
    echo "$2" | awk -v name="$1" -v size="$size" -v items="$3" '{
        wall = $1 < 0.001 ? 0.001 : $1; cpu = $2 < 0.001 ? 0.001 : $2
        ips = items > 0 ? sprintf("%10.0f", items / wall) : sprintf("%10s", "-")
        printf "%-28s %8.3f %9.1f %s %8.3f %9.1f %9.1f %9.2f\n", name, $1, size / 1e6 / wall, ips,
               $2, size / 1e6 / cpu, $3 / 1024, $3 * 1024 / size }'
}
line "credcheck parse" "$cc" "$items"
line "xmllint --stream --noout" "$xl" 0
[ -n "$fp" ] && line "python3-feedparser" "$fp" "$items"
echo
echo "$cc $xl $fp" | awk -v size="$size" '{
    printf "credcheck / xmllint throughput: %.2f wall, %.2f cpu (target >= 0.60)\n", $4 / $1, $5 / $2
    if (NF >= 9) printf "credcheck / feedparser throughput: %.0fx wall, %.0fx cpu\n", $7 / $1, $8 / $2
    printf "credcheck peak memory / file size: %.2f (target < 3)\n", $3 * 1024 / size }'
