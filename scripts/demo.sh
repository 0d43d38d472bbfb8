#!/bin/sh
# make demo: placeholder until verify lands: parse a bundled fixture feed.
set -eu
bin=${1:-build/credcheck}
"$bin" parse fixtures/feeds/aljazeera.xml
