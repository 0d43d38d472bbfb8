"""Shared pieces of the matcher prototype (bench/proto/): loading match-dev,
the text pipeline (the one core/text.c implements in C), features, logistic
regression and the scorer's metrics.  Standard library only; Snowball stems
come from the same libstemmer the C code links, through ctypes.
"""
import csv
import ctypes
import ctypes.util
import datetime
import email.utils
import glob
import html.parser
import json
import math
import os
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("CC_SHARED", os.path.join(HERE, "..", "..", "..", "shared"))
BENCH = os.path.join(SHARED, "bench", "match-dev")
sys.path.insert(0, os.path.join(SHARED, "bench"))
import score_match  # noqa: E402

# ---------------------------------------------------------------- stemming
_lib = ctypes.CDLL(ctypes.util.find_library("stemmer") or "libstemmer.so.0d")
_lib.sb_stemmer_new.restype = ctypes.c_void_p
_lib.sb_stemmer_new.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
_lib.sb_stemmer_stem.restype = ctypes.c_void_p
_lib.sb_stemmer_stem.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
_lib.sb_stemmer_length.restype = ctypes.c_int
_lib.sb_stemmer_length.argtypes = [ctypes.c_void_p]
_stemmer = _lib.sb_stemmer_new(b"english", None)
_stem_cache = {}


def stem(w):
    s = _stem_cache.get(w)
    if s is None:
        b = w.encode("utf-8")
        p = _lib.sb_stemmer_stem(_stemmer, b, len(b))
        n = _lib.sb_stemmer_length(_stemmer)
        s = ctypes.string_at(p, n).decode("utf-8")
        _stem_cache[w] = s
    return s


# Snowball's English stop-word list (snowballstem.org, english/stop.txt).
STOP = set("""i me my myself we our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves what which who whom
this that these those am is are was were be been being have has had having do does did doing
would should could ought i'm you're he's she's it's we're they're i've you've we've they've i'd
you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't wasn't weren't
hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't can't cannot couldn't
mustn't let's that's who's what's here's there's when's where's why's how's a an the and but if
or because as until while of at by for with about against between into through during before
after above below to from up down in out on off over under again further then once here there
when where why how all any both each few more most other some such no nor not only own same so
than too very will""".split())
# words that carry no fact in a headline ("says", "report")
STOP |= set("""s t said says say new also amp""".split())

NUMWORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
            "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
            "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
            "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12}
MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
        "b": 1e9, "bn": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12}

_TOK = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*(?:\.[^\W_]+)*\.?|[$%]", re.UNICODE)
_NUM = re.compile(r"^(\d+(?:[.,]\d+)*)([a-z]*)$")


def fold(s):
    s = unicodedata.normalize("NFC", s)
    return (s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
            .replace("\u201d", '"').replace("\u2014", "-").replace("\u2013", "-"))


def _num_value(txt, suffix):
    t = txt
    if re.match(r"^\d{1,3}(,\d{3})+(\.\d+)?$", t):
        t = t.replace(",", "")
    elif "," in t:
        t = t.replace(",", ".")
    try:
        v = float(t)
    except ValueError:
        return None
    if suffix in MULT:
        v *= MULT[suffix]
    elif suffix and suffix not in ("st", "nd", "rd", "th", "s", "pct", "am", "pm"):
        return None
    return v


def numstr(v):
    if abs(v - round(v)) < 1e-9:
        return "#%d" % round(v)
    return "#%g" % v


class Text:
    """Tokens of one text: stems (stop words out, order kept), numbers,
    capitalised names and quoted phrases."""
    __slots__ = ("stems", "nums", "names", "quotes", "bigrams")

    def __init__(self, raw):
        s = fold(raw)
        toks = []
        for m in _TOK.finditer(s):
            toks.append(m.group(0))
        stems, nums, names = [], set(), set()
        i = 0
        lowered = [t.lower() for t in toks]
        while i < len(toks):
            t = toks[i]
            lt = lowered[i].rstrip(".")
            if t in ("$", "%"):
                i += 1
                continue
            # dotted acronym U.S. / U.N.: letters joined, never a stop word
            if re.match(r"^([^\W\d_]\.){2,}$", lt + "."):
                w = lt.replace(".", "")
                stems.append(w)
                names.add(w)
                i += 1
                continue
            lt = lt.replace("'s", "") if lt.endswith("'s") else lt
            lt = lt.replace("'", "")
            m = _NUM.match(lt.replace(".", "", 0))
            if lt and lt[0].isdigit():
                mm = re.match(r"^(\d+(?:[.,]\d+)*)([a-z]*)$", lt)
                if mm:
                    suf = mm.group(2)
                    if not suf and i + 1 < len(toks) and lowered[i + 1] in MULT and len(lowered[i + 1]) > 1:
                        suf = lowered[i + 1]
                    v = _num_value(mm.group(1), suf)
                    if v is not None:
                        ns = numstr(v)
                        nums.add(ns)
                        stems.append(ns)
                        i += 1
                        continue
            if lt in NUMWORDS and lt not in ("one",):
                v = NUMWORDS[lt]
                nums.add(numstr(v))
                stems.append(numstr(v))
                i += 1
                continue
            for part in lt.split("."):
                if not part or part in STOP:
                    continue
                st = stem(part)
                stems.append(st)
            if t[:1].isupper() and i > 0 and lt not in STOP and not t.isupper():
                names.add(stem(lt))
            elif t.isupper() and 2 <= len(t) <= 5 and lt not in STOP:
                names.add(stem(lt))
            i += 1
        self.stems = stems
        self.nums = nums
        self.names = names
        self.quotes = set()
        for q in re.findall(r"(?:^|[\s(])['\"]([^'\"]{3,80})['\"]", s):
            qs = tuple(stem(w) for w in re.findall(r"[^\W_]+", q.lower()) if w not in STOP)
            if qs:
                self.quotes.add(qs)
        self.bigrams = set(zip(stems, stems[1:]))


