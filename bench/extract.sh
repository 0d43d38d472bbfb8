#!/bin/sh
# bench/extract.sh: throughput of HTML main-text extraction (fetchers/readable:
# decode, libxml2 parse, metadata, extraction, blocks) over every page of
# fixtures/html/, round-robin until MB megabytes (default 100) were read.
# Prints pages/s and MiB/s by wall clock and by process CPU time; the target
# (issue 5) is at least 30 MB/s. BUILD selects the build folder.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$root/build}
tool=$build/tests/cc_html_extract
if [ ! -x "$tool" ]; then
    echo "bench/extract.sh: $tool not found (build with: make build)" >&2
    exit 1
fi
mb=${MB:-100}
pages=$(ls "$root"/fixtures/html/*/page.html | wc -l)
bytes=$(cat "$root"/fixtures/html/*/page.html | wc -c)
echo "extract: $pages fixture pages, $bytes bytes, repeated to $mb MiB"
"$tool" --bench "$mb" "$root"/fixtures/html/*/page.html
