#!/bin/sh
# docs/credcheck-batch.{service,timer} pass `systemd-analyze verify` with no
# complaint at all (it exits 0 on unknown keys, so any output fails the
# test). ExecStart is pointed at the built binary, which verify requires to
# exist. Skipped (exit 77) with the reason when systemd-analyze is absent.
set -u
bin=${CC_BINARY:?CC_BINARY not set}
src=${CC_SOURCE_DIR:?CC_SOURCE_DIR not set}
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIP: systemd-analyze is not installed (Debian: systemd), units not checked"
    exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/cc_units.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
sed "s|^ExecStart=/usr/local/bin/credcheck |ExecStart=$bin |" \
    "$src/docs/credcheck-batch.service" >"$tmp/credcheck-batch.service"
cp "$src/docs/credcheck-batch.timer" "$tmp/credcheck-batch.timer"
if ! grep -q "^ExecStart=$bin " "$tmp/credcheck-batch.service"; then
    echo "FAIL: ExecStart of the service does not start /usr/local/bin/credcheck"
    exit 1
fi
out=$(cd "$tmp" && systemd-analyze verify --man=no credcheck-batch.service \
    credcheck-batch.timer 2>&1)
rc=$?
if [ $rc -ne 0 ] || [ -n "$out" ]; then
    echo "FAIL: systemd-analyze verify (exit $rc):"
    echo "$out"
    exit 1
fi
# The unit runs the documented command line, and that command line parses.
line=$(sed -n "s|^ExecStart=$bin ||p" "$tmp/credcheck-batch.service")
case $line in
    *"batch --in "*"--out "*) ;;
    *) echo "FAIL: ExecStart is not a batch run: $line"; exit 1 ;;
esac
echo "ok: units verified by $(systemd-analyze --version | head -n 1)"