# ---------------------------------------------------------------- loading
def utc_day(ts):
    return int(ts // 86400)


def load_items(bench=BENCH):
    tmpl = open(os.path.join(bench, "outlets.json.template"), encoding="utf-8").read()
    cfg = json.loads(tmpl.replace("{ROOT}", os.path.abspath(bench)))
    items = []
    for o in cfg["outlets"]:
        for u in o["feeds"]:
            path = u[len("file://"):] if u.startswith("file://") else u
            for it in ET.parse(path).getroot().iter("item"):
                t = (it.findtext("title") or "").strip()
                d = (it.findtext("description") or "").strip()
                ts = email.utils.parsedate_to_datetime(it.findtext("pubDate").strip()).timestamp()
                items.append({"outlet": o["name"], "title": t, "desc": d, "ts": ts,
                              "day": utc_day(ts), "link": it.findtext("link") or ""})
    return cfg["outlets"], items


def load_gold(bench=BENCH):
    with open(os.path.join(bench, "gold.csv"), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


_META = re.compile(r'<meta property="article:published_time" content="([^"]+)"')


def article_dates(bench=BENCH):
    out = {}
    for p in glob.glob(os.path.join(bench, "articles", "*.html")):
        m = _META.search(open(p, encoding="utf-8").read())
        dt = datetime.datetime.fromisoformat(m.group(1).replace("Z", "+00:00"))
        out[os.path.basename(p)] = dt.timestamp()
    return out


_ACC = re.compile(r",?\s+according to\s+([^.]*)\.?\s*$", re.I)


def strip_tail(s):
    m = _ACC.search(s)
    if m:
        return s[:m.start()], m.group(1).strip()
    return s, None


# ---------------------------------------------------------------- metrics
def metrics(claims):
    """claims: list of dicts with gold (set), score (float), pred (set).
    Returns (auc, p, r, f1, mae) as score_match computes them (no alignment)."""
    labels = [1 if c["gold"] else 0 for c in claims]
    auc = score_match.roc_auc([c["score"] for c in claims], labels)
    tp = fp = fn = 0
    err = 0
    for c in claims:
        tp += len(c["gold"] & c["pred"])
        fp += len(c["pred"] - c["gold"])
        fn += len(c["gold"] - c["pred"])
        err += abs(len(c["pred"]) - len(c["gold"]))
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    f1 = 2 * p * r / (p + r) if p + r else 0
    return auc, p, r, f1, err / len(claims)


# ---------------------------------------------------------------- logistic regression
def fit_lr(X, y, l2=1.0, iters=60, w0=None):
    """L2-regularised logistic regression by Newton's method (IRLS); X rows
    without the bias (added here as the last weight).  Returns weights."""
    n = len(X)
    d = len(X[0]) + 1
    w = list(w0) if w0 else [0.0] * d
    for _ in range(iters):
        g = [0.0] * d
        H = [[0.0] * d for _ in range(d)]
        for x, t in zip(X, y):
            xb = list(x) + [1.0]
            z = sum(a * b for a, b in zip(w, xb))
            p = 1 / (1 + math.exp(-max(-30, min(30, z))))
            e = p - t
            s = p * (1 - p)
            for i in range(d):
                g[i] += e * xb[i]
                si = s * xb[i]
                Hi = H[i]
                for j in range(i, d):
                    Hi[j] += si * xb[j]
        for i in range(d):
            for j in range(i):
                H[i][j] = H[j][i]
        for i in range(d - 1):
            g[i] += l2 * w[i]
            H[i][i] += l2
        H[d - 1][d - 1] += 1e-6
        step = solve(H, g)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return w


def solve(A, b):
    n = len(b)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(M[r][c]))
        M[c], M[piv] = M[piv], M[c]
        if abs(M[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c:
                f = M[r][c] / M[c][c]
                if f:
                    for k in range(c, n + 1):
                        M[r][k] -= f * M[c][k]
    return [M[i][n] / M[i][i] if abs(M[i][i]) > 1e-12 else 0.0 for i in range(n)]


def sigmoid(z):
    return 1 / (1 + math.exp(-max(-30, min(30, z))))


def predict(w, x):
    return sigmoid(sum(a * b for a, b in zip(w, list(x) + [1.0])))
