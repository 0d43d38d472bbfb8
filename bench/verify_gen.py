#!/usr/bin/env python3
"""Generate a store-sized feed set for bench/verify.sh: ITEMS items in FEEDS RSS
files plus a registry (outlets.json) that also lists the fixture feeds of the
example article, so a store filled from it holds the story among ITEMS
distractors.

  python3 bench/verify_gen.py OUT_DIR ITEMS [--feeds N]

Items read like news: 8-14 word titles and 30-50 word summaries drawn from an
English news vocabulary (the example article's own words among them, so the
full-text index has real work: "Pakistan", "India", "talks", "attack" are
common), published over the 365 days before 10 July 2025. As in a store filled
by nightly fetches, feed k covers a narrow slice of that year (items stored in
roughly time order), which is what the verifier's rowid-range search relies on;
--shuffled makes every feed span the whole year (the worst case).
Deterministic (seeded). Standard library only.
"""
import argparse
import email.utils
import json
import os
import random

WORDS = """pakistan india talks attack minister government police court election market oil
price bank rate budget tax trade water treaty border army militant ceasefire peace security
terror counter official said report president prime party leader opposition parliament vote
city council school hospital health doctor patient storm rain flood heat weather crop farmer
wheat rice cotton export import rupee dollar stocks shares index investor company profit loss
deal merger airline flight airport train road bridge power electricity gas fuel petrol strike
protest rally students university exam result team match cricket football hockey coach player
series win loss draw record film actor music festival award book museum art heritage temple
mosque church religious cleric visit delegation summit meeting agreement cooperation dialogue
brussels washington islamabad delhi kashmir karachi lahore mumbai kabul tehran beijing moscow
london geneva united nations nato europe china russia america afghanistan iran bangladesh
intelligence military defence missile drone airstrike operation killed injured victims toll
tourists valley region province state district village town capital week month year today
new first second major key senior former chief spokesman sources statement interview plan
proposal offer response warning concern hope support criticism demand call urge reject
accept announce launch open close rise fall grow drop cut raise boost slow""".split()


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("items", type=int)
    ap.add_argument("--feeds", type=int, default=0)
    ap.add_argument("--shuffled", action="store_true")
    a = ap.parse_args()
    rng = random.Random(1234)
    nfeeds = a.feeds or max(10, min(2000, a.items // 500))
    per = max(1, a.items // nfeeds)
    end = 1752105600  # 2025-07-10T00:00:00Z
    span = 365 * 86400
    os.makedirs(os.path.join(a.out, "feeds"), exist_ok=True)
    outlets = []
    n = 0
    for k in range(nfeeds):
        path = os.path.join(a.out, "feeds", "gen%04d.xml" % k)
        t_k = end - span + int(span * (k + 1) / nfeeds)
        with open(path, "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                    "<title>Generated %d</title><link>https://gen%d.example/</link>\n" % (k, k))
            for i in range(per):
                if n >= a.items:
                    break
                n += 1
                if a.shuffled:
                    t = end - rng.randrange(span)
                else:
                    t = t_k - rng.randrange(2 * 86400)
                title = sentence(rng, rng.randint(8, 14)).capitalize()
                summ = sentence(rng, rng.randint(30, 50)).capitalize() + "."
                f.write("<item><title>%s</title><link>https://gen%d.example/%d</link>"
                        "<guid>gen%d-%d</guid><pubDate>%s</pubDate><description>%s</description>"
                        "</item>\n" % (title, k, i, k, i, email.utils.formatdate(t, usegmt=True), summ))
            f.write("</channel></rss>\n")
        outlets.append({"name": "Generated %d" % k, "aliases": [], "domains": ["gen%d.example" % k],
                        "feeds": [os.path.abspath(path)]})
    # the fixture registry (the example article's outlets and feeds) on top
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    fx = json.load(open(os.path.join(root, "fixtures", "outlets.json"), encoding="utf-8"))
    for o in fx["outlets"]:
        o["feeds"] = [f if f.startswith(("http:", "https:", "file:", "/")) else
                      os.path.join(root, "fixtures", f) for f in o.get("feeds", [])]
        outlets.append(o)
    with open(os.path.join(a.out, "outlets.json"), "w", encoding="utf-8") as f:
        json.dump({"outlets": outlets}, f, indent=1)
    print("generated %d items in %d feeds" % (n, nfeeds))


if __name__ == "__main__":
    main()
