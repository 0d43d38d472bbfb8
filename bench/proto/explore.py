#!/usr/bin/env python3
"""Matcher prototype over match-dev: candidates, pair features, a learned
pair model, story expansion, claim score; cross-validated by article day.

  python3 bench/proto/explore.py [--window 1] [--cap 200] [--ablate] [--report out.csv]

Prints cross-validated (leave-days-out, 7 folds) and in-sample figures of
AUC / outlet P,R,F1 / count MAE, computed as score_match.py computes them
(claims taken from gold.csv, so no alignment loss; --report writes a CSV for
the real scorer).
"""
import argparse
import math
import os
import pickle
import sys
import time
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import protolib as P  # noqa: E402

K1, B = 1.2, 0.75


class World:
    def __init__(self, window, cap, idf_mode="global"):
        t0 = time.time()
        self.outlets, self.items = P.load_items()
        self.texts = [P.Text(it["title"] if (not it["desc"] or it["desc"] == it["title"])
                             else it["title"] + " " + it["desc"]) for it in self.items]
        self.N = len(self.items)
        self.df = Counter()
        self.post = defaultdict(list)
        for i, t in enumerate(self.texts):
            for w in set(t.stems):
                self.df[w] += 1
                self.post[w].append(i)
        self.avgdl = sum(len(t.stems) for t in self.texts) / self.N
        self.window = window
        self.cap = cap
        self.idf_mode = idf_mode
        self.by_day = defaultdict(list)
        for i, it in enumerate(self.items):
            self.by_day[it["day"]].append(i)
        dates = P.article_dates()
        gold = P.load_gold()
        self.claims = []
        for g in gold:
            body, cited = P.strip_tail(g["claim_text"])
            ts = dates[g["article_file"]]
            self.claims.append({"article": g["article_file"], "idx": int(g["claim_index"]),
                                "text": g["claim_text"], "body": body, "cited": cited,
                                "gold": {x for x in g["corroborating_outlets"].split(";") if x},
                                "day": P.utc_day(ts), "ts": ts, "t": P.Text(body),
                                "story": g["story_id"]})
        self.days = sorted({c["day"] for c in self.claims})
        print("loaded %d items, %d claims in %.1fs" % (self.N, len(self.claims), time.time() - t0),
              file=sys.stderr)

    def idf(self, w):
        if self.idf_mode == "global":
            n = self.df.get(w, 0)
            return math.log((self.N + 1) / (n + 0.5))
        n = self.wdf.get(w, 0)
        return math.log((self.wN + 1) / (n + 0.5))

    def set_day(self, day):
        """window-local document frequencies (idf_mode window / sample)"""
        if self.idf_mode == "global" or getattr(self, "cur_day", None) == day:
            return
        self.cur_day = day
        if not hasattr(self, "wcache"):
            self.wcache = {}
        if day in self.wcache:
            self.wdf, self.wN = self.wcache[day]
            return
        ids = [i for d in range(day - max(1, self.window or 1), day + max(1, self.window or 1) + 1)
               for i in self.by_day.get(d, ())]
        if self.idf_mode == "sample":
            ids = ids[::max(1, len(ids) // self.sample)]
        self.wdf = Counter()
        for i in ids:
            self.wdf.update(set(self.texts[i].stems))
        self.wN = len(ids)
        self.wcache[day] = (self.wdf, self.wN)

    def in_window(self, i, day):
        if self.window is None:
            return True
        return abs(self.items[i]["day"] - day) <= self.window

    def candidates(self, ct, day, cap=None):
        cap = cap or self.cap
        qt = Counter(ct.stems)
        sc = defaultdict(float)
        for w, qc in qt.items():
            idf = max(0.0, math.log(1 + (self.N - self.df.get(w, 0) + 0.5) / (self.df.get(w, 0) + 0.5)))
            for i in self.post.get(w, ()):
                if not self.in_window(i, day):
                    continue
                dl = len(self.texts[i].stems)
                c = self.texts[i].stems.count(w)
                sc[i] += idf * c * (K1 + 1) / (c + K1 * (1 - B + B * dl / self.avgdl))
        top = sorted(sc.items(), key=lambda x: -x[1])[:cap]
        return top


FEATS = ["cov_c", "cov_d", "cos", "bm25n", "rare", "bigram", "names", "num_agree", "num_conflict",
         "quote", "dday", "nshared"]


def pair_features(W, ct, dt, bm25, selfbm, dday):
    cw = Counter(ct.stems)
    dw = Counter(dt.stems)
    shared = set(cw) & set(dw)
    idf = W.idf
    sc = sum(idf(w) for w in cw) or 1.0
    sd = sum(idf(w) for w in dw) or 1.0
    sh = sum(idf(w) for w in shared)
    # cosine of log-tf idf vectors
    vc = {w: (1 + math.log(c)) * idf(w) for w, c in cw.items()}
    vd = {w: (1 + math.log(c)) * idf(w) for w, c in dw.items()}
    nc = math.sqrt(sum(x * x for x in vc.values())) or 1.0
    nd = math.sqrt(sum(x * x for x in vd.values())) or 1.0
    cos = sum(vc[w] * vd[w] for w in shared) / nc / nd
    maxc = max((idf(w) for w in cw), default=1.0)
    rare = max((idf(w) for w in shared), default=0.0) / maxc
    bg = len(ct.bigrams & dt.bigrams) / max(1, len(ct.bigrams))
    names = len(ct.names & dt.names) / max(1, len(ct.names)) if ct.names else 0.0
    na = len(ct.nums & dt.nums)
    nconf = 1.0 if (ct.nums and dt.nums and not (ct.nums & dt.nums)) else 0.0
    q = 0.0
    if ct.quotes:
        dset = set(dt.stems)
        q = max(sum(1 for w in qq if w in dset) / len(qq) for qq in ct.quotes)
    return [sh / sc, sh / sd, cos, min(1.0, bm25 / selfbm), rare, bg, names, min(2, na), nconf, q,
            abs(dday), math.log(1 + len(shared))]


def self_bm25(W, ct):
    qt = Counter(ct.stems)
    ql = len(ct.stems)
    s = 0.0
    for w, c in qt.items():
        idf = max(0.0, math.log(1 + (W.N - W.df.get(w, 0) + 0.5) / (W.df.get(w, 0) + 0.5)))
        s += idf * c * (K1 + 1) / (c + K1 * (1 - B + B * ql / W.avgdl))
    return s or 1.0


def build_pairs(W):
    """For every claim: the candidates with their features."""
    out = []
    t0 = time.time()
    for c in W.claims:
        W.set_day(c["day"])
        cands = W.candidates(c["t"], c["day"])
        sb = self_bm25(W, c["t"])
        rows = []
        for i, s in cands:
            dd = (W.items[i]["day"] - c["day"]) if W.dday_mode == "day" else \
                (W.items[i]["ts"] - c["ts"]) / 86400.0
            f = pair_features(W, c["t"], W.texts[i], s, sb, dd)
            rows.append((i, f))
        out.append(rows)
    W.scopes = [frozenset(i for i, _ in rows) for rows in out]
    print("pairs built in %.1fs (%d pairs)" % (time.time() - t0, sum(len(r) for r in out)),
          file=sys.stderr)
    return out


def item_vec(W, i, cache={}):
    i0 = i
    i = (i, W.cur_day if W.idf_mode != "global" else None)
    v = cache.get(i)
    if v is None:
        cw = Counter(W.texts[i0].stems)
        v = {w: (1 + math.log(c)) * W.idf(w) for w, c in cw.items()}
        n = math.sqrt(sum(x * x for x in v.values())) or 1.0
        v = {w: x / n for w, x in v.items()}
        cache[i] = v
    return v


def neighbours(W, i, day, cache={}):
    """Items within the claim's window with cosine > 0 to item i: {j: cos}."""
    key = (i, day, id(W.scope))
    r = cache.get(key)
    if r is None:
        vi = item_vec(W, i)
        acc = defaultdict(float)
        for w, x in vi.items():
            for j in W.post.get(w, ()):
                if j != i and W.in_window(j, day) and (W.scope is None or j in W.scope):
                    acc[j] += x * item_vec(W, j)[w]
        r = {j: s for j, s in acc.items() if s >= 0.2}
        cache[key] = r
    return r


def zfeat(f, mask):
    return [x for x, m in zip(f, mask) if m]


def best_per_outlet(W, rows, score):
    """rows: [(item, feats)], score: list -> {outlet: (score, item, feats)}"""
    best = {}
    for (i, f), s in zip(rows, score):
        o = W.items[i]["outlet"]
        if o not in best or s > best[o][0]:
            best[o] = (s, i, f)
    return best


def fit_stage1(W, pairs, idxs, mask, init_key=0, rounds=2, l2=1.0):
    """Multiple-instance fit: per (claim, outlet) the best item under the
    current model is the instance."""
    w = None
    for r in range(rounds):
        X, y = [], []
        for ci in idxs:
            rows = pairs[ci]
            if not rows:
                continue
            sc = [P.predict(w, zfeat(f, mask)) if w else f[init_key] for _, f in rows]
            best = best_per_outlet(W, rows, sc)
            gold = W.claims[ci]["gold"]
            for o, (_, i, f) in best.items():
                X.append(zfeat(f, mask))
                y.append(1 if o in gold else 0)
        w = P.fit_lr(X, y, l2=l2, iters=25, w0=w)
    return w


def stage1_scores(W, pairs, ci, w, mask):
    return [P.predict(w, zfeat(f, mask)) for _, f in pairs[ci]]


EXP = ["p1", "exp_max", "exp_sum", "nseeds"]


def expansion_rows(W, pairs, ci, p1, seed_thr, max_seeds):
    """Story expansion: items scored by their similarity to the strongly
    matched items (seeds).  Returns [(item, [logit p1, expmax, expsum, nseeds])]."""
    c = W.claims[ci]
    W.set_day(c["day"])
    rows = pairs[ci]
    order = sorted(range(len(rows)), key=lambda k: -p1[k])
    seeds = [(rows[k][0], p1[k]) for k in order[:max_seeds] if p1[k] >= seed_thr]
    W.scope = W.scopes[ci] if W.exp_scope == "cands" else None
    pmap = {rows[k][0]: p1[k] for k in range(len(rows))}
    ex_max = defaultdict(float)
    ex_sum = defaultdict(float)
    for s, ps in seeds:
        for j, cs in neighbours(W, s, c["day"]).items():
            v = ps * cs
            if v > ex_max[j]:
                ex_max[j] = v
            ex_sum[j] += v
        # a seed supports itself
        ex_max[s] = max(ex_max[s], ps)
    allj = set(pmap) | set(ex_max)
    out = []
    for j in allj:
        p = pmap.get(j, 0.0)
        lp = math.log(max(p, 1e-4) / max(1 - p, 1e-4))
        out.append((j, [lp, ex_max.get(j, 0.0), min(3.0, ex_sum.get(j, 0.0)), math.log(1 + len(seeds))]))
    return out


CLAIM_FEATS = ["d1", "d2", "d3", "log_n", "s1", "ucov", "bestcov", "coh"]


def claim_features(W, ci, best, thr, best1, mode="full"):
    """best: {outlet: (score, item)} after expansion; best1: the same from
    the direct (stage-1) pair model."""
    d = sorted((v[0] for v in best1.values()), reverse=True) + [0.0, 0.0, 0.0]
    sc = [v[0] for v in best.values()]
    n = sum(1 for x in sc if x >= thr)
    f = [d[0], d[1], d[2], math.log(1 + n), max(sc, default=0.0)]
    ct = W.claims[ci]["t"]
    cw = set(ct.stems)
    tot = sum(W.idf(w) for w in cw) or 1.0
    top = sorted(best1.values(), key=lambda v: -v[0])[:5]
    u = set()
    for v in top:
        u |= set(W.texts[v[1]].stems)
    f.append(sum(W.idf(w) for w in cw & u) / tot)
    if top:
        ds = set(W.texts[top[0][1]].stems)
        f.append(sum(W.idf(w) for w in cw & ds) / tot)
    else:
        f.append(0.0)
    # coherence: mean cosine between the top direct matches
    if len(top) >= 2:
        vs = [item_vec(W, v[1]) for v in top]
        tot2, k = 0.0, 0
        for a in range(len(vs)):
            for b in range(a + 1, len(vs)):
                tot2 += sum(x * vs[b].get(w, 0.0) for w, x in vs[a].items())
                k += 1
        f.append(tot2 / k)
    else:
        f.append(0.0)
    if mode != "full":
        f = [x for x, name in zip(f, CLAIM_FEATS) if name not in mode]
    return f


def tune_thr(W, cis, bests):
    best_t, best_f = 0.5, -1
    for k in range(5, 96):
        t = k / 100
        tp = fp = fn = 0
        for ci in cis:
            g = W.claims[ci]["gold"]
            pred = {o for o, s in bests[ci].items() if s[0] >= t}
            tp += len(g & pred)
            fp += len(pred - g)
            fn += len(g - pred)
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0
        if f > best_f:
            best_t, best_f = t, f
    return best_t


class Model:
    pass


def train(W, pairs, cis, mask, expand=True, seed_thr=0.5, max_seeds=5, cmode="full"):
    m = Model()
    m.cmode = cmode
    m.mask = mask
    m.w1 = fit_stage1(W, pairs, cis, mask)
    m.expand = expand
    m.seed_thr, m.max_seeds = seed_thr, max_seeds
    bests = {}
    if expand:
        X, y = [], []
        for ci in cis:
            p1 = stage1_scores(W, pairs, ci, m.w1, mask)
            er = expansion_rows(W, pairs, ci, p1, seed_thr, max_seeds)
            best = {}
            for j, f in er:
                o = W.items[j]["outlet"]
                # instance: the outlet's item with the largest stage-1/expansion evidence
                key = max(f[0] / 10 + 0.5, f[1])
                if o not in best or key > best[o][0]:
                    best[o] = (key, f)
            g = W.claims[ci]["gold"]
            for o, (_, f) in best.items():
                X.append(f)
                y.append(1 if o in g else 0)
        m.w2 = P.fit_lr(X, y, l2=1.0, iters=25)
    b1s = {}
    for ci in cis:
        bests[ci], b1s[ci] = outlet_scores(W, pairs, ci, m, with1=True)
    m.thr = tune_thr(W, cis, bests)
    X, y = [], []
    for ci in cis:
        X.append(claim_features(W, ci, bests[ci], m.thr, b1s[ci], mode=m.cmode))
        y.append(1 if W.claims[ci]["gold"] else 0)
    m.w3 = P.fit_lr(X, y, l2=1.0, iters=25)
    return m


def outlet_scores(W, pairs, ci, m, with1=False):
    p1 = stage1_scores(W, pairs, ci, m.w1, m.mask)
    b = best_per_outlet(W, pairs[ci], p1)
    b1 = {o: (v[0], v[1]) for o, v in b.items()}
    if not m.expand:
        return (b1, b1) if with1 else b1
    er = expansion_rows(W, pairs, ci, p1, m.seed_thr, m.max_seeds)
    best = {}
    for j, f in er:
        o = W.items[j]["outlet"]
        s = P.predict(m.w2, f)
        if o not in best or s > best[o][0]:
            best[o] = (s, j)
    return (best, b1) if with1 else best


def apply(W, pairs, cis, m):
    res = []
    for ci in cis:
        b, b1 = outlet_scores(W, pairs, ci, m, with1=True)
        pred = {o for o, s in b.items() if s[0] >= m.thr}
        score = P.predict(m.w3, claim_features(W, ci, b, m.thr, b1, mode=m.cmode))
        res.append({"ci": ci, "gold": W.claims[ci]["gold"], "pred": pred, "score": score, "best": b})
    return res


def folds_by_day(W, k):
    days = W.days
    f = {d: n % k for n, d in enumerate(days)}
    out = [[] for _ in range(k)]
    for ci, c in enumerate(W.claims):
        out[f[c["day"]]].append(ci)
    return out


def evaluate(W, pairs, mask, k=7, **kw):
    folds = folds_by_day(W, k)
    cv = []
    for fi in range(k):
        tr = [ci for fj in range(k) if fj != fi for ci in folds[fj]]
        m = train(W, pairs, tr, mask, **kw)
        cv += apply(W, pairs, folds[fi], m)
    allc = list(range(len(W.claims)))
    m = train(W, pairs, allc, mask, **kw)
    ins = apply(W, pairs, allc, m)
    return P.metrics(cv), P.metrics(ins), m, ins


def fmt(t):
    return "AUC %.3f P %.3f R %.3f F1 %.3f MAE %.2f" % t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--window", type=int, default=1)
    ap.add_argument("--cap", type=int, default=200)
    ap.add_argument("--ablate", action="store_true")
    ap.add_argument("--noexpand", action="store_true")
    ap.add_argument("--folds", type=int, default=7)
    ap.add_argument("--report")
    ap.add_argument("--idf", default="global", choices=["global", "window", "sample"])
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--exp-scope", default="window", choices=["window", "cands"])
    ap.add_argument("--dday", default="day", choices=["day", "time"])
    a = ap.parse_args()
    W = World(a.window if a.window >= 0 else None, a.cap, a.idf)
    W.sample = a.sample
    W.exp_scope = a.exp_scope
    W.dday_mode = a.dday
    W.scope = None
    pairs = build_pairs(W)
    full = [1] * len(FEATS)
    cv, ins, m, res = evaluate(W, pairs, full, k=a.folds, expand=not a.noexpand)
    print("all features: CV  %s" % fmt(cv))
    print("              in  %s" % fmt(ins))
    print("weights stage1:", dict(zip(FEATS + ["bias"], [round(x, 3) for x in m.w1])))
    if not a.noexpand:
        print("weights stage2:", dict(zip(EXP + ["bias"], [round(x, 3) for x in m.w2])))
    print("threshold %.2f; claim weights %s" % (m.thr, dict(zip(CLAIM_FEATS + ["bias"], [round(x, 3) for x in m.w3]))))
    if a.ablate:
        for k, name in enumerate(FEATS):
            mask = full[:]
            mask[k] = 0
            cv, ins, _, _ = evaluate(W, pairs, mask, k=a.folds, expand=not a.noexpand)
            print("without %-12s CV %s" % (name, fmt(cv)))
        cv, ins, _, _ = evaluate(W, pairs, full, k=a.folds, expand=False)
        print("without expansion    CV %s" % fmt(cv))


if __name__ == "__main__":
    main()
