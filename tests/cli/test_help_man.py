#!/usr/bin/env python3
"""The man page (docs/credcheck.1) and README.md agree with the binary's help.

Every command listed by `credcheck --help` has its own section (.SS) in the
man page and is named in README.md; every option of `credcheck --help` is in
the man page's GLOBAL OPTIONS; every option of `credcheck SUB --help` is in
that command's section. So a new option cannot ship undocumented.
Needs CC_BINARY and CC_SOURCE_DIR.
"""
import os
import re
import subprocess
import sys

BIN = os.environ["CC_BINARY"]
SRC = os.environ["CC_SOURCE_DIR"]
OPTION = re.compile(r"(?<![\w/$'-])(--?[A-Za-z][A-Za-z0-9-]*)")


def helptext(*args):
    p = subprocess.run([BIN] + list(args) + ["--help"], capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("FAIL: %s --help exits %d" % (" ".join(args), p.returncode))
    return p.stdout


def options(text):
    return sorted(set(OPTION.findall(text)))


def man_sections(path):
    """Maps '.SH'/'.SS' titles to their text, roff escapes removed."""
    sections = {}
    title = ""
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r'^\.(SH|SS)\s+"?([^"]*)"?$', line)
        if m:
            title = m.group(2).strip()
            sections.setdefault(title, "")
            continue
        text = line.replace("\\-", "-").replace("\\&", "")
        text = re.sub(r"\\f[BIRP]", "", text)
        text = re.sub(r"^\.(B|I|BR|RB|BI|IB|IR|RI|TP|PP|EX|EE|br)\b ?", "", text)
        sections[title] = sections.get(title, "") + " " + text.replace('"', "")
    return sections


def main():
    man = man_sections(os.path.join(SRC, "docs", "credcheck.1"))
    with open(os.path.join(SRC, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    failures = []
    top = helptext()
    commands = re.findall(r"^  ([a-z][a-z-]+)\s{2,}", top.split("Commands:")[1].split("\n\n")[0],
                          re.M)
    if len(commands) < 8:
        failures.append("found only %r in credcheck --help" % commands)
    for opt in options(top.split("Global options:")[1]):
        if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(opt), man.get("GLOBAL OPTIONS", "")):
            failures.append("global option %s is not in the man page's GLOBAL OPTIONS" % opt)
    for cmd in commands:
        if cmd not in man:
            failures.append("command %s has no section in the man page" % cmd)
            continue
        if not re.search(r"credcheck(\s+\[[^]]*\])*\s+%s\b" % re.escape(cmd), readme):
            failures.append("README.md never shows 'credcheck %s'" % cmd)
        for opt in options(helptext(cmd)):
            if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(opt), man[cmd]):
                failures.append("%s: option %s of --help is not in its man section" % (cmd, opt))
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: %d commands, their options in docs/credcheck.1 and README.md" % len(commands))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
