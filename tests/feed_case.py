#!/usr/bin/env python3
"""One data-driven `credcheck parse` case (tests/CMakeLists.txt adds one
ctest per folder of fixtures/feeds/parse/).

usage: feed_case.py CASE_DIR        (CC_BINARY names the credcheck binary)

CASE_DIR holds input.xml or input.json, and either expected.json (the exact
JSON the command must print, compared as JSON values) or error (line 1: the
exit status, line 2: text the one-line error must contain). Optional args:
one extra command-line argument per line (e.g. --base URL).
"""
import json
import os
import subprocess
import sys


def main():
    case = sys.argv[1]
    binary = os.environ["CC_BINARY"]
    inputs = [f for f in os.listdir(case) if f.startswith("input.")]
    if len(inputs) != 1:
        print("FAIL: %s: expected exactly one input.* file" % case)
        return 1
    args = []
    if os.path.exists(os.path.join(case, "args")):
        with open(os.path.join(case, "args"), encoding="utf-8") as fh:
            args = [line.rstrip("\n") for line in fh if line.strip()]
    cmd = [binary, "parse"] + args + [os.path.join(case, inputs[0])]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    err_file = os.path.join(case, "error")
    if os.path.exists(err_file):
        with open(err_file, encoding="utf-8") as fh:
            want_status = int(fh.readline())
            want_text = fh.readline().rstrip("\n")
        stderr = proc.stderr.decode("utf-8", "replace")
        ok = proc.returncode == want_status and want_text in stderr \
            and stderr.count("\n") == 1 and stderr.startswith("credcheck: ")
        if not ok:
            print("FAIL: %s: exit %d, stderr %r; want exit %d and %r"
                  % (case, proc.returncode, stderr, want_status, want_text))
            return 1
        if proc.stdout:
            print("FAIL: %s: output on stdout for an error: %r" % (case, proc.stdout[:200]))
            return 1
        return 0
    if proc.returncode != 0:
        print("FAIL: %s: exit %d: %s" % (case, proc.returncode,
                                          proc.stderr.decode("utf-8", "replace")))
        return 1
    try:
        got = json.loads(proc.stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as ex:
        print("FAIL: %s: output is not UTF-8 JSON: %s" % (case, ex))
        return 1
    with open(os.path.join(case, "expected.json"), encoding="utf-8") as fh:
        want = json.load(fh)
    if got != want:
        print("FAIL: %s: output differs" % case)
        print("--- expected\n%s" % json.dumps(want, indent=1, ensure_ascii=False))
        print("--- got\n%s" % json.dumps(got, indent=1, ensure_ascii=False))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
