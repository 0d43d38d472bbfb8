#!/bin/sh
# A claim's verdict must not depend on what else the process verified: the
# dev benchmark's articles (../shared/bench/match-dev, every third one)
# verified in one `verify` run give exactly the CSV rows that verifying each
# article alone gives. (Term ids follow the order of analysis, so sums taken
# in id order, or ties broken by arrival order, used to move a candidate or
# an outlet between the two.) Skipped (77) when the shared folder is absent.
set -u
bin=${CC_BINARY:?CC_BINARY not set}
bench="${CC_SHARED_DIR:-}/bench/match-dev"
[ -f "$bench/outlets.json.template" ] || { echo "skip: no $bench"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cc_verify_order.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
python3 - "$bench" "$tmp/outlets.json" <<'PY'
import json, sys
bench, out = sys.argv[1:3]
cfg = json.load(open(bench + "/outlets.json.template", encoding="utf-8"))
for o in cfg["outlets"]:
    o["aliases"] = [a for a in o.get("aliases", []) if a.strip()]
    o["feeds"] = [f.replace("{ROOT}", bench) for f in o.get("feeds", [])]
json.dump(cfg, open(out, "w", encoding="utf-8"))
PY
cc() { "$bin" -q --config "$tmp/outlets.json" --store "$tmp/store.db" "$@"; }
cc fetch >/dev/null || { echo "FAIL: fetch of the dev feeds"; exit 1; }
set -- $(ls "$bench"/articles/*.html | awk 'NR % 3 == 1')
[ $# -gt 50 ] || { echo "FAIL: only $# dev articles"; exit 1; }
cc verify --no-fetch --format csv "$@" >"$tmp/together.csv" || { echo "FAIL: verify together"; exit 1; }
head -n 1 "$tmp/together.csv" >"$tmp/alone.csv"
for a in "$@"; do
    cc verify --no-fetch --format csv "$a" | tail -n +2 >>"$tmp/alone.csv" || { echo "FAIL: verify $a"; exit 1; }
done
rows=$(($(wc -l <"$tmp/together.csv") - 1))
[ "$rows" -gt 300 ] || { echo "FAIL: only $rows rows"; exit 1; }
if ! cmp -s "$tmp/together.csv" "$tmp/alone.csv"; then
    echo "FAIL: $# articles verified together differ from each verified alone:"
    diff "$tmp/together.csv" "$tmp/alone.csv" | head -n 10
    exit 1
fi
echo "ok: $# articles, $rows rows, the same together and alone"
