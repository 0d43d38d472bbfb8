#!/bin/sh
# `cmake --install` into a temporary prefix installs the binary, the default
# registry and the man page, and the installed binary runs: --version, and
# `outlets list` reading the installed registry (CREDCHECK_DATADIR points it
# there, as the compiled-in PREFIX/share/credcheck is the real prefix's).
#   test_install.sh BUILD_DIR
set -u
build=${1:?usage: test_install.sh BUILD_DIR}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cc_install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0
if ! cmake --install "$build" --prefix "$tmp/prefix" >"$tmp/install.log" 2>&1; then
    echo "FAIL: cmake --install:"; cat "$tmp/install.log"; exit 1
fi
for f in bin/credcheck share/credcheck/outlets.json share/man/man1/credcheck.1; do
    if [ ! -f "$tmp/prefix/$f" ]; then
        echo "FAIL: $f not installed"; fail=1
    fi
done
[ $fail = 0 ] || { cat "$tmp/install.log"; exit 1; }
bin=$tmp/prefix/bin/credcheck
# A clean environment: no user registry, no store, nothing from the caller.
run() {
    env -i PATH=/usr/bin:/bin HOME="$tmp/home" CREDCHECK_DATADIR="$tmp/prefix/share/credcheck" \
        "$bin" "$@"
}
v=$(run --version) || { echo "FAIL: installed --version exits $?"; exit 1; }
case $v in
    "credcheck "[0-9]*) ;;
    *) echo "FAIL: --version printed '$v'"; fail=1 ;;
esac
# Mark the installed registry, so the listing shows which file was read.
python3 - "$tmp/prefix/share/credcheck/outlets.json" <<'PY'
import json, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    reg = json.load(f)
reg["outlets"].append({"name": "Zz Marker", "domains": ["marker.example"]})
with open(path, "w", encoding="utf-8") as f:
    json.dump(reg, f)
PY
list=$(run outlets list) || { echo "FAIL: installed 'outlets list' exits $?"; exit 1; }
echo "$list" | grep -q "Zz Marker" || {
    echo "FAIL: 'outlets list' did not read the installed registry:"; echo "$list"; fail=1; }
echo "$list" | grep -q "^Reuters" || { echo "FAIL: no Reuters in the listing"; fail=1; }
echo "$list" | grep -q "(registry: $tmp/prefix/share/credcheck/outlets.json)" || {
    echo "FAIL: the listing does not name the installed registry"; fail=1; }
if command -v man >/dev/null 2>&1; then
    man -l "$tmp/prefix/share/man/man1/credcheck.1" 2>/dev/null | grep -q "credcheck batch" || {
        echo "FAIL: the installed man page does not render"; fail=1; }
fi
[ $fail = 0 ] && echo "ok: installed into a temporary prefix and ran $v"
exit $fail
