#!/bin/sh
# `credcheck store`: stats on a new store, prune, check, error exits.
set -u
bin=${CC_BINARY:?CC_BINARY not set}
dir=$(mktemp -d "${TMPDIR:-/tmp}/cc_cli_store.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail=0
run() { # expected-exit description command...
    want=$1; shift; what=$1; shift
    "$@" >"$dir/out" 2>"$dir/err"
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: $what: exit $got, want $want"; cat "$dir/err"; fail=1
    fi
}
expect_out() { # description expected-text
    if [ "$(cat "$dir/out")" != "$2" ]; then
        echo "FAIL: $1: stdout was:"; cat "$dir/out"; fail=1
    fi
}
expect_err() { # description substring
    grep -qF -- "$2" "$dir/err" || { echo "FAIL: $1: stderr lacks '$2':"; cat "$dir/err"; fail=1; }
}

db="$dir/new/sub/store.db"
run 0 "stats creates the store" "$bin" --store "$db" store stats
[ -f "$db" ] || { echo "FAIL: store file not created"; fail=1; }
grep -q "^items        0$" "$dir/out" || { echo "FAIL: stats items line"; cat "$dir/out"; fail=1; }
grep -q "^schema       4$" "$dir/out" || { echo "FAIL: stats schema line"; fail=1; }
grep -q "^oldest item  -$" "$dir/out" || { echo "FAIL: stats oldest line"; fail=1; }
grep -q "^store        $db$" "$dir/out" || { echo "FAIL: stats store line"; fail=1; }
run 0 "stats is the default action" "$bin" --store "$db" store
grep -q "^feeds        0$" "$dir/out" || { echo "FAIL: default action output"; fail=1; }
run 0 "default path from XDG_DATA_HOME" env XDG_DATA_HOME="$dir/xdg" "$bin" store stats
[ -f "$dir/xdg/credcheck/store.db" ] || { echo "FAIL: XDG default path not used"; fail=1; }

run 0 "prune" "$bin" --store "$db" store prune --older-than 30
grep -q "^pruned 0 items older than 30 days (before [0-9-]*T[0-9:]*Z)$" "$dir/out" ||
    { echo "FAIL: prune output"; cat "$dir/out"; fail=1; }
run 0 "check" "$bin" --store "$db" store check
expect_out "check output" "ok"

run 2 "prune without --older-than" "$bin" --store "$db" store prune
expect_err "prune usage" "credcheck: store: prune needs --older-than DAYS"
run 2 "prune bad days" "$bin" --store "$db" store prune --older-than -3
expect_err "prune bad days" "is not a number of days"
run 2 "unknown action" "$bin" --store "$db" store vacuum
expect_err "unknown action" "unknown action 'vacuum'"
run 2 "extra argument" "$bin" --store "$db" store stats extra
run 0 "prune --help" "$bin" store prune --help
grep -q "^usage: credcheck store" "$dir/out" || { echo "FAIL: prune --help"; fail=1; }

: >"$dir/plain"
run 4 "store under a file" "$bin" --store "$dir/plain/x/store.db" store stats
expect_err "store under a file" "credcheck: $dir/plain/x/store.db: cannot create folder '$dir/plain'"
printf 'not a database at all, just some text that is long enough to look like a header\n' >"$dir/bad.db"
run 4 "corrupt store" "$bin" --store "$dir/bad.db" store stats
expect_err "corrupt store" "credcheck: $dir/bad.db: cannot open the store: file is not a database"
exit $fail
