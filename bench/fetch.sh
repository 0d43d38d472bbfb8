#!/bin/sh
# Fetch benchmark (issue 3): 1,000 feeds x 50 items on 50 loopback addresses
# (127.0.0.1-127.0.0.50, 20 feeds each, so the per-host limit applies), every
# response delayed 100 ms by bench/fetch_server.py (asyncio). Run 1 must fetch
# everything (targets: < 15 s, < 150 MB peak RSS), run 2 must be all 304s
# (target < 5 s). The default --jobs (32) and then the issue's 16, side by side;
# other values: FETCH_BENCH_JOBS="default 8".
#   sh bench/fetch.sh [path/to/credcheck]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-${CC_BINARY:-$here/../build/credcheck}}
jobs=${FETCH_BENCH_JOBS:-default 16}
args=""
for j in $jobs; do args="$args --jobs $j"; done
# shellcheck disable=SC2086
exec python3 "$here/fetch_bench.py" --bin "$bin" $args
