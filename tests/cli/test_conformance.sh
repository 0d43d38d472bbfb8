#!/bin/sh
# The feed-parsing conformance suite of ../shared/conformance (issue 2):
# `credcheck parse` must pass at least CC_CONFORMANCE_MIN percent of its
# cases (default 97). Skipped (77) only when the shared folder is absent.
set -u
bin=${CC_BINARY:?CC_BINARY not set}
shared=${CC_SHARED_DIR:-}
min=${CC_CONFORMANCE_MIN:-97}
suite="$shared/conformance"
if [ -z "$shared" ] || [ ! -d "$suite/feeds" ] || [ ! -f "$suite/check_feeds.py" ]; then
    echo "SKIP: no conformance suite at '$suite'"
    exit 77
fi
out=$(python3 "$suite/check_feeds.py" -j 2 "$suite/feeds" -- "$bin" parse 2>&1)
echo "$out" | tail -n 20
last=$(echo "$out" | tail -n 1)
passed=$(echo "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\1/p')
failed=$(echo "$last" | sed -n 's/^\([0-9][0-9]*\) passed, \([0-9][0-9]*\) failed$/\2/p')
if [ -z "$passed" ] || [ -z "$failed" ]; then
    echo "FAIL: no 'N passed, M failed' line from check_feeds.py"
    exit 1
fi
total=$((passed + failed))
if [ "$total" -eq 0 ]; then
    echo "FAIL: no cases run"
    exit 1
fi
# Integer arithmetic: passed/total >= min/100.
if [ $((passed * 100)) -lt $((min * total)) ]; then
    echo "FAIL: $passed of $total cases pass, under ${min}%"
    exit 1
fi
echo "OK: $passed of $total cases pass (at least ${min}% required)"
exit 0
