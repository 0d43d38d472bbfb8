#!/bin/sh
# Runs the integration tests with the credcheck binary under valgrind
# memcheck (make valgrind).
#
# usage: sh scripts/valgrind.sh BUILD_DIR [CTEST_REGEX]
#
# Every ctest that drives the binary (its environment names CC_BINARY:
# cli_*, fetch_*, parse_*, batch_*, hostile_* ...) is run as ctest would
# run it (command, folder and environment from `ctest --show-only=json-v1`),
# two at a time, with CC_BINARY pointing at BUILD_DIR/valgrind/credcheck, a
# wrapper that execs
#     valgrind --error-exitcode=99 --leak-check=full
#              --errors-for-leak-kinds=definite --log-file=...
# Each credcheck process writes its own log in BUILD_DIR/valgrind/logs/; a
# log with an error (invalid read or write, use of uninitialised memory,
# bad free, a definite leak) fails the run, whatever the test said. Tests
# whose own checks fail under valgrind's slowness are reported apart.
# VALGRIND_EXCLUDE (a regex) skips tests; default: the 455-feed conformance
# run, which adds nothing over the parse_* cases but an hour.
set -eu
build=$(cd "${1:?usage: valgrind.sh BUILD_DIR [CTEST_REGEX]}" && pwd)
regex=${2:-}
exclude=${VALGRIND_EXCLUDE-^parse_conformance\$}
if ! command -v valgrind >/dev/null 2>&1; then
    echo "valgrind.sh: valgrind is not installed (scripts/deps.sh installs it)" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
vg="$build/valgrind"
rm -rf "$vg"
mkdir -p "$vg/logs"
cat >"$vg/credcheck" <<EOF
#!/bin/sh
exec valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \\
    --suppressions="$root/scripts/valgrind.supp" \\
    --show-leak-kinds=definite --num-callers=30 --log-file="$vg/logs/vg.%p.log" \\
    "$build/credcheck" "\$@"
EOF
chmod +x "$vg/credcheck"

python3 - "$build" "$vg" "$regex" "$exclude" <<'EOF'
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import time

build, vg, regex, exclude = sys.argv[1:5]
wrapper = os.path.join(vg, "credcheck")
info = json.loads(subprocess.run(["ctest", "--show-only=json-v1"], cwd=build,
                                 capture_output=True, check=True).stdout)
tests = []
for t in info["tests"]:
    props = {p["name"]: p["value"] for p in t.get("properties", [])}
    env = props.get("ENVIRONMENT") or []
    if not any(e.startswith("CC_BINARY=") for e in env) or "command" not in t:
        continue
    if regex and not re.search(regex, t["name"]):
        continue
    if exclude and re.search(exclude, t["name"]):
        continue
    e = dict(os.environ)
    for kv in env:
        k, _, v = kv.partition("=")
        e[k] = v
    e["CC_BINARY"] = wrapper
    e["CC_UNDER_VALGRIND"] = "1"
    tests.append((t["name"], t["command"], props.get("WORKING_DIRECTORY", build), e,
                  int(props.get("SKIP_RETURN_CODE", -1) or -1)))


def run(t):
    name, cmd, cwd, env, skip = t
    t0 = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    return name, p.returncode, skip, time.monotonic() - t0, p.stdout + p.stderr


print("valgrind.sh: %d tests drive the binary; running them under memcheck" % len(tests))
failed_tests = []
with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
    for name, rc, skip, secs, out in pool.map(run, tests):
        state = "ok" if rc == 0 else ("skip" if rc == skip else "FAIL")
        print("%-4s %s (%.0f s)" % (state, name, secs), flush=True)
        if state == "FAIL":
            failed_tests.append(name)
            sys.stdout.write(out.decode("utf-8", "replace")[-3000:] + "\n")

logs = sorted(os.listdir(os.path.join(vg, "logs")))
bad = []
for n in logs:
    with open(os.path.join(vg, "logs", n), errors="replace") as f:
        text = f.read()
    m = re.search(r"ERROR SUMMARY: (\d+) errors", text)
    if (m and int(m.group(1)) > 0) or "definitely lost" in text and \
            not re.search(r"definitely lost: 0 bytes", text):
        bad.append((n, text))
print("valgrind.sh: %d credcheck processes checked, %d with memcheck errors" % (len(logs),
                                                                              len(bad)))
for n, text in bad[:10]:
    print("==== %s\n%s" % (n, text[-6000:]))
if failed_tests:
    print("valgrind.sh: tests that failed under valgrind: %s" % ", ".join(failed_tests))
sys.exit(1 if bad or failed_tests else 0)
EOF
