#!/bin/sh
# credcheck claims end to end on the example article (issue 4, "What it must
# show"): the citations found and the outlet each resolves to, nothing from
# "(such as ...)" or RAW/ISI/CENTCOM/EU/SCO, the two headings, the rhetoric
# that is not check-worthy; standard input; errors and exit codes.
set -u
bin=${CC_BINARY:?CC_BINARY not set}
fx=${CC_FIXTURES_DIR:?CC_FIXTURES_DIR not set}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cc_claims.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
cfg="$fx/outlets.json"
art="$fx/articles/example_article.txt"

"$bin" --config "$cfg" claims --format json "$art" >"$tmp/out.json" 2>"$tmp/err"
rc=$?
[ $rc = 0 ] || { echo "FAIL: claims json exit $rc"; cat "$tmp/err"; fail=1; }
python3 - "$tmp/out.json" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
bad = []
def check(ok, what):
    if not ok:
        bad.append(what)
check(d["article"].endswith("example_article.txt"), "article path")
check(d["date"] is None and d["date_source"] is None, "no date without --date")
S = d["sentences"]
check([s["index"] for s in S] == list(range(1, len(S) + 1)), "indexes 1..n")
claims = [s["claim_index"] for s in S if s["kind"] == "claim"]
check(claims == list(range(1, len(claims) + 1)), "claims numbered 1..n")
check(all((s["claim_index"] is None) == (s["kind"] != "claim") for s in S), "claim_index null")
def one(prefix):
    hits = [s for s in S if s["text"].startswith(prefix)]
    check(len(hits) == 1, "one sentence starts with %r" % prefix)
    return hits[0] if hits else {"kind": None, "citations": [], "checkworthiness": 1}
check(one("Reception in New Delhi and Washington")["kind"] == "heading", "heading 1")
check(one("Trust Building Remains an Issue")["kind"] == "heading", "heading 2")
r = one("And these ideas could change everything for India too!")
check(r["kind"] == "not-checkable" and r["checkworthiness"] < d["threshold"], "rhetoric")
# Every citation, in order, with the outlet it resolves to.
seen = []
for s in S:
    seen += [(c["text"], c["outlet"]) for c in s["citations"] if c["scope"] == "sentence"]
want = [("Sources 1", None), ("Sources 1", None), ("The Week", "The Week"),
        ("Deccan Herald", "Deccan Herald"), ("TheNews.com.pk", "The News International"),
        ("Arabnews.pk", "Arab News Pakistan"), ("Geo TV", "Geo News"),
        ("en.wikipedia.org", "Wikipedia"), ("Reuter\u2019s", "Reuters"),
        ("The News.com.pk", "The News International"), ("ArabNews.pk", "Arab News Pakistan"),
        ("economictimes.indiatimes.com", "Economic Times"), ("Arabnews.pk", "Arab News Pakistan")]
check(seen == want, "citations %r" % (seen,))
texts = " ".join(c["text"] for s in S for c in s["citations"])
for never in ("such as", "Indus", "RAW", "ISI", "CENTCOM", "EU", "SCO", "NATO"):
    check(never not in texts.split(" ") and never not in texts, "no citation from %s" % never)
# Scope: the citation sentence covers the claim before it.
dar = one("Recently, Pakistan Foreign Minister Ishaq Dar")
check([(c["outlet"], c["scope"]) for c in dar["citations"]] == [("Reuters", "paragraph")], "Dar scope")
check(one("Reuter\u2019s reported this development.")["kind"] == "citation", "citation kind")
us = one("U.S. officials including CENTCOM")
check([c["outlet"] for c in us["citations"]] ==
      ["The News International", "Arab News Pakistan", "Economic Times"], "U.S. officials scope")
cease = one("A US-brokered ceasefire")
check(cease["match_text"] == "A US-brokered ceasefire agreement came into effect on May 10.",
      "match text without the citation")
if bad:
    print("FAIL: " + "\n      ".join(bad))
    sys.exit(1)
PY

# --date resolves dates without a year.
"$bin" --config "$cfg" claims --format json --date 2025-07-02 "$art" >"$tmp/dated.json" 2>/dev/null
python3 -c "
import json,sys
d=json.load(open('$tmp/dated.json'))
s=[x for x in d['sentences'] if '26 lives' in x['text']][0]
assert d['date']=='2025-07-02' and d['date_source']=='option', d['date']
assert s['dates']==['2025-04-22'] and s['numbers']==['26 lives'], s
" || { echo "FAIL: --date"; fail=1; }

# Standard input, table format.
"$bin" --config "$cfg" claims - <"$art" >"$tmp/table.txt" 2>"$tmp/err" ||
    { echo "FAIL: stdin exit $?"; cat "$tmp/err"; fail=1; }
grep -q '^date     none (give --date YYYY-MM-DD)$' "$tmp/table.txt" || { echo "FAIL: table date line"; fail=1; }
grep -q 'Reuters <- "Reuter’s"' "$tmp/table.txt" || { echo "FAIL: table citation"; fail=1; }

check() { # expected-exit stderr-pattern command...
    want=$1; shift; pat=$1; shift
    "$@" >"$tmp/o" 2>"$tmp/e"
    got=$?
    if [ "$got" != "$want" ]; then echo "FAIL: $*: exit $got, want $want"; cat "$tmp/e"; fail=1; fi
    grep -q -- "$pat" "$tmp/e" || { echo "FAIL: $*: stderr lacks '$pat'"; cat "$tmp/e"; fail=1; }
}
check 3 "credcheck: $tmp/none.txt: cannot open" "$bin" --config "$cfg" claims "$tmp/none.txt"
check 3 "larger than the 100-byte cap" "$bin" --config "$cfg" claims --max-size 100 "$art"
check 2 "invalid date '2025-02-30'" "$bin" --config "$cfg" claims --date 2025-02-30 "$art"
check 2 "unknown format 'xml'" "$bin" --config "$cfg" claims --format xml "$art"
check 2 "one ARTICLE at a time" "$bin" --config "$cfg" claims "$art" "$art"
check 2 "no ARTICLE given" "$bin" --config "$cfg" claims
check 2 "unknown option '--bogus'" "$bin" claims --bogus "$art"
exit $fail
