"""Out-of-fold scores of the trained pipeline on a WCXB split, by the Rust code itself.

usage: oof.py --wcxb DIR --fold-dir DIR --corpus BIN --work DIR [--folds 5]

For each fold K, the pages whose site falls in K are ingested by `corpus ingest
--model-dir FOLD_DIR/fold-K` (models that never saw those sites), HTML and text
dumps apart; the bodies of all folds are then scored together with the split's
own score.py. Prints F1 overall and per page type for both modes, as JSON too.
"""
import argparse, json, os, shutil, subprocess, sys

import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(__file__))
from train import fold_of  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wcxb", required=True)
    ap.add_argument("--fold-dir", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--folds", type=int, default=5)
    a = ap.parse_args()
    domain = {}
    for f in os.listdir(os.path.join(a.wcxb, "ground-truth")):
        d = json.load(open(os.path.join(a.wcxb, "ground-truth", f)))
        url = d.get("url") or f
        host = url.split("://")[-1].split("/")[0].split("?")[0].lower()
        domain[f[:-5]] = host[4:] if host.startswith("www.") else host
    shutil.rmtree(a.work, ignore_errors=True)
    result = {}
    for mode, sub, ext in [("html", "html", ".html.gz"), ("text", "text", ".txt")]:
        preds = {}
        for k in range(a.folds):
            inp = os.path.join(a.work, mode, f"in-{k}")
            os.makedirs(inp)
            for pid, dom in domain.items():
                src = os.path.abspath(os.path.join(a.wcxb, sub, pid + ext))
                if fold_of(dom, a.folds) == k and os.path.exists(src):
                    os.symlink(src, os.path.join(inp, pid + ext))
            out = os.path.join(a.work, mode, f"out-{k}")
            subprocess.run([a.corpus, "ingest", inp, "--out", out, "--quiet",
                            "--model-dir", os.path.join(a.fold_dir, f"fold-{k}")], check=True, stdout=subprocess.DEVNULL)
            for row in pq.read_table(os.path.join(out, "documents.parquet"), columns=["source", "body"]).to_pylist():
                preds[os.path.basename(row["source"]).split(".")[0]] = row["body"] or ""
        path = os.path.join(a.work, f"{mode}-preds.json")
        json.dump(preds, open(path, "w"))
        cmd = [sys.executable, os.path.join(a.wcxb, "score.py"), a.wcxb, "--json-preds", path, "--json"]
        if mode == "text":
            cmd += ["--inputs", os.path.join(a.wcxb, "text")]
        res = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
        result[mode] = res
        by = " ".join(f"{t} {v['f1']:.3f}" for t, v in res["by_type"].items())
        print(f"{mode}: F1 {res['f1']:.4f} (P {res['precision']:.3f} R {res['recall']:.3f}) | {by}")
    json.dump(result, open(os.path.join(a.work, "oof.json"), "w"), indent=1)


if __name__ == "__main__":
    main()
