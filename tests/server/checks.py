"""Assertions shared by the Python integration tests (tests/fetch,
tests/hostile, tests/batch): a failed check raises Fail with what was
checked; Skip marks a case that cannot run on this machine."""


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
