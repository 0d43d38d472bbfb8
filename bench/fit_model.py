#!/usr/bin/env python3
"""Fit the matcher's model (data/model.json) on the public dev set, with
cross-validated figures and an ablation.  One command:

    python3 bench/fit_model.py                  # fit, cross-validate, write data/model.json
    python3 bench/fit_model.py --ablate         # also the ablation table (slower)
    python3 bench/fit_model.py --check          # only evaluate the current data/model.json

What it does:
  1. fills ../shared/bench/match-dev/outlets.json.template (score_match.py
     config), builds a store from the dev feeds (`credcheck fetch`);
  2. runs `credcheck verify --no-fetch --window W --dump-features DUMP` on
     every dev article: the C code's own pair features for every candidate,
     the item-item cosines and the claim terms' IDF (so the model is fitted on
     exactly what the tool computes);
  3. aligns the tool's claims with gold.csv (score_match.align), then fits
     three logistic regressions (Newton/IRLS, L2, standard library only):
     the pair model (multiple-instance: per claim and outlet, the outlet's
     best candidate under the current weights is the instance), the story
     expansion model, and the claim model; the outlet threshold maximises
     outlet F1 on the training claims;
  4. cross-validates all of it by article DAY (k folds of whole days) and
     reports CV and in-sample AUC / P / R / F1 / MAE computed as
     score_match.py does;
  5. writes data/model.json with its provenance.

The stage-2 and claim-level computations below mirror cc_matcher_match in
core/matcher.c line by line; tests/test_matcher.c and the in-sample check
(--check against `score_match.py score`) keep them in step.
"""
import argparse
import csv
import datetime
import glob
import json
import math
import operator
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("CC_SHARED", os.path.join(ROOT, "..", "shared"))
sys.path.insert(0, os.path.join(SHARED, "bench"))
import score_match  # noqa: E402

PAIR = ["cov_claim", "cov_item", "cosine", "rare", "bigram", "names", "num_agree",
        "num_conflict", "date_agree", "date_conflict", "quote", "title", "days", "shared_frac"]
EXP = ["pair_logit", "exp_max", "exp_sum", "seeds"]
CLAIM = ["direct1", "direct2", "direct3", "log_n", "best", "union_cov", "best_cov", "coherence",
         "terms", "idf_mass", "candidates", "direct_n", "sum", "best_days", "mean_days",
         "all_cov", "miss_idf", "miss_share"]
DAYS = PAIR.index("days")

# Parameters of the design (bench/proto/explore.py chose them; docs/BENCHMARKS.md)
PARAMS = {"seed_threshold": 0.5, "max_seeds": 10, "min_similarity": 0.2, "idf_sample": 2000}


def sigmoid(z):
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def dot(w, x):
    return sum(map(operator.mul, w, x))


def fit_lr(X, y, l2=1.0, iters=30):
    """L2 logistic regression by Newton's method; returns (weights, bias)."""
    n, d = len(X), len(X[0])
    cols = [[r[i] for r in X] for i in range(d)] + [[1.0] * n]
    D = d + 1
    w = [0.0] * D
    for _ in range(iters):
        z = [0.0] * n
        for i in range(D):
            if w[i]:
                wi = w[i]
                z = list(map(lambda a, b: a + wi * b, z, cols[i]))
        p = [sigmoid(v) for v in z]
        e = list(map(operator.sub, p, y))
        s = [v * (1 - v) for v in p]
        g = [sum(map(operator.mul, e, cols[i])) for i in range(D)]
        H = [[0.0] * D for _ in range(D)]
        for i in range(D):
            si = list(map(operator.mul, s, cols[i]))
            for j in range(i, D):
                H[i][j] = H[j][i] = sum(map(operator.mul, si, cols[j]))
        for i in range(d):
            g[i] += l2 * w[i]
            H[i][i] += l2
        H[d][d] += 1e-6
        step = solve(H, g)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(v) for v in step) < 1e-6:
            break
    return w[:d], w[d]


