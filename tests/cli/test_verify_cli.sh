#!/bin/sh
# `credcheck verify` and `credcheck score-pairs` from the command line: the
# CSV columns of DESIGN.md, JSON, the table, exit codes and usage errors,
# against the fixture feeds of the example article (offline).
set -u
bin=${CC_BINARY:?CC_BINARY not set}
fx=${CC_FIXTURES_DIR:?CC_FIXTURES_DIR not set}
dir=$(mktemp -d "${TMPDIR:-/tmp}/cc_cli_verify.XXXXXX")
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
expect_err() { # description substring
    grep -qF -- "$2" "$dir/err" || { echo "FAIL: $1: stderr lacks '$2':"; cat "$dir/err"; fail=1; }
}
cc() { "$bin" -q --config "$fx/outlets.json" --store "$dir/store.db" "$@"; }
art="$fx/articles/example_article.txt"

run 0 "fetch the fixture feeds" cc fetch
run 0 "verify csv" cc verify --no-fetch --date 2025-07-02 --window 75 --format csv "$art"
head -1 "$dir/out" | tr -d '\r' > "$dir/header"
want='article,claim_index,claim,checkworthy,cited_outlets,cited_confirmed,reporting_outlets,corroborating_outlets,n_outlets,score,verdict,evidence_outlet,evidence_title,evidence_url,evidence_published,contradiction'
[ "$(cat "$dir/header")" = "$want" ] || { echo "FAIL: CSV header: $(cat "$dir/header")"; fail=1; }
python3 - "$dir/out" <<'PY' || fail=1
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
assert len(rows) >= 17, len(rows)
idx = [int(r["claim_index"]) for r in rows if r["claim_index"]]
assert idx == list(range(1, len(idx) + 1)), idx
verdicts = {"corroborated", "single-source", "uncorroborated", "contradicted", "not-checkable"}
for r in rows:
    assert r["verdict"] in verdicts, r["verdict"]
    assert 0.0 <= float(r["score"]) <= 1.0
    assert int(r["n_outlets"]) == len([x for x in r["corroborating_outlets"].split(";") if x])
    assert r["checkworthy"] in ("true", "false")
dar = [r for r in rows if "Ishaq Dar" in r["claim"]][0]
assert dar["verdict"] == "single-source", dar
assert dar["reporting_outlets"].split(";") == ["Reuters", "Business Recorder"], dar["reporting_outlets"]
assert dar["corroborating_outlets"] == "Reuters" and dar["cited_confirmed"] == "Reuters", dar
assert dar["evidence_outlet"] == "Reuters" and dar["evidence_published"].startswith("2025-06-04T")
PY
run 0 "verify json" cc verify --no-fetch --date 2025-07-02 --window 75 --format json "$art"
python3 - "$dir/out" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
a = d["articles"][0]
assert a["window"]["days"] == 75 and a["date"].startswith("2025-07-02")
c = [c for c in a["claims"] if "NATO allies" in c["claim"]][0]
st = {x["outlet"]: x["status"] for x in c["citations"]}
assert st == {"The Week": "not-matched", "Deccan Herald": "not-matched"}, st
dar = [c for c in a["claims"] if "Ishaq Dar" in c["claim"]][0]
assert dar["sources"][0]["copies"][0]["outlet"] == "Business Recorder"
ev = dar["evidence"][0]
assert len(ev["content_hash"]) == 64 and "cov_claim" in ev["features"] and "exp_max" in ev["features"]
PY
run 0 "verify table to a file" cc verify --no-fetch --date 2025-07-02 --window 75 --format table -o "$dir/t.txt" "$art"
grep -q "single-source" "$dir/t.txt" || { echo "FAIL: table lacks a verdict"; fail=1; }
grep -q "cited: Wikipedia ✘ no-feed" "$dir/t.txt" || { echo "FAIL: table lacks the Wikipedia check"; fail=1; }

run 2 "unknown option" cc verify --bogus "$art"
expect_err "unknown option" "unknown option '--bogus'"
run 2 "bad window" cc verify --window -3 "$art"
run 2 "bad format" cc verify --format xml "$art"
run 2 "no article" cc verify --no-fetch
run 3 "missing article" cc verify --no-fetch "$dir/nope.txt"
expect_err "missing article" "nope.txt"
run 0 "verify --help" "$bin" verify --help
grep -q "^usage: credcheck verify" "$dir/out" || { echo "FAIL: verify --help"; fail=1; }

printf 'claim\titem\tlabel\nGold extends decline, according to Reuters.\tGold extends its decline on payrolls data\t1\nGold extends decline.\tCelebrities are starting to use Tinder\t0\n' > "$dir/pairs.tsv"
run 0 "score-pairs" "$bin" score-pairs "$dir/pairs.tsv"
[ "$(wc -l < "$dir/out")" -eq 2 ] || { echo "FAIL: score-pairs lines"; cat "$dir/out"; fail=1; }
awk -F'\t' 'NR==1 && $2 != 1 {exit 1} NR==2 && $2 != 0 {exit 1}' "$dir/out" || { echo "FAIL: score-pairs labels"; cat "$dir/out"; fail=1; }
printf 'no tab here\n' > "$dir/bad.tsv"
run 2 "score-pairs without a TAB" "$bin" score-pairs "$dir/bad.tsv"
expect_err "score-pairs without a TAB" "bad.tsv:1: no TAB"
run 2 "score-pairs unknown option" "$bin" score-pairs --x

[ $fail -eq 0 ] && echo "cli_verify: ok"
exit $fail
