"""Train corpus's segmentation models from the tables `corpus-train features` writes.

usage: train.py --stage first|context --data DIR --models OUT_DIR [--folds 5] [--fold-dir DIR] [--seed 7]

Stage `first` (tables from `corpus-train features`):
- html_block: is an HTML block main content? (binary, LightGBM)
- text_line: is a text-dump line main content? (binary)
- page_type: which of seven page types is the page? (multi-class)

Stage `context` (tables from `corpus-train features --fold-dir DIR`, whose
first-pass scores come from the fold models stage `first` wrote):
- html_context, text_context: the same question again, reading the block's own
  features and the first pass's scores around it (the second pass).

Cross-validation folds are by site (the page's domain), so a page's out-of-fold
score comes from a model that never saw its site. With --fold-dir, each fold's
three models are written to DIR/fold-K/ so that `train/oof.py` can run the Rust
pipeline with them on the held-out pages. The final models, trained on every
page, go to --models in the corpus-gbdt/1 JSON format that
crates/segment/src/model/gbdt.rs reads; the cross-validated scores are printed
and recorded in each file's `info`.
"""
import argparse, hashlib, json, os, sys

import lightgbm as lgb
import numpy as np
import pyarrow.parquet as pq

META = {"page", "domain", "page_type", "block", "tokens", "truth_tokens", "share", "format"}
PAGE_TYPES = ["article", "forum", "product", "collection", "listing", "documentation", "service"]
FEATURE_SETS = {"html_block": "html_block/1", "text_line": "text_line/1", "page_type": "page/1",
                "html_context": "html_block/1+context/1", "text_context": "text_line/1+context/1"}
CREDIT = "WCXB: Web Content eXtraction Benchmark, M. Foley, 2026, CC-BY-4.0 (dev split, 1,497 pages)"


def fold_of(domain, folds):
    # A stable hash, so the folds do not depend on Python's hash seed.
    return int(hashlib.sha256(domain.encode()).hexdigest(), 16) % folds


def load(path):
    t = pq.read_table(path)
    names = [c for c in t.column_names if c not in META]
    x = np.column_stack([t.column(n).to_numpy() for n in names]).astype(np.float32)
    meta = {c: t.column(c).to_pylist() for c in t.column_names if c in META}
    return names, x, meta


def binary_params(seed):
    return dict(objective="binary", learning_rate=0.05, num_leaves=63, min_data_in_leaf=40,
                feature_fraction=0.8, bagging_fraction=0.8, bagging_freq=1, lambda_l2=1.0,
                seed=seed, deterministic=True, force_row_wise=True, num_threads=2, verbose=-1)


def multi_params(seed):
    return dict(objective="multiclass", num_class=len(PAGE_TYPES), learning_rate=0.05, num_leaves=15,
                min_data_in_leaf=10, feature_fraction=0.8, bagging_fraction=0.8, bagging_freq=1,
                seed=seed, deterministic=True, force_row_wise=True, num_threads=2, verbose=-1)


def flatten(node, out):
    """Pre-order internal nodes; children >= 0 are nodes, < 0 are ~leaf."""
    if "leaf_value" in node:
        out["leaf"].append(node["leaf_value"])
        return ~(len(out["leaf"]) - 1)
    i = len(out["feature"])
    if node.get("decision_type", "<=") != "<=":
        sys.exit(f"unsupported split {node.get('decision_type')}")
    out["feature"].append(node["split_feature"])
    out["threshold"].append(float(node["threshold"]))
    out["left"].append(0)
    out["right"].append(0)
    out["left"][i] = flatten(node["left_child"], out)
    out["right"][i] = flatten(node["right_child"], out)
    return i


def export(booster, names, feature_set, classes, threshold, info, page_type_thresholds=()):
    dump = booster.dump_model()
    trees = []
    k = max(1, len(classes))
    for t, tree in enumerate(dump["tree_info"]):
        out = {"class": t % k if classes else 0, "feature": [], "threshold": [], "left": [], "right": [], "leaf": []}
        root = tree["tree_structure"]
        flatten(root, out)
        trees.append(out)
    return {"format": "corpus-gbdt/1", "feature_set": feature_set, "features": names, "classes": classes,
            "threshold": threshold, "page_type_thresholds": list(page_type_thresholds), "base_score": [],
            "trees": trees, "info": info}


def weights(meta):
    tok = np.array(meta["tokens"], dtype=np.float64)
    truth = np.maximum(np.array(meta["truth_tokens"], dtype=np.float64), 50.0)
    return np.minimum(1.0, tok / truth)


def train_binary(name, path, folds, seed, rounds, fold_dir, threshold, by_type):
    names, x, meta = load(path)
    y = (np.array(meta["share"]) >= 0.5).astype(np.float32)
    w = weights(meta)
    fold = np.array([fold_of(d, folds) for d in meta["domain"]])
    oof = np.zeros(len(y))
    for k in range(folds):
        tr, te = fold != k, fold == k
        b = lgb.train(binary_params(seed), lgb.Dataset(x[tr], y[tr], weight=w[tr]), rounds)
        oof[te] = b.predict(x[te])
        if fold_dir:
            d = os.path.join(fold_dir, f"fold-{k}")
            os.makedirs(d, exist_ok=True)
            info = {"version": f"{name}-fold-{k}", "trained_on": f"folds other than {k}", "scores": {}}
            json.dump(export(b, names, FEATURE_SETS[name], [], threshold, info, by_type),
                      open(os.path.join(d, f"{name}.json"), "w"))
    pred = oof >= threshold
    acc = float(np.average(pred == (y > 0.5), weights=w))
    tp = float(np.sum(w * (pred & (y > 0.5))))
    prec = tp / max(1e-9, float(np.sum(w * pred)))
    rec = tp / max(1e-9, float(np.sum(w * (y > 0.5))))
    scores = {"oof_weighted_accuracy": round(acc, 4), "oof_weighted_precision": round(prec, 4),
              "oof_weighted_recall": round(rec, 4), "rows": int(len(y)), "folds": folds}
    final = lgb.train(binary_params(seed), lgb.Dataset(x, y, weight=w), rounds)
    gain = final.feature_importance("gain")
    top = [names[i] for i in np.argsort(-gain)[:10]]
    print(f"{name}: {scores}; top features by gain: {', '.join(top)}")
    return final, names, scores, check_rows(final, x, meta)


