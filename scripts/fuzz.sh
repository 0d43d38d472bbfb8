#!/bin/sh
# Runs every libFuzzer target of a CC_FUZZ=ON build (make fuzz, .ci/run).
#
# usage: sh scripts/fuzz.sh BUILD_DIR [SECONDS] [JOBS]
#   SECONDS per target (default 30); JOBS targets at once (default 1; CI
#   runs 2 on its 2 cores). FUZZ_TARGETS="csv date" limits the targets.
#
# Each tests/fuzz_<t> binary runs for SECONDS with a working corpus in
# BUILD_DIR/fuzz-work/<t>/corpus (kept between runs) and read-only seeds:
# fixtures/fuzz/<t>/ plus the target's natural inputs (below). It prints the
# executions per target. Any crash, leak, timeout or out-of-memory input is
# copied into fixtures/fuzz/<t>/, where the standalone replay ctest
# (fuzz_replay_<t>) keeps it as a regression case, and the script exits 1.
# To give a new target more seeds, add a line to the case statement.
set -u
build=${1:?usage: fuzz.sh BUILD_DIR [SECONDS] [JOBS]}
secs=${2:-30}
jobs=${3:-1}
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${CC_SHARED_DIR:-$root/../shared}
work="$build/fuzz-work"

# copy_seeds DEST DIR [PATTERN...]: copies the files under DIR (those whose
# name matches one of the patterns, when given) into DEST under unique
# names (seeds live in several folders with clashing names).
copy_seeds() {
    dest=$1
    dir=$2
    shift 2
    [ -d "$dir" ] || return 0
    if [ $# -eq 0 ]; then
        set -- '*'
    fi
    for pat in "$@"; do
        find "$dir" -type f -name "$pat"
    done | sort -u | {
        n=$(ls "$dest" | wc -l)
        while IFS= read -r f; do
            n=$((n + 1))
            cp "$f" "$dest/seed_${n}_$(basename "$f")"
        done
    }
}

# run_target T: fuzzes one target; writes its summary line to
# $work/T/summary and 0 or 1 to $work/T/status.
run_target() {
    t=$1
    bin="$build/tests/fuzz_$t"
    corpus="$work/$t/corpus"
    seeds="$work/$t/seeds"
    art="$work/$t/artifacts/"
    log="$work/$t/log"
    rm -rf "$seeds" "$art" "$work/$t/summary" "$work/$t/status"
    mkdir -p "$corpus" "$seeds" "$art" "$root/fixtures/fuzz/$t"
    copy_seeds "$seeds" "$root/fixtures/fuzz/$t"
    case $t in
    feed)
        copy_seeds "$seeds" "$root/fixtures/feeds" '*.xml' 'input.json'
        copy_seeds "$seeds" "$shared/conformance/feeds" '*.xml'
        ;;
    feed_json)
        copy_seeds "$seeds" "$root/fixtures/feeds" '*.json'
        copy_seeds "$seeds" "$root/fixtures/fuzz/feed" '*.xml'
        ;;
    html)
        copy_seeds "$seeds" "$root/fixtures/html" '*.html'
        ;;
    html_text)
        copy_seeds "$seeds" "$root/fixtures/fuzz/feed" '*.xml'
        ;;
    article)
        copy_seeds "$seeds" "$root/fixtures/articles"
        ;;
    opml)
        copy_seeds "$seeds" "$root/fixtures/opml"
        ;;
    registry)
        copy_seeds "$seeds" "$root/fixtures" 'outlets*.json'
        ;;
    esac
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$art" "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    {
        echo "fuzz_$t: ${execs:-?} executions in ${secs} s (${cov:-no coverage line}), exit $rc"
        kept=0
        for f in "$art"crash-* "$art"leak-* "$art"timeout-* "$art"oom-* "$art"slow-unit-*; do
            [ -f "$f" ] || continue
            # "regress_" prefix: .gitignore drops bare crash-* files.
            keep="$root/fixtures/fuzz/$t/regress_$(basename "$f")"
            cp "$f" "$keep"
            echo "  kept $(basename "$keep") in fixtures/fuzz/$t/ (a regression case now)"
            kept=1
        done
        if [ "$rc" -ne 0 ] || [ "$kept" -ne 0 ]; then
            tail -n 40 "$log"
            echo 1 >"$work/$t/status"
        else
            echo 0 >"$work/$t/status"
        fi
    } >"$work/$t/summary" 2>&1
}

targets=""
for bin in "$build"/tests/fuzz_*; do
    [ -x "$bin" ] && [ -f "$bin" ] || continue
    t=${bin##*/fuzz_}
    if [ -n "${FUZZ_TARGETS:-}" ]; then
        case " $FUZZ_TARGETS " in
        *" $t "*) ;;
        *) continue ;;
        esac
    fi
    targets="$targets $t"
done
if [ -z "$targets" ]; then
    echo "fuzz.sh: no fuzz_* targets in $build/tests (configure with -DCC_FUZZ=ON and clang)"
    exit 2
fi

# JOBS lanes, each running its share of the targets one after another.
lane=0
pids=""
while [ "$lane" -lt "$jobs" ]; do
    (
        i=0
        for t in $targets; do
            if [ $((i % jobs)) -eq "$lane" ]; then
                run_target "$t"
            fi
            i=$((i + 1))
        done
    ) &
    pids="$pids $!"
    lane=$((lane + 1))
done
for p in $pids; do
    wait "$p"
done

status=0
for t in $targets; do
    cat "$work/$t/summary" 2>/dev/null || echo "fuzz_$t: did not run"
    [ "$(cat "$work/$t/status" 2>/dev/null)" = 0 ] || status=1
done
exit $status
