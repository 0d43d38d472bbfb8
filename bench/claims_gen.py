#!/usr/bin/env python3
"""Writes a long plain-text article for bench/claims.sh: paragraphs of the
fixture articles mixed with generated news sentences (names, numbers,
dates, quotes, and citations of every form, about one in four sentences),
up to SIZE bytes (default 4 MiB less 4 KiB, under the 4 MiB cap).

  claims_gen.py OUT.txt [--size BYTES] [--fixtures DIR]
"""
import argparse
import os
import random

PEOPLE = ["Ishaq Dar", "Bilawal Bhutto-Zardari", "Gen. Michael Kurilla", "Shehbaz Sharif",
          "Mr. Jaishankar", "Dr. Maleeha Lodhi", "Lt. Col. Ahmed Khan", "J. R. Patel"]
PLACES = ["Islamabad", "New Delhi", "Brussels", "Washington", "Karachi", "the U.S.",
          "Pahalgam", "Lahore", "Kashmir", "Geneva"]
OUTLETS = ["Reuters", "Dawn", "Geo News", "The News", "Arab News", "Al Jazeera", "BBC",
           "Business Recorder", "Hindustan Times", "The Week", "Deccan Herald"]
DOMAINS = ["arabnews.pk", "www.geo.tv/latest/608689", "dawn.com", "thenews.com.pk",
           "economictimes.indiatimes.com", "en.wikipedia.org"]
VERBS = ["said", "told reporters", "announced", "warned", "confirmed", "denied",
         "reiterated", "argued"]
THINGS = ["talks would resume", "the ceasefire held", "trade had fallen",
          "the treaty stayed in abeyance", "security was tightened",
          "the delegation would travel", "prices rose", "the toll had risen"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July"]


def sentence(r):
    who, where = r.choice(PEOPLE), r.choice(PLACES)
    n = r.choice(["26", "1,500", "3.5", "two", "twenty-six", "$1.5bn", "12 percent", "one billion"])
    when = "%s %d" % (r.choice(MONTHS), r.randint(1, 28))
    base = "%s %s in %s on %s that %s by %s." % (who, r.choice(VERBS), where, when,
                                                  r.choice(THINGS), n)
    k = r.random()
    if k < 0.08:
        return base[:-1] + ", according to %s." % r.choice(OUTLETS)
    if k < 0.14:
        return base[:-1] + " (%s, %s)." % (r.choice(OUTLETS), r.choice(DOMAINS))
    if k < 0.18:
        return "%s reported that %s" % (r.choice(OUTLETS), base[0].lower() + base[1:])
    if k < 0.22:
        return base + " (Sources 1)"
    if k < 0.26:
        return "\u201c%s,\u201d %s said." % (r.choice(THINGS).capitalize(), who)
    if k < 0.30:
        return "Is this the end of the dispute? Analysts doubt it!"
    return base


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--size", type=int, default=4 * 1024 * 1024 - 4096)
    ap.add_argument("--fixtures", default=os.path.join(os.path.dirname(__file__), "..",
                                                        "fixtures", "articles"))
    a = ap.parse_args()
    r = random.Random(2025)
    paras = []
    for name in ("example_article.txt", "wire_story.txt"):
        with open(os.path.join(a.fixtures, name), encoding="utf-8") as f:
            paras += [p.replace("\n", " ").strip() for p in f.read().split("\n") if p.strip()]
    out, size = [], 0
    while True:
        if r.random() < 0.3:
            p = r.choice(paras)
        else:
            p = " ".join(sentence(r) for _ in range(r.randint(2, 5)))
        if r.random() < 0.03:
            p = "Reception in %s and %s" % (r.choice(PLACES), r.choice(PLACES))
        line = p + "\n\n"
        b = len(line.encode("utf-8"))
        if size + b > a.size:
            break
        out.append(line)
        size += b
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("".join(out))
    print("%d bytes, %d paragraphs" % (size, len(out)))


if __name__ == "__main__":
    main()
