#!/bin/sh
# Batch benchmark (issue 7): ARTICLES generated HTML articles of about WORDS
# words (default 1,000 of 800) checked by `credcheck batch --no-fetch`
# against a generated store of ITEMS items (default 200,000: 100 outlets'
# local feeds over five months, bench/batch_gen.py). Prints the store fill,
# then the batch run: articles/s, claims/s, wall and CPU time, peak memory;
# then a second run (everything unchanged, so all skipped).
# Usage: sh bench/batch.sh [ARTICLES] [ITEMS] [WORDS]
#   CC_BENCH_BUILD=DIR   build folder (default build-bench, Release)
#   CC_BENCH_DATA=DIR    keep the generated input there (default: a temp dir)
# Then run 1 again on one core (--workers 1), side by side. Last, the same
# articles through one `credcheck verify --no-fetch --format
# json` process (no batch bookkeeping, no files written): the ratio of the
# two wall times is what batch itself costs; and through one `verify
# --format csv` process: the pipeline without the JSON report (batch writes
# one JSON file per article, with every evidence item and its features).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
articles=${1:-1000}
items=${2:-200000}
words=${3:-800}
build=${CC_BENCH_BUILD:-$root/build-bench}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCC_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target credcheck >/dev/null
bin=$build/credcheck
if [ -n "${CC_BENCH_DATA:-}" ]; then
    data=$CC_BENCH_DATA
    mkdir -p "$data"
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/cc_batch_bench.XXXXXX")
else
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/cc_batch_bench.XXXXXX")
    data=$tmp/data
fi
trap 'rm -rf "$tmp"' EXIT INT TERM
stamp="$data/.generated-$articles-$items-$words"
if [ ! -f "$stamp" ]; then
    rm -rf "$data/feeds" "$data/articles" "$data/store.db"* 
    echo "== generating $items items in 100 feeds and $articles articles of ~$words words"
    python3 "$root/bench/batch_gen.py" "$data" --items "$items" --articles "$articles" \
        --words "$words"
    echo "== filling the store (credcheck fetch of the local feeds)"
    /usr/bin/time -f "fetch: wall %e s, peak RSS %M KB" \
        "$bin" --config "$data/outlets.json" --store "$data/store.db" --no-progress fetch \
        | tail -n 1
    touch "$stamp"
fi
"$bin" --store "$data/store.db" store stats | sed 's/^/  /'
# Each run starts from the filled store with no article state.
cp "$data/store.db" "$tmp/store.db"
run() { # label [batch options]
    label=$1
    shift
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" \
        "$bin" --config "$data/outlets.json" --store "$tmp/store.db" --no-progress \
        batch --in "$data/articles" --out "$tmp/out" --no-fetch "$@" >"$tmp/summary" || true
    read -r wall user sys rss <"$tmp/time"
    summary=$(cat "$tmp/summary")
    claims=$(echo "$summary" | sed -n 's/.*; \([0-9]*\) claims.*/\1/p')
    echo "== $label"
    echo "  $summary"
    python3 - "$wall" "$user" "$sys" "$rss" "$articles" "${claims:-0}" <<'PY'
import sys
wall, user, sys_, rss, arts, claims = (float(x) for x in sys.argv[1:])
print("  wall %.1f s, CPU %.1f s (user %.1f + sys %.1f), peak RSS %.0f MB" %
      (wall, user + sys_, user, sys_, rss / 1024))
if wall > 0 and claims > 0:
    print("  %.2f articles/s, %.1f claims/s (target >= 20 articles/s)" %
          (arts / wall, claims / wall))
PY
}
run "batch run 1: $articles articles, all new (default: one worker per CPU, $(nproc) here)"
cp "$tmp/time" "$tmp/time.batch1"
cp "$tmp/out/"*.csv "$tmp/day1.csv"
echo "  reports: $(du -sm "$tmp/out" | cut -f1) MB in $(ls "$tmp/out" | wc -l) files" \
    "(day CSV $(du -sm "$tmp/day1.csv" | cut -f1) MB)"
run "batch run 2: all unchanged (skipped)"
# The same work on one core, from the same filled store: the side-by-side
# figure for what the workers bring (and a check that the rows are the same).
cp "$data/store.db" "$tmp/store.db"
rm -rf "$tmp/out"
run "batch run 1 again with --workers 1" --workers 1
cmp -s "$tmp/out/"*.csv "$tmp/day1.csv" && echo "  same day CSV bytes as with the default workers" \
    || echo "  DIFFERENT day CSV from the default workers"
python3 - "$tmp/time.batch1" "$tmp/time" <<'PY'
import sys
w0, u0, s0, _ = (float(x) for x in open(sys.argv[1]).read().split())
w1, u1, s1, _ = (float(x) for x in open(sys.argv[2]).read().split())
print("  default workers / --workers 1: wall x%.2f (speed-up %.2f), CPU x%.2f" %
      (w0 / w1, w1 / w0, (u0 + s0) / (u1 + s1)))
PY
/usr/bin/time -f "%e %U %S %M" -o "$tmp/time.verify" \
    "$bin" --config "$data/outlets.json" --store "$tmp/store.db" --no-progress \
    verify --no-fetch --format json "$data"/articles/*.html >/dev/null || true
read -r vwall vuser vsys vrss <"$tmp/time.verify"
echo "== the same articles in one 'verify --no-fetch --format json' process"
python3 - "$vwall" "$vuser" "$vsys" "$vrss" "$articles" "$tmp/time.batch1" <<'PY'
import sys
wall, user, sys_, rss, arts = (float(x) for x in sys.argv[1:6])
bwall, buser, bsys, brss = (float(x) for x in open(sys.argv[6]).read().split())
print("  wall %.1f s, CPU %.1f s, peak RSS %.0f MB, %.2f articles/s" %
      (wall, user + sys_, rss / 1024, arts / wall if wall else 0))
print("  batch / verify: wall x%.2f, CPU x%.2f (what batch's lock, hashing, JSON, day CSV"
      " and store marks add)" % (bwall / wall if wall else 0,
                                 (buser + bsys) / (user + sys_) if user + sys_ else 0))
PY
/usr/bin/time -f "%e %U %S %M" -o "$tmp/time.csv" \
    "$bin" --config "$data/outlets.json" --store "$tmp/store.db" --no-progress \
    verify --no-fetch --format csv "$data"/articles/*.html >/dev/null || true
read -r cwall cuser csys crss <"$tmp/time.csv"
echo "== the same articles in one 'verify --no-fetch --format csv' process (no JSON report)"
python3 - "$cwall" "$cuser" "$csys" "$crss" "$articles" <<'PY'
import sys
wall, user, sys_, rss, arts = (float(x) for x in sys.argv[1:6])
print("  wall %.1f s, CPU %.1f s, peak RSS %.0f MB, %.2f articles/s (%.2f by CPU time)" %
      (wall, user + sys_, rss / 1024, arts / wall if wall else 0,
       arts / (user + sys_) if user + sys_ else 0))
PY
