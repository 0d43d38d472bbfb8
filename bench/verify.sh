#!/bin/sh
# Speed of `credcheck verify`:
#  1. the example article (fixtures/articles/example_article.txt, --no-fetch,
#     --date 2025-07-02) against stores of 10,000, 100,000 and 1,000,000
#     generated items plus the fixture feeds (bench/verify_gen.py): wall
#     time and peak memory, with the default window and with --window 75
#     (the answer key's window, back to 22 April);
#  2. the whole dev benchmark end to end (fetch of the 60 local feeds + verify
#     of the 254 articles) next to the Python TF-IDF baseline, same run.
#
#   sh bench/verify.sh [BUILD_DIR] [SIZES]      (default: build, "10000 100000 1000000")
#
# Building the 1,000,000-item store takes a few minutes (fetch of 2,000 feeds).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
SIZES=${2:-10000 100000 1000000}
SHARED=${SHARED:-$ROOT/../shared}
CC=$BUILD/credcheck
[ -x "$CC" ] || { echo "bench/verify.sh: no $CC (build first)" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cc-verify-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM
ART=$ROOT/fixtures/articles/example_article.txt

timed() { # label, command...: prints wall seconds and peak RSS
    label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || {
        rc=$?
        [ $rc -eq 3 ] || { cat "$WORK/err" >&2; exit 1; }
    }
    set -- $(cat "$WORK/time")
    printf '%-52s wall %6.2f s   peak %6.1f MB\n' "$label" "$1" "$(echo "$2 / 1024" | bc -l)"
}

for n in $SIZES; do
    d=$WORK/s$n
    python3 "$ROOT/bench/verify_gen.py" "$d" "$n" >/dev/null
    t0=$(date +%s)
    "$CC" -q --config "$d/outlets.json" --store "$d/store.db" fetch --jobs 4 >/dev/null 2>&1 || true
    echo "store of $n generated items (+ fixtures): filled in $(( $(date +%s) - t0 )) s"
    timed "  example article, default window" \
        "$CC" -q --config "$d/outlets.json" --store "$d/store.db" verify --no-fetch \
        --date 2025-07-02 --format csv "$ART"
    timed "  example article, --window 75" \
        "$CC" -q --config "$d/outlets.json" --store "$d/store.db" verify --no-fetch \
        --date 2025-07-02 --window 75 --format csv "$ART"
    rm -rf "$d"
done

# the dev benchmark end to end, next to the Python TF-IDF baseline
BENCH=$SHARED/bench/match-dev
if [ -d "$BENCH" ]; then
    python3 "$SHARED/bench/score_match.py" config "$BENCH" -o "$WORK/raw.json"
    python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))
for o in c["outlets"]: o["aliases"]=[a for a in o.get("aliases",[]) if a.strip()]
json.dump(c,open(sys.argv[2],"w"))' "$WORK/raw.json" "$WORK/dev.json"
    cat > "$WORK/e2e.sh" <<EOF
"$CC" -q --config "$WORK/dev.json" --store "$WORK/dev.db" verify --window 1 --format csv \
    -o "$WORK/dev.csv" "$BENCH"/articles/*.html
EOF
    timed "dev benchmark: credcheck fetch + verify (254 articles)" sh "$WORK/e2e.sh"
    c=$(cut -d' ' -f1 "$WORK/time")
    timed "dev benchmark: Python TF-IDF baseline, --window 1" \
        python3 "$SHARED/bench/baseline_match.py" --bench "$BENCH" --method tfidf --window 1 \
        --config "$WORK/dev.json" --out "$WORK/tfidf.csv"
    p=$(cut -d' ' -f1 "$WORK/time")
    echo "speed-up over the baseline: $(echo "$p / $c" | bc -l | cut -c1-5)x"
fi
