#!/bin/sh
# Verdict quality on the public dev set (../shared/bench/match-dev), all in one run:
#   credcheck verify (default window, and no window), the Python TF-IDF and BM25
#   baselines with the same date window, each scored by score_match.py.
#
#   sh bench/quality.sh [BUILD_DIR]        (default: build)
#   SHARED=/path/to/shared sh bench/quality.sh
#
# Prints one line per run: AUC, outlet F1, count MAE, wall seconds. The
# cross-validated figures and the ablation come from bench/fit_model.py
# (docs/BENCHMARKS.md, "quality").
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${1:-$ROOT/build}
SHARED=${SHARED:-$ROOT/../shared}
BENCH=$SHARED/bench/match-dev
CC=$BUILD/credcheck
WINDOW=${WINDOW:-1}
[ -x "$CC" ] || { echo "bench/quality.sh: no $CC (build first)" >&2; exit 2; }
[ -d "$BENCH" ] || { echo "bench/quality.sh: no $BENCH" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cc-quality.XXXXXX")
trap 'rm -rf "$WORK"' EXIT INT TERM

# the registry: the template with {ROOT} filled (score_match.py config), used
# as it is (its empty alias is skipped by the loader with a warning)
python3 "$SHARED/bench/score_match.py" config "$BENCH" -o "$WORK/outlets.json"

now() { python3 -c 'import time; print(time.time())'; }
score() { # name report seconds
    r=$(python3 "$SHARED/bench/score_match.py" score "$BENCH/gold.csv" "$2" --split dev \
        --outlets "$WORK/outlets.json" | tail -1)
    printf '%-34s %s  wall %.1f s\n' "$1" "$r" "$3"
}

echo "match-dev: $(ls "$BENCH"/articles/*.html | wc -l) articles, window +-$WINDOW days"
t0=$(now)
"$CC" -q --config "$WORK/outlets.json" --store "$WORK/store.db" fetch >/dev/null
"$CC" -q --config "$WORK/outlets.json" --store "$WORK/store.db" verify --no-fetch \
    --window "$WINDOW" --format csv -o "$WORK/cc.csv" "$BENCH"/articles/*.html
t1=$(now)
score "credcheck (fetch + verify)" "$WORK/cc.csv" "$(python3 -c "print($t1 - $t0)")"

# "no window": a window wider than the whole data set
t0=$(now)
"$CC" -q --config "$WORK/outlets.json" --store "$WORK/store.db" verify --no-fetch \
    --window 3650 --format csv -o "$WORK/cc_nowin.csv" "$BENCH"/articles/*.html
t1=$(now)
score "credcheck, no window (verify)" "$WORK/cc_nowin.csv" "$(python3 -c "print($t1 - $t0)")"

for m in tfidf bm25; do
    t0=$(now)
    python3 "$SHARED/bench/baseline_match.py" --bench "$BENCH" --method $m --window "$WINDOW" \
        --config "$WORK/outlets.json" --out "$WORK/$m.csv" 2>/dev/null
    t1=$(now)
    score "baseline $m, window +-$WINDOW" "$WORK/$m.csv" "$(python3 -c "print($t1 - $t0)")"
    t0=$(now)
    python3 "$SHARED/bench/baseline_match.py" --bench "$BENCH" --method $m \
        --config "$WORK/outlets.json" --out "$WORK/${m}_nowin.csv" 2>/dev/null
    t1=$(now)
    score "baseline $m, no window" "$WORK/${m}_nowin.csv" "$(python3 -c "print($t1 - $t0)")"
done
