#!/usr/bin/python3
"""Fast (numpy) replica of bench/fit_model.py's fit and day-fold CV, for
trying model variants on a feature dump in seconds instead of minutes.

    /usr/bin/python3 bench/proto/npfit.py --dump /tmp/cq-fit/dump-w1.jsonl [--store S] [--exp NAME...]

Needs Debian's python3-numpy (/usr/bin/python3). Not used by the shipped
pipeline: every choice made here is ported to bench/fit_model.py (standard
library) and refitted there.
"""
import argparse
import math
import os
import sqlite3
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import fit_model as FM  # noqa: E402

SEED_T, MAX_SEEDS, MIN_SIM = 0.5, 10, 0.2


def sig(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def fit_lr(X, y, l2=1.0, iters=30, w0=None):
    X = np.asarray(X, float)
    y = np.asarray(y, float)
    n, d = X.shape
    A = np.hstack([X, np.ones((n, 1))])
    w = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[d] = 1e-6
    for _ in range(iters):
        p = sig(A @ w)
        g = A.T @ (p - y) + reg * w * (np.arange(d + 1) < d)
        s = p * (1 - p)
        H = (A * s[:, None]).T @ A + np.diag(reg)
        step = np.linalg.solve(H, g)
        w -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return w[:d], w[d]


class C:
    pass


def load(dump, store=None):
    bench = os.path.join(FM.SHARED, "bench", "match-dev")
    claims, _ = FM.load(bench, dump)
    # rowids too (FM.load drops them)
    import json
    rowids = {}
    for line in open(dump, encoding="utf-8"):
        d = json.loads(line)
        rowids[(os.path.basename(d["article"]).lower(), d["claim"])] = [r for _, r, _, _ in d["cands"]]
    out = []
    outlet_ix = {}
    for c in claims:
        k = C()
        k.gold = c.gold
        k.day = c.day
        k.label = 1 if c.gold else 0
        if not c.cands:
            k.n = 0
            out.append(k)
            continue
        k.n = len(c.cands)
        k.outlets = [o for o, _, _ in c.cands]
        k.oid = np.array([outlet_ix.setdefault(o, len(outlet_ix)) for o in k.outlets])
        k.F = np.array([f for _, f, _ in c.cands], float)
        k.mask = [m for _, _, m in c.cands]
        k.idf = np.array(c.idf, float)
        S = np.zeros((k.n, k.n), np.float32)
        for (i, j), v in c.sims.items():
            S[i, j] = v
        k.S = S
        k.isgold = np.array([1.0 if o in c.gold else 0.0 for o in k.outlets])
        out.append(k)
    return out, outlet_ix


def best_per_outlet(k, sc):
    order = np.lexsort((np.arange(k.n), -sc))
    seen, res = set(), []
    for i in order:
        o = k.oid[i]
        if o not in seen:
            seen.add(o)
            res.append(i)
    return np.array(res, int)


def expansion(k, direct, P):
    order = np.lexsort((np.arange(k.n), -direct))
    seeds = [i for i in order[:P["max_seeds"]] if direct[i] >= P["seed_threshold"]]
    # stop at the first below threshold (same as FM)
    s2 = []
    for i in order[:P["max_seeds"]]:
        if direct[i] < P["seed_threshold"]:
            break
        s2.append(i)
    seeds = s2
    ls = math.log(1 + len(seeds))
    emax = np.zeros(k.n)
    esum = np.zeros(k.n)
    for s in seeds:
        cs = k.S[s].astype(float)
        cs = np.where(cs >= P["min_similarity"], cs, 0.0)
        v = direct[s] * cs
        emax = np.maximum(emax, v)
        esum += v
        emax[s] = max(emax[s], direct[s])
        esum[s] -= v[s]
    p = np.clip(direct, 1e-4, 1 - 1e-4)
    X = np.column_stack([np.log(p / (1 - p)), emax, np.minimum(esum, 3.0), np.full(k.n, ls)])
    return X, seeds


class Model:
    pass


def pair_X(k, spec):
    return spec.pair(k)


def fit_stage1(claims, idx, spec, l2=1.0):
    tr = [claims[i] for i in idx if claims[i].n]
    w = None
    for _ in range(2):
        X, y = [], []
        for k in tr:
            F = spec.pair(k)
            sc = F[:, 0] if w is None else F @ w
            b = best_per_outlet(k, sc)
            X.append(F[b])
            y.append(k.isgold[b])
        w, b1 = fit_lr(np.vstack(X), np.concatenate(y), l2)
    return w, b1


def fit(claims, idx, spec, l2=1.0, stage1=None):
    P = spec.P
    tr = [claims[i] for i in idx if claims[i].n]
    w1, b1 = stage1 if stage1 else fit_stage1(claims, idx, spec, l2)
    m = Model()
    m.w1, m.b1, m.P = w1, b1, P
    if spec.expand:
        X, y = [], []
        for k in tr:
            d = sig(spec.pair(k) @ w1 + b1)
            ex, _ = expansion(k, d, P)
            ex = spec.exp_extra(k, ex, d)
            key = np.maximum(ex[:, 0] / 10 + 0.5, ex[:, 1])
            b = best_per_outlet(k, key)
            X.append(ex[b])
            y.append(k.isgold[b])
        m.w2, m.b2 = fit_lr(np.vstack(X), np.concatenate(y), l2)
    else:
        m.w2, m.b2 = None, None
    per = []
    for k in tr:
        d, fin = scores(m, k, spec)
        b = best_per_outlet(k, fin)
        per.append((k, d, fin, b))
    ts = np.arange(5, 96) / 100
    tp = np.zeros(len(ts))
    fp = np.zeros(len(ts))
    fn = np.zeros(len(ts))
    for k, d, fin, b in per:
        g = k.isgold[b]
        s = fin[b]
        ng = len(k.gold)
        for ti, t in enumerate(ts):
            sel = s >= t
            a = g[sel].sum()
            tp[ti] += a
            fp[ti] += sel.sum() - a
            fn[ti] += ng - a
    f1 = np.where(tp > 0, 2 * tp / (2 * tp + fp + fn), 0)
    m.thr = float(ts[int(np.argmax(f1))])
    X, y = [], []
    for k, d, fin, b in per:
        X.append(spec.claim(k, d, fin, m.thr, m))
        y.append(k.label)
    m.w3, m.b3 = fit_lr(np.array(X), np.array(y, float), l2)
    return m


def scores(m, k, spec):
    d = sig(spec.pair(k) @ m.w1 + m.b1)
    if m.w2 is None:
        return d, d
    ex, _ = expansion(k, d, m.P)
    ex = spec.exp_extra(k, ex, d)
    return d, sig(ex @ m.w2 + m.b2)


def predict(m, k, spec):
    if not k.n:
        return -1e9, set()
    d, fin = scores(m, k, spec)
    b = best_per_outlet(k, fin)
    outs = fin[b]
    pred = {k.outlets[i] for i, s in zip(b, outs) if s >= spec.out_thr(m, k, i, s)}
    pred = spec.select(k, d, fin, b, m, pred)
    x = np.array(spec.claim(k, d, fin, m.thr, m))
    return float(sig(x @ m.w3 + m.b3)), pred


def auc(scores, labels):
    scores = np.asarray(scores)
    labels = np.asarray(labels)
    order = np.argsort(scores, kind="mergesort")
    s = scores[order]
    ranks = np.empty(len(s))
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[i:j + 1] = (i + j) / 2 + 1
        i = j + 1
    r = np.empty(len(s))
    r[order] = ranks
    npos = labels.sum()
    nneg = len(labels) - npos
    return (r[labels == 1].sum() - npos * (npos + 1) / 2) / (npos * nneg)


def metrics(claims, preds):
    sc = [s for s, _ in preds]
    lab = [k.label for k in claims]
    tp = fp = fn = err = 0
    for k, (_, p) in zip(claims, preds):
        tp += len(p & k.gold)
        fp += len(p - k.gold)
        fn += len(k.gold - p)
        err += abs(len(p) - len(k.gold))
    P_ = tp / (tp + fp) if tp + fp else 0
    R = tp / (tp + fn) if tp + fn else 0
    return {"auc": auc(sc, lab), "p": P_, "r": R, "f1": 2 * P_ * R / (P_ + R) if P_ + R else 0,
            "mae": err / len(claims)}


def cv(claims, spec, k=7, return_preds=False):
    days = sorted({c.day for c in claims})
    fold_of = {d: n % k for n, d in enumerate(days)}
    preds = [None] * len(claims)
    for f in range(k):
        tr = [i for i, c in enumerate(claims) if fold_of[c.day] != f]
        m = fit(claims, tr, spec)
        for i, c in enumerate(claims):
            if fold_of[c.day] == f:
                preds[i] = predict(m, c, spec)
    mt = metrics(claims, preds)
    return (mt, preds) if return_preds else mt


def fmt(mt):
    return "AUC %.4f P %.3f R %.3f F1 %.4f MAE %.3f" % (mt["auc"], mt["p"], mt["r"], mt["f1"], mt["mae"])


# ------------------------------------------------------------------ the baseline spec (= fit_model)
class Spec:
    def __init__(self):
        self.P = dict(seed_threshold=SEED_T, max_seeds=MAX_SEEDS, min_similarity=MIN_SIM)
        self.expand = True
        self.pmask = None

    def pair(self, k):
        F = k.F
        if self.pmask is not None:
            F = F * self.pmask
        return F

    def exp_extra(self, k, ex, d):
        return ex

    def out_thr(self, m, k, i, s):
        return m.thr

    def select(self, k, d, fin, b, m, pred):
        return pred

    def claim(self, k, d, fin, thr, m):
        return base_claim(k, d, fin, thr, self.P)


def base_claim(k, d, fin, thr, P):
    bf = best_per_outlet(k, fin)
    npass = int((fin[bf] >= thr).sum())
    bd = best_per_outlet(k, d)
    dd = list(d[bd]) + [0.0, 0.0, 0.0]
    top = bd[:5]
    tot = k.idf.sum()
    u = 0
    for i in top:
        u |= k.mask[i]
    cov = sum(v for j, v in enumerate(k.idf) if j < 64 and (u >> j) & 1)
    coh, pairs = 0.0, 0
    for a in range(len(top)):
        for b in range(a + 1, len(top)):
            cs = float(k.S[top[a], top[b]])
            coh += cs if cs >= P["min_similarity"] else 0.0
            pairs += 1
    ndir = int((d[bd] >= thr).sum())
    w = d[top]
    days = [k.F[bd[0], 12], float((w * k.F[top, 12]).sum() / w.sum())]
    ua = 0
    for mk in k.mask:
        ua |= mk
    hit = [j < 64 and (ua >> j) & 1 for j in range(len(k.idf))]
    miss = [v for v, h in zip(k.idf, hit) if not h]
    days += [sum(v for v, h in zip(k.idf, hit) if h) / tot if tot > 0 else 0.0,
             max(miss) / 10.0 if miss else 0.0, len(miss) / len(k.idf) if len(k.idf) else 0.0]
    return [dd[0], dd[1], dd[2], math.log(1 + npass), fin[bf[0]], cov / tot if tot > 0 else 0,
            k.F[bd[0], 0], coh / pairs if pairs else 0, math.log(1 + len(k.idf)), tot / 10,
            math.log(1 + k.n), math.log(1 + ndir), fin[bf].sum() / 10] + days


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", default="/tmp/cq-fit/dump-w1.jsonl")
    ap.add_argument("--folds", type=int, default=7)
    ap.add_argument("--ablate", help="comma-separated pair features to drop one at a time "
                    "(and 'expansion'), each refitted inside every fold")
    a = ap.parse_args()
    claims, _ = load(a.dump)
    import time
    t = time.time()
    print("base", fmt(cv(claims, Spec(), a.folds)), "%.0fs" % (time.time() - t), flush=True)
    for name in (a.ablate.split(",") if a.ablate else []):
        spec = Spec()
        if name == "expansion":
            spec.expand = False
        else:
            spec.pmask = np.array([0.0 if f == name else 1.0 for f in FM.PAIR])
        print("without %-13s" % name, fmt(cv(claims, spec, a.folds)), flush=True)


if __name__ == "__main__":
    main()
