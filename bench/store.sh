#!/bin/sh
# Store benchmark (issue 3): ITEMS items (default 1,000,000) saved through
# cc_store_record_fetch in per-feed transactions of 50 items with the FTS5
# index kept in step; prints items/s (wall and per CPU-second), re-save
# rate, search latency, database size, peak memory and CPU time. Then the
# same ITEMS again with GROUP feeds per transaction (default 20;
# cc_store_record_fetches, what the fetch worker does when several parsed
# feeds wait), then an FTS5 cost ablation (raw SQLite, ROWS rows, default
# 100,000) so the figures can be read as ratios on a noisy machine.
# Usage: sh bench/store.sh [ITEMS] [ROWS]   (GROUP=K: feeds per transaction
# of the second run; GROUP=1 skips it)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
items=${1:-1000000}
rows=${2:-100000}
build=${CC_BENCH_BUILD:-$root/build-bench}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCC_BENCH=ON -DCC_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target store_bench store_fts_ablation >/dev/null
dir=$(mktemp -d "${TMPDIR:-/tmp}/cc_store_bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT INT TERM
echo "== store_bench: $items items, 50 per feed transaction"
/usr/bin/time -f "peak_rss_kb %M
cpu_seconds %U user + %S sys
wall_seconds %e" "$build/store_bench" --store "$dir/store.db" --items "$items"
group=${GROUP:-20}
if [ "$group" -gt 1 ]; then
    rm -f "$dir"/store.db*
    echo "== store_bench: $items items, $group feeds of 50 per transaction"
    /usr/bin/time -f "peak_rss_kb %M
cpu_seconds %U user + %S sys
wall_seconds %e" "$build/store_bench" --store "$dir/store.db" --items "$items" \
        --feeds-per-txn "$group"
fi
rm -f "$dir"/store.db*
echo "== store_fts_ablation: $rows rows"
"$build/store_fts_ablation" "$dir" "$rows"
