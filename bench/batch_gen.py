#!/usr/bin/env python3
"""Generates the input of bench/batch.sh (deterministic, standard library).

usage: batch_gen.py DIR [--items 200000] [--articles 1000] [--words 800]

Writes DIR/outlets.json (OUTLETS outlets, one local RSS 2.0 feed each, in
DIR/feeds/), holding ITEMS items spread over 1 March - 31 July 2025 (about
1,300 a day, so a +/-3-day window holds some 9,000), and DIR/articles/ with
ARTICLES HTML articles of about WORDS words, each dated (article:published_time)
inside that span. Articles are news-like prose over the same vocabulary:
named entities, numbers, dates, quotes and outlet citations, and a few
sentences that retell items of their days in other words, so the matcher
has real candidates and real matches to score, as in a newsroom's queue.
"""
import argparse
import os
import random
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

OUTLETS = 100
START = datetime(2025, 3, 1, tzinfo=timezone.utc)
DAYS = 153

PEOPLE = ["Ishaq Dar", "Bilawal Bhutto-Zardari", "Michael Kurilla", "Narendra Modi",
          "Shehbaz Sharif", "Marco Rubio", "Antonio Guterres", "Ursula von der Leyen",
          "Olaf Scholz", "Emmanuel Macron", "Keir Starmer", "Li Qiang", "Anwar Ibrahim",
          "Prabowo Subianto", "Cyril Ramaphosa", "Luiz Inacio Lula da Silva", "Javier Milei",
          "Recep Tayyip Erdogan", "Mohammed bin Salman", "Yoon Suk Yeol"]
PLACES = ["Islamabad", "New Delhi", "Kashmir", "Pahalgam", "Brussels", "Washington",
          "Karachi", "Lahore", "Mumbai", "Geneva", "Beijing", "Jakarta", "Nairobi",
          "Sao Paulo", "Buenos Aires", "Ankara", "Riyadh", "Seoul", "Berlin", "Paris"]
ORGS = ["the United Nations", "NATO", "the IMF", "the World Bank", "the European Union",
        "the central bank", "the Senate", "parliament", "the supreme court", "the army",
        "the election commission", "the finance ministry", "OPEC", "the WHO", "FIFA"]
TOPICS = [
    ("talks", "said the government was ready for talks on trade and water but would not be rushed"),
    ("ceasefire", "announced a ceasefire along the border after four days of strikes"),
    ("budget", "presented a budget with a deficit of {n} billion dollars for the next year"),
    ("inflation", "reported that inflation fell to {n} percent in the last quarter"),
    ("attack", "said at least {n} people were killed when gunmen attacked a market"),
    ("election", "called an early election after losing a vote in parliament"),
    ("floods", "said floods had displaced {n} thousand families in the north"),
    ("treaty", "suspended the water treaty until the other side ends its support for militants"),
    ("loan", "approved a loan of {n} billion dollars after months of negotiation"),
    ("court", "ruled that the new law breached the constitution"),
    ("strike", "said the strike by transport workers had entered its {n}th day"),
    ("summit", "hosted a summit on climate finance attended by {n} heads of state"),
]
FILLER = ("officials said the decision came after weeks of consultations with partners and "
          "critics warned that the plan would face legal challenges while analysts expected "
          "markets to react calmly as the details remained unclear and a spokesperson "
          "declined to comment on the timing of the announcement or on reports of "
          "disagreement within the cabinet over the scale of the measures").split()
CITES = ["(Reuters)", "Reuters reported.", "(Dawn, Geo News)", "according to AP",
         "(The News, Arab News)", "the BBC reported", "(Al Jazeera)", "(Sources 1)"]


def outlet_name(i):
    return "Outlet %03d" % i


def fact(rng, day):
    topic, text = rng.choice(TOPICS)
    who = rng.choice(PEOPLE)
    where = rng.choice(PLACES)
    n = rng.randint(2, 95)
    return topic, who, where, n, text.format(n=n)


def item_xml(rng, i, outlet, when):
    topic, who, where, n, text = fact(rng, when)
    title = "%s: %s %s" % (where, who, text.split(" ", 3)[-1][:70])
    body = "%s %s %s. %s" % (who, text, "in " + where,
                              " ".join(rng.choice(FILLER) for _ in range(rng.randint(30, 70))))
    link = "https://outlet%03d.example/news/%d" % (outlet, i)
    pub = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
    return ("<item><title>%s</title><link>%s</link><guid>%s</guid><pubDate>%s</pubDate>"
            "<description>%s</description></item>\n" % (escape(title), link, link, pub,
                                                         escape(body)))


def write_feeds(rng, out, items):
    os.makedirs(os.path.join(out, "feeds"), exist_ok=True)
    per = items // OUTLETS
    reg = []
    for o in range(OUTLETS):
        path = os.path.join("feeds", "outlet%03d.xml" % o)
        with open(os.path.join(out, path), "w", encoding="utf-8") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
                    "<title>%s</title><link>https://outlet%03d.example/</link>\n"
                    % (outlet_name(o), o))
            for k in range(per):
                when = START + timedelta(seconds=rng.randrange(DAYS * 86400))
                f.write(item_xml(rng, o * per + k, o, when))
            f.write("</channel></rss>\n")
        reg.append('  {"name": "%s", "domains": ["outlet%03d.example"], "feeds": ["%s"]}'
                   % (outlet_name(o), o, path))
    with open(os.path.join(out, "outlets.json"), "w", encoding="utf-8") as f:
        f.write('{"outlets": [\n' + ",\n".join(reg) + "\n]}\n")


def sentence(rng):
    topic, who, where, n, text = fact(rng, None)
    s = "%s %s in %s" % (who, text, where)
    if rng.random() < 0.3:
        s += " " + rng.choice(CITES)
    if rng.random() < 0.2:
        s = '"We will not be rushed," %s said, adding that %s' % (who, " ".join(
            rng.choice(FILLER) for _ in range(12)))
    return s[0].upper() + s[1:].rstrip(".") + "."


def write_articles(rng, out, n, words):
    d = os.path.join(out, "articles")
    os.makedirs(d, exist_ok=True)
    for a in range(n):
        when = START + timedelta(days=5 + rng.randrange(DAYS - 10), hours=rng.randrange(24))
        paras, count = [], 0
        while count < words:
            para = []
            for _ in range(rng.randint(2, 4)):
                s = sentence(rng) if rng.random() < 0.6 else (
                    " ".join(rng.choice(FILLER) for _ in range(rng.randint(12, 25))).capitalize()
                    + ".")
                para.append(s)
                count += len(s.split())
            paras.append(" ".join(para))
        title = "Article %04d: %s" % (a, rng.choice(PLACES))
        html = ("<!DOCTYPE html><html><head><title>%s</title>"
                '<meta property="article:published_time" content="%s"></head><body>'
                "<article><h1>%s</h1>%s</article></body></html>\n"
                % (escape(title), when.strftime("%Y-%m-%dT%H:%M:%SZ"), escape(title),
                   "".join("<p>%s</p>" % escape(p) for p in paras)))
        with open(os.path.join(d, "article%04d.html" % a), "w", encoding="utf-8") as f:
            f.write(html)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--items", type=int, default=200000)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--words", type=int, default=800)
    args = ap.parse_args()
    rng = random.Random(7)
    os.makedirs(args.dir, exist_ok=True)
    write_feeds(rng, args.dir, args.items)
    write_articles(rng, args.dir, args.articles, args.words)


if __name__ == "__main__":
    main()
