#!/bin/sh
# CLI basics: --help, --version, per-command --help, usage errors exit 2.
set -u
bin=${CC_BINARY:?CC_BINARY not set}
fail=0
check() { # expected-exit description command...
    want=$1; shift; what=$1; shift
    "$@" >/tmp/cc_cli_out.$$ 2>/tmp/cc_cli_err.$$
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: $what: exit $got, want $want"; cat /tmp/cc_cli_err.$$; fail=1
    fi
}
check 0 "--help" "$bin" --help
grep -q '^usage: credcheck' /tmp/cc_cli_out.$$ || { echo "FAIL: --help text"; fail=1; }
check 0 "--version" "$bin" --version
grep -q '^credcheck [0-9]' /tmp/cc_cli_out.$$ || { echo "FAIL: --version text"; fail=1; }
check 2 "unknown global option" "$bin" --bogus
grep -q "^credcheck: unknown option '--bogus'" /tmp/cc_cli_err.$$ || { echo "FAIL: unknown option message"; fail=1; }
check 2 "unknown command" "$bin" frobnicate
check 2 "no command" "$bin"
check 2 "bad --color" "$bin" --color=sometimes parse x
for sub in parse fetch claims verify batch outlets store score-pairs; do
    check 0 "$sub --help" "$bin" "$sub" --help
    grep -q "^usage: credcheck $sub" /tmp/cc_cli_out.$$ || { echo "FAIL: $sub --help text"; fail=1; }
    check 2 "$sub unknown option" "$bin" "$sub" --no-such-option
done
rm -f /tmp/cc_cli_out.$$ /tmp/cc_cli_err.$$
exit $fail
