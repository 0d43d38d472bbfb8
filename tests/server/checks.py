"""Assertions and the runner shared by the Python integration tests
(tests/fetch, tests/hostile, tests/batch): a failed check raises Fail with
what was checked; Skip marks a case that cannot run on this machine."""

import os
import sys
import time

# The exit code ctest reads as "skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt).
SKIP = 77


class Fail(Exception):
    pass


class Skip(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def eq(got, want, what):
    if got != want:
        raise Fail("%s: got %.600r, want %.600r" % (what, got, want))


def run_cases(cases, make_env=None):
    """The suites' command line: `--list` prints the case names (ctest
    registers one test each), else runs the named cases (all by default).
    cases maps a name to a function, called with make_env() when make_env is
    given (the env's close() runs afterwards). Returns the exit code: 1 when
    any failed, SKIP when every case was skipped, else 0. $CC_BINARY must be
    set."""
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print("\n".join(cases))
        return 0
    if not os.environ.get("CC_BINARY"):
        print("CC_BINARY not set", file=sys.stderr)
        return 2
    names = sys.argv[1:] or list(cases)
    failed = skipped = 0
    for name in names:
        fn = cases.get(name)
        if not fn:
            print("unknown case " + name, file=sys.stderr)
            return 2
        env = make_env() if make_env else None
        t0 = time.monotonic()
        try:
            fn(env) if make_env else fn()
            print("ok   %s (%.1f s)" % (name, time.monotonic() - t0))
        except Skip as ex:
            skipped += 1
            print("skip %s: %s" % (name, ex))
        except Fail as ex:
            failed += 1
            print("FAIL %s: %s" % (name, ex))
        finally:
            if env is not None:
                env.close()
    if failed:
        return 1
    return SKIP if skipped and skipped == len(names) else 0