def solve(A, b):
    n = len(b)
    M = [row[:] + [b[i]] for i, row in enumerate(A)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(M[r][c]))
        M[c], M[piv] = M[piv], M[c]
        if abs(M[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c and M[r][c]:
                f = M[r][c] / M[c][c]
                for k in range(c, n + 1):
                    M[r][k] -= f * M[c][k]
    return [M[i][n] / M[i][i] if abs(M[i][i]) > 1e-12 else 0.0 for i in range(n)]


# ---------------------------------------------------------------- data
def run(cmd, **kw):
    t0 = time.time()
    r = subprocess.run(cmd, **kw)
    if r.returncode not in (0, 3):
        sys.exit("command failed (%d): %s" % (r.returncode, " ".join(cmd)))
    return time.time() - t0


def make_config(bench, path):
    txt = open(os.path.join(bench, "outlets.json.template"), encoding="utf-8").read()
    cfg = json.loads(txt.replace("{ROOT}", os.path.abspath(bench)))
    for o in cfg["outlets"]:
        # the template has an empty alias ("CBS Local"); drop it
        o["aliases"] = [a for a in o.get("aliases", []) if a.strip()]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(cfg, f, indent=1)


def article_days(bench):
    out = {}
    for p in glob.glob(os.path.join(bench, "articles", "*.html")):
        m = re.search(r'article:published_time" content="([^"]+)"', open(p, encoding="utf-8").read())
        dt = datetime.datetime.fromisoformat(m.group(1).replace("Z", "+00:00"))
        out[os.path.basename(p).lower()] = int(dt.timestamp() // 86400)
    return out


class Claim:
    __slots__ = ("gold", "day", "cands", "sims", "idf", "outlets")


def load(bench, dump_path):
    gold = [g for g in csv.DictReader(open(os.path.join(bench, "gold.csv"), encoding="utf-8"))]
    dumped = {}
    for line in open(dump_path, encoding="utf-8"):
        d = json.loads(line)
        dumped.setdefault(os.path.basename(d["article"]).lower(), []).append(d)
    days = article_days(bench)
    claims = []
    by_art = {}
    for g in gold:
        by_art.setdefault(g["article_file"].lower(), []).append(g)
    unmatched = 0
    for art, gs in by_art.items():
        rows = [{"claim": d["claim"], "claim_index": d["sentence"] - 1, "d": d}
                for d in dumped.get(art, [])]
        m = score_match.align([(int(g["claim_index"]), g["claim_text"]) for g in gs], rows)
        for g in gs:
            c = Claim()
            c.gold = {x for x in g["corroborating_outlets"].split(";") if x}
            c.day = days[art]
            r = m.get(int(g["claim_index"]))
            if r is None:
                unmatched += 1
                c.cands, c.sims, c.idf = None, None, None
            else:
                d = r["d"]
                c.cands = [(o, f, int(mask, 16)) for o, _rid, f, mask in d["cands"]]
                c.sims = {}
                for i, j, v in d["sims"]:
                    c.sims[(i, j)] = v
                    c.sims[(j, i)] = v
                c.idf = d["idf"]
            claims.append(c)
    return claims, unmatched


# ---------------------------------------------------------------- the model (mirrors core/matcher.c)
class Model:
    def __init__(self, w1, b1, w2, b2, w3, b3, thr):
        self.w1, self.b1, self.w2, self.b2, self.w3, self.b3, self.thr = w1, b1, w2, b2, w3, b3, thr


def direct_scores(c, w1, b1):
    return [sigmoid(dot(w1, f) + b1) for _, f, _ in c.cands]


def expansion(c, direct, P=PARAMS):
    n = len(direct)
    order = sorted(range(n), key=lambda i: (-direct[i], i))
    seeds = []
    for i in order[:P["max_seeds"]]:
        if direct[i] < P["seed_threshold"]:
            break
        seeds.append(i)
    ls = math.log(1 + len(seeds))
    X = []
    for j in range(n):
        emax = esum = 0.0
        for s in seeds:
            ps = direct[s]
            if s == j:
                emax = max(emax, ps)
                continue
            cs = c.sims.get((s, j), 0.0)
            if cs < P["min_similarity"]:
                continue
            emax = max(emax, ps * cs)
            esum += ps * cs
        p = min(max(direct[j], 1e-4), 1 - 1e-4)
        X.append([math.log(p / (1 - p)), emax, min(esum, 3.0), ls])
    return X


def best_per_outlet(c, scores):
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    seen, out = set(), []
    for i in order:
        o = c.cands[i][0]
        if o not in seen:
            seen.add(o)
            out.append(i)
    return out


def claim_features(c, direct, final, thr, P=PARAMS):
    bf = best_per_outlet(c, final)
    npass = sum(1 for i in bf if final[i] >= thr)
    bd = best_per_outlet(c, direct)
    d = [direct[i] for i in bd] + [0.0, 0.0, 0.0]
    top = bd[:5]
    tot = sum(c.idf)
    u = 0
    for i in top:
        u |= c.cands[i][2]
    cov = sum(v for k, v in enumerate(c.idf) if k < 64 and (u >> k) & 1)
    coh, pairs = 0.0, 0
    for a in range(len(top)):
        for b in range(a + 1, len(top)):
            cs = c.sims.get((top[a], top[b]), 0.0)
            coh += cs if cs >= P["min_similarity"] else 0.0
            pairs += 1
    out = [d[0], d[1], d[2], math.log(1 + npass), final[bf[0]] if bf else 0.0,
           cov / tot if tot > 0 else 0.0, c.cands[bd[0]][1][0] if bd else 0.0,
           coh / pairs if pairs else 0.0]
    if True:
        ndir = sum(1 for i in bd if direct[i] >= thr)
        out += [math.log(1 + len(c.idf)), tot / 10.0, math.log(1 + len(c.cands)),
                math.log(1 + ndir), sum(final[i] for i in bf) / 10.0]
    # recency of the best evidence: the days feature of the best direct item,
    # and of the top 5 (one per outlet) weighted by their direct probabilities
    wsum = sum(direct[i] for i in top)
    out += [c.cands[bd[0]][1][DAYS] if bd else 0.0,
            sum(direct[i] * c.cands[i][1][DAYS] for i in top) / wsum if wsum > 0 else 0.0]
    # the claim's terms that no candidate has (words the window does not know)
    ua = 0
    for _, _, mk in c.cands:
        ua |= mk
    hit = [k < 64 and (ua >> k) & 1 for k in range(len(c.idf))]
    miss = [v for v, h in zip(c.idf, hit) if not h]
    out += [sum(v for v, h in zip(c.idf, hit) if h) / tot if tot > 0 else 0.0,
            max(miss) / 10.0 if miss else 0.0, len(miss) / len(c.idf) if c.idf else 0.0]
    return out


def masked(f, mask):
    return [x if m else 0.0 for x, m in zip(f, mask)]


def fit_stage1(claims, idx, mask, l2=1.0):
    """The pair model, multiple-instance: per claim and outlet the outlet's
    best candidate under the current weights (at first: by cov_claim)."""
    train = [claims[i] for i in idx if claims[i].cands]
    w1, b1 = None, None
    for rnd in range(2):
        X, y = [], []
        for c in train:
            sc = ([f[0] for _, f, _ in c.cands] if w1 is None
                  else [dot(w1, masked(f, mask)) for _, f, _ in c.cands])
            for i in best_per_outlet(c, sc):
                X.append(masked(c.cands[i][1], mask))
                y.append(1.0 if c.cands[i][0] in c.gold else 0.0)
        w1, b1 = fit_lr(X, y, l2)
    return masked(w1, mask), b1


def fit(claims, idx, mask, expand=True, l2=1.0, stage1=None, P=PARAMS):
    train = [claims[i] for i in idx if claims[i].cands]
    w1, b1 = stage1 if stage1 else fit_stage1(claims, idx, mask, l2)
    # stage 2: story expansion
    if expand:
        X, y = [], []
        for c in train:
            direct = direct_scores(c, w1, b1)
            ex = expansion(c, direct, P)
            key = [max(x[0] / 10 + 0.5, x[1]) for x in ex]
            for i in best_per_outlet(c, key):
                X.append(ex[i])
                y.append(1.0 if c.cands[i][0] in c.gold else 0.0)
        w2, b2 = fit_lr(X, y, l2)
    else:
        w2, b2 = [1.0, 0.0, 0.0, 0.0], 0.0
    # outlet threshold: best F1 on the training claims
    per = []
    for c in train:
        direct = direct_scores(c, w1, b1)
        final = [sigmoid(dot(w2, x) + b2) for x in expansion(c, direct, P)]
        per.append((c, direct, final, [(c.cands[i][0], final[i]) for i in best_per_outlet(c, final)]))
    best_t, best_f = 0.5, -1
    for k in range(5, 96):
        t = k / 100
        tp = fp = fn = 0
        for c, _, _, bo in per:
            pred = {o for o, s in bo if s >= t}
            tp += len(pred & c.gold)
            fp += len(pred - c.gold)
            fn += len(c.gold - pred)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0
        if f1 > best_f:
            best_t, best_f = t, f1
    X, y = [], []
    for c, direct, final, _ in per:
        X.append(claim_features(c, direct, final, best_t, P))
        y.append(1.0 if c.gold else 0.0)
    w3, b3 = fit_lr(X, y, l2)
    m = Model(w1, b1, w2, b2, w3, b3, best_t)
    m.P = P
    return m


def predict(m, c):
    if not c.cands:
        return float("-inf"), set()
    direct = direct_scores(c, m.w1, m.b1)
    final = [sigmoid(dot(m.w2, x) + m.b2) for x in expansion(c, direct, m.P)]
    pred = {c.cands[i][0] for i in best_per_outlet(c, final) if final[i] >= m.thr}
    return sigmoid(dot(m.w3, claim_features(c, direct, final, m.thr, m.P)) + m.b3), pred


def metrics(claims, preds):
    scores = [s for s, _ in preds]
    finite = [s for s in scores if s != float("-inf")]
    floor = min(finite) - 1 if finite else 0
    scores = [s if s != float("-inf") else floor for s in scores]
    labels = [1 if c.gold else 0 for c in claims]
    auc = score_match.roc_auc(scores, labels)
    tp = fp = fn = 0
    err = 0
    for c, (_, pred) in zip(claims, preds):
        tp += len(pred & c.gold)
        fp += len(pred - c.gold)
        fn += len(c.gold - pred)
        err += abs(len(pred) - len(c.gold))
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    return {"auc": auc, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0,
            "mae": err / len(claims)}


STAGE1_CACHE = {}


def cross_validate(claims, k, mask, expand=True, P=PARAMS):
    days = sorted({c.day for c in claims})
    fold_of = {d: n % k for n, d in enumerate(days)}
    preds = [None] * len(claims)
    for f in range(k):
        tr = [i for i, c in enumerate(claims) if fold_of[c.day] != f]
        key = (k, f, tuple(mask))
        if key not in STAGE1_CACHE:
            STAGE1_CACHE[key] = fit_stage1(claims, tr, mask)
        m = fit(claims, tr, mask, expand, stage1=STAGE1_CACHE[key], P=P)
        for i, c in enumerate(claims):
            if fold_of[c.day] == f:
                preds[i] = predict(m, c)
    return metrics(claims, preds)


def fmt(mt):
    return "AUC %.3f  P %.3f  R %.3f  F1 %.3f  MAE %.2f" % (
        mt["auc"], mt["precision"], mt["recall"], mt["f1"], mt["mae"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--credcheck", default=os.path.join(ROOT, "build", "credcheck"))
    ap.add_argument("--bench", default=os.path.join(SHARED, "bench", "match-dev"))
    ap.add_argument("--window", type=int, default=1, help="--window of the verify runs (days)")
    ap.add_argument("--folds", type=int, default=7)
    ap.add_argument("--work", default="/tmp/credcheck-fit")
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "model.json"))
    ap.add_argument("--dump", help="reuse a feature dump instead of running verify")
    ap.add_argument("--ablate", action="store_true")
    ap.add_argument("--ablate-only", help="comma-separated pair features to ablate (default: all)")
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--grid", action="store_true",
                    help="choose seed_threshold / max_seeds / min_similarity by CV first")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    dump = a.dump
    if not dump:
        cfg = os.path.join(a.work, "outlets.json")
        store = os.path.join(a.work, "store.db")
        make_config(a.bench, cfg)
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(store + suffix):
                os.remove(store + suffix)
        run([a.credcheck, "-q", "--config", cfg, "--store", store, "fetch"], stdout=subprocess.DEVNULL)
        dump = os.path.join(a.work, "dump-w%d.jsonl" % a.window)
        arts = sorted(glob.glob(os.path.join(a.bench, "articles", "*.html")))
        secs = run([a.credcheck, "-q", "--config", cfg, "--store", store, "verify", "--no-fetch",
                    "--window", str(a.window), "--dump-features", dump, "--format", "csv",
                    "-o", os.path.join(a.work, "report.csv")] + arts)
        print("feature dump: %s (%.1f s)" % (dump, secs), file=sys.stderr)
    claims, unmatched = load(a.bench, dump)
    print("claims %d (unaligned %d), window +-%d days" % (len(claims), unmatched, a.window))
    full = [1] * len(PAIR)
    t0 = time.time()
    if os.environ.get("FIT_EXTRA"):
        base = cross_validate(claims, a.folds, full)
        print("base  %s" % fmt(base))
        P = dict(PARAMS, extra=1)
        print("extra %s" % fmt(cross_validate(claims, a.folds, full, P=P)))
        for st, ms in ((0.4, 5), (0.6, 5), (0.5, 3), (0.5, 10)):
            P = dict(PARAMS, seed_threshold=st, max_seeds=ms)
            print("seed %.1f max %d: %s" % (st, ms, fmt(cross_validate(claims, a.folds, full, P=P))))
        return
    if a.grid:
        best = None
        for st in (0.3, 0.4, 0.5, 0.6, 0.7):
            for ms in (3, 5, 10):
                for mn in (0.2, 0.3, 0.4):
                    P = dict(PARAMS, seed_threshold=st, max_seeds=ms, min_similarity=mn)
                    mt = cross_validate(claims, a.folds, full, P=P)
                    # one number to rank by: the mean of the three targets' margins
                    key = (mt["auc"] - 0.90) / 0.10 + (mt["f1"] - 0.78) / 0.22 - (mt["mae"] - 2.8) / 2.8
                    print("  grid seed>=%.1f max_seeds %2d min_sim %.1f: %s" % (st, ms, mn, fmt(mt)))
                    if best is None or key > best[0]:
                        best = (key, P)
        PARAMS.update(best[1])
        print("grid choice: %s" % best[1])
    cv = cross_validate(claims, a.folds, full)
    m = fit(claims, list(range(len(claims))), full, P=PARAMS)
    ins = metrics(claims, [predict(m, c) for c in claims])
    print("cross-validated (%d folds by day): %s" % (a.folds, fmt(cv)))
    print("in-sample:                        %s" % fmt(ins))
    print("outlet threshold %.2f (%.0f s)" % (m.thr, time.time() - t0))
    print("pair weights: " + ", ".join("%s %.2f" % (n, w) for n, w in zip(PAIR, m.w1)) + ", bias %.2f" % m.b1)
    print("expansion weights: " + ", ".join("%s %.2f" % (n, w) for n, w in zip(EXP, m.w2)) + ", bias %.2f" % m.b2)
    print("claim weights: " + ", ".join("%s %.2f" % (n, w) for n, w in zip(CLAIM, m.w3)) + ", bias %.2f" % m.b3)
    ablation = {}
    if a.ablate:
        only = set(a.ablate_only.split(",")) if a.ablate_only else set(PAIR)
        for k, name in enumerate(PAIR):
            if name not in only:
                continue
            mask = full[:]
            mask[k] = 0
            ablation["-" + name] = cross_validate(claims, a.folds, mask)
            print("  without %-14s %s" % (name, fmt(ablation["-" + name])))
        ablation["-expansion"] = cross_validate(claims, a.folds, full, expand=False)
        print("  without %-14s %s" % ("expansion", fmt(ablation["-expansion"])))
    if a.no_write:
        return
    model = {
        "model": "match-v1-%s" % datetime.date.today().isoformat(),
        "provenance": {
            "created": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "data": "shared/bench/match-dev (UCI News Aggregator, March 2014): %d claims of %d "
                    "articles over %d days" % (len(claims), len(glob.glob(os.path.join(
                        a.bench, "articles", "*.html"))), len({c.day for c in claims})),
            "command": "python3 bench/fit_model.py --window %d --folds %d" % (a.window, a.folds),
            "cross_validated": {k: round(v, 4) for k, v in cv.items()},
            "in_sample": {k: round(v, 4) for k, v in ins.items()},
            "folds": "%d folds of whole article days" % a.folds,
            "ablation_cv": {k: {kk: round(vv, 4) for kk, vv in v.items()} for k, v in ablation.items()},
        },
        "parameters": dict(PARAMS, outlet_threshold=m.thr, fit_window_days=a.window,
                           # the days feature is clamped to the range it was fitted on
                           max_days=float(a.window) + 1.0),
        "pair": {"features": PAIR, "weights": [round(x, 6) for x in m.w1], "bias": round(m.b1, 6)},
        "expansion": {"features": EXP, "weights": [round(x, 6) for x in m.w2], "bias": round(m.b2, 6)},
        "claim": {"features": CLAIM, "weights": [round(x, 6) for x in m.w3], "bias": round(m.b3, 6)},
    }
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(model, f, indent=1)
        f.write("\n")
    print("wrote %s" % a.out)


if __name__ == "__main__":
    main()