def train_pages(path, folds, seed, rounds, fold_dir):
    names, x, meta = load(path)
    y = np.array([PAGE_TYPES.index(t) for t in meta["page_type"]])
    fold = np.array([fold_of(d, folds) for d in meta["domain"]])
    oof = np.zeros(len(y), dtype=int)
    for k in range(folds):
        tr, te = fold != k, fold == k
        b = lgb.train(multi_params(seed), lgb.Dataset(x[tr], y[tr]), rounds)
        oof[te] = np.argmax(b.predict(x[te]), axis=1)
        if fold_dir:
            info = {"version": f"page_type-fold-{k}", "trained_on": f"folds other than {k}", "scores": {}}
            json.dump(export(b, names, FEATURE_SETS["page_type"], PAGE_TYPES, 0.5, info),
                      open(os.path.join(fold_dir, f"fold-{k}", "page_type.json"), "w"))
    real = np.array([d != "generated" for d in meta["domain"]])
    acc = float(np.mean(oof[real] == y[real]))
    per = {t: round(float(np.mean(oof[real & (y == i)] == i)), 3) for i, t in enumerate(PAGE_TYPES)}
    scores = {"oof_accuracy": round(acc, 4), "oof_recall_per_type": per, "pages": int(real.sum()), "folds": folds}
    print(f"page_type: {scores}")
    final = lgb.train(multi_params(seed), lgb.Dataset(x, y), rounds)
    return final, names, scores, check_rows(final, x, meta)


def check_rows(booster, x, meta, n=40):
    """Rows of generated pages (never a benchmark's) with LightGBM's own
    predictions, for the Rust test that the exported trees score the same."""
    rows = np.flatnonzero(np.array(meta["domain"]) == "generated")
    rows = rows[:: max(1, len(rows) // n)][:n]
    return {"features": x[rows].tolist(), "predictions": booster.predict(x[rows]).tolist()}


def save_checks(models_dir, name, checks):
    path = os.path.join(models_dir, "checks.json")
    all_checks = json.load(open(path)) if os.path.exists(path) else {}
    all_checks[name] = checks
    json.dump(all_checks, open(path, "w"), sort_keys=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--stage", choices=["first", "context"], required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--models", required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--fold-dir")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rounds", type=int, default=200)
    # The second pass's thresholds per page type, chosen by sweeping the
    # out-of-fold page F1 per type of `just train` (oof.py) over 0.2-0.65: on
    # listings and collections a page's F1 loses more to a missed item than to
    # a kept stray line; on articles, forums and products stray lines cost
    # more. Blended at run time by the page classifier's probabilities.
    ap.add_argument("--threshold", type=float, default=0.4)
    ap.add_argument("--page-type-thresholds", default="article=0.5,forum=0.5,product=0.5,collection=0.25,"
                                                      "listing=0.25,documentation=0.3,service=0.3")
    a = ap.parse_args()
    os.makedirs(a.models, exist_ok=True)
    version = f"lightgbm-{lgb.__version__}-seed-{a.seed}-rounds-{a.rounds}"
    trained_on = CREDIT + "; plus pages generated in the seed format by corpus-generate"
    if a.stage == "first":
        binary = [("html_block", "html_blocks.parquet"), ("text_line", "text_lines.parquet")]
    else:
        binary = [("html_context", "html_context.parquet"), ("text_context", "text_context.parquet")]
    threshold = a.threshold if a.stage == "context" else 0.5
    by_type = dict(kv.split("=") for kv in a.page_type_thresholds.split(",")) if a.stage == "context" else {}
    by_type = [float(by_type[t]) for t in PAGE_TYPES] if by_type else []
    for name, table in binary:
        model, names, scores, checks = train_binary(name, os.path.join(a.data, table), a.folds, a.seed, a.rounds,
                                                    a.fold_dir, threshold, by_type)
        info = {"version": f"{name}/{version}", "trained_on": trained_on, "scores": scores}
        json.dump(export(model, names, FEATURE_SETS[name], [], threshold, info, by_type),
                  open(os.path.join(a.models, f"{name}.json"), "w"))
        save_checks(a.models, name, checks)
    if a.stage == "context":
        return
    if a.fold_dir:
        # Which fold holds each site, for `corpus-train features --fold-dir`.
        domains = set(pq.read_table(os.path.join(a.data, "pages.parquet"), columns=["domain"]).column(0).to_pylist())
        json.dump({d: fold_of(d, a.folds) for d in sorted(domains)}, open(os.path.join(a.fold_dir, "folds.json"), "w"), indent=0)
    model, names, scores, checks = train_pages(os.path.join(a.data, "pages.parquet"), a.folds, a.seed, a.rounds // 2, a.fold_dir)
    save_checks(a.models, "page_type", checks)
    info = {"version": f"page_type/{version}", "trained_on": trained_on, "scores": scores}
    json.dump(export(model, names, FEATURE_SETS["page_type"], PAGE_TYPES, 0.5, info), open(os.path.join(a.models, "page_type.json"), "w"))


if __name__ == "__main__":
    main()
