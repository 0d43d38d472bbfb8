#!/bin/sh
# make demo: check the example article against the bundled fixture feeds.
#
# Fetches the feeds of fixtures/outlets.json (local files: nothing leaves the
# machine) into a temporary store, verifies fixtures/articles/example_article.txt
# offline (--no-fetch), prints the terminal table and writes the CSV, JSON and
# HTML reports to demo/ (ignored by git). With Chromium installed it also
# renders the HTML page to demo/report.png.
#
#   sh scripts/demo.sh [PATH/TO/credcheck]      (make demo builds it first)
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$root/build/credcheck}
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
if [ ! -x "$bin" ]; then
    echo "demo: $bin is not built (run 'make demo', which builds it)" >&2
    exit 2
fi
cd "$root"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/credcheck-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

article=fixtures/articles/example_article.txt
# The article is a copy of a web page of 2 July 2025 that carries no date of
# its own, so the demo gives it one (a real page's date comes from its HTML).
date=2025-07-02
# It also recaps events back to the attack of 22 April (story_facts B), so the
# window reaches 75 days back instead of the default day around the article.
window=75
cc() {
    "$bin" --config fixtures/outlets.json --store "$tmp/store.db" --no-progress "$@"
}

echo "== 1/3  fetching the bundled feeds (fixtures/feeds/, local files) into a temporary store"
cc fetch >"$tmp/fetch.txt"
tail -n 1 "$tmp/fetch.txt"
echo
echo "== 2/3  credcheck verify --no-fetch --date $date --window $window $article"
echo
cc verify --no-fetch --date "$date" --window "$window" --format table "$article"
echo
echo "== 3/3  writing the reports"
mkdir -p demo
cc verify --no-fetch --date "$date" --window "$window" --format csv -o demo/report.csv "$article"
cc verify --no-fetch --date "$date" --window "$window" --format json -o demo/report.json "$article"
cc verify --no-fetch --date "$date" --window "$window" --format html -o demo/report.html "$article"
echo "  demo/report.csv    one row per sentence, the columns of the README"
echo "  demo/report.json   the same plus every evidence item and its feature scores"
echo "  demo/report.html   the page for an editor: open it in a browser"
if python3 tests/report/chromium_render.py demo/report.html --screenshot demo/report.png \
    --width 1100 --max-height 1400 >"$tmp/shot.txt" 2>&1; then
    echo "  demo/report.png    the top of that page, rendered by headless Chromium"
elif grep -q '^SKIP' "$tmp/shot.txt"; then
    :
else
    echo "demo: could not render demo/report.html:" >&2
    cat "$tmp/shot.txt" >&2
fi
