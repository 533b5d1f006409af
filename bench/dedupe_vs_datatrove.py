"""corpus dedupe against datatrove's MinHash deduplication, on one generated corpus.

Usage: python bench/dedupe_vs_datatrove.py --pages 100000 [--work bench/work] [--workers N]

1. `corpus-generate` writes N labelled pages (skipped when already there).
2. Once, untimed: `corpus read | corpus normalize | corpus segment` gives the
   segmented JSONL; its document bodies (paragraphs joined by newlines) become
   datatrove's input ({"id": source, "text": body}, one shard per worker).
   Both tools therefore deduplicate the same texts: the comparison is of the
   dedupe stage alone, not of HTML extraction or reading.
3. Timed: `corpus dedupe segmented.jsonl -o deduped.jsonl`, then datatrove's
   four steps (signatures, buckets, clusters, filter) with the same shingle
   size (5 words) and LSH shape (24 bands x 5 rows).
   Peak memory is the sampled sum of RSS over the whole process tree (datatrove
   runs worker processes), every 50 ms.
4. Both tools' clusters are scored against the truth (pairwise precision and
   recall, clusters mixing two articles).

Caveat on like-for-like: `corpus dedupe` parses and re-writes whole documents
(raw text, blocks, sidebar) and also counts boilerplate lines; datatrove reads
only {id, text}. That extra work counts against corpus.
"""

import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
from collections import Counter

from measure import measure

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def pair_score(truth, cluster_of):
    """Pairwise precision/recall; cluster_of maps source -> cluster id (absent = singleton)."""
    pairs = lambda n: n * (n - 1) // 2
    art, clu, both = Counter(), Counter(), Counter()
    for source, article in truth.items():
        art[article] += 1
        c = cluster_of.get(source)
        if c is not None:
            clu[c] += 1
            both[(c, article)] += 1
    tp = sum(map(pairs, both.values()))
    pred = sum(map(pairs, clu.values()))
    true = sum(map(pairs, art.values()))
    mixed = sum(1 for n in Counter(c for c, _ in both).values() if n > 1)
    return (tp / pred if pred else 1.0), (tp / true if true else 1.0), mixed


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, required=True)
    p.add_argument("--work", default=os.path.join(HERE, "work"))
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--target", default=os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")))
    p.add_argument("--python", default=os.path.join(HERE, ".venv", "bin", "python"))
    p.add_argument("--skip-datatrove", action="store_true")
    a = p.parse_args()

    corpus = os.path.join(a.target, "release", "corpus")
    generate = os.path.join(a.target, "release", "corpus-generate")
    work = os.path.join(a.work, str(a.pages))
    gen = os.path.join(work, "gen")
    os.makedirs(work, exist_ok=True)

    if not os.path.exists(os.path.join(gen, "truth.jsonl")):
        subprocess.run([generate, "--pages", str(a.pages), "--out", gen], check=True, stdout=subprocess.DEVNULL)
    truth = {}
    with open(os.path.join(gen, "truth.jsonl")) as f:
        for line in f:
            t = json.loads(line)
            truth[t["source"].removeprefix("pages/")] = t["article"]

    segmented = os.path.join(work, "segmented.jsonl")
    dt_input = os.path.join(work, "datatrove-input")
    if not os.path.exists(segmented):
        print("preparing segmented JSONL (untimed)", file=sys.stderr)
        pipe = (f"'{corpus}' read '{gen}/pages' | '{corpus}' normalize | '{corpus}' segment --quiet"
                f" > '{segmented}.part' && mv '{segmented}.part' '{segmented}'")
        subprocess.run(["bash", "-euo", "pipefail", "-c", pipe], check=True)
        shutil.rmtree(dt_input, ignore_errors=True)
    if not os.path.isdir(dt_input):
        os.makedirs(dt_input)
        shards = [open(os.path.join(dt_input, f"{i:03}.jsonl"), "w") for i in range(a.workers)]
        with open(segmented) as f:
            for n, line in enumerate(f):
                r = json.loads(line)
                if r.get("record") != "document":
                    continue
                doc = {"id": r["source"], "text": "\n".join(r.get("body") or [])}
                shards[n % len(shards)].write(json.dumps(doc, ensure_ascii=False) + "\n")
        for s in shards:
            s.close()

    rows = []
    # corpus dedupe: the stage alone, on the segmented JSONL.
    deduped = os.path.join(work, "deduped.jsonl")
    run = measure([corpus, "dedupe", "--quiet", segmented, "-o", deduped])
    wall, peak, cpu = run.wall, run.peak_rss, run.cpu
    cluster_of, removed = {}, 0
    with open(deduped) as f:
        for line in f:
            r = json.loads(line)
            d = r.get("duplicate")
            if r.get("record") == "document" and d:
                cluster_of[r["source"]] = d["cluster_id"]
                removed += d.get("kind") is not None
    rows.append(("corpus dedupe", wall, cpu, peak, removed, *pair_score(truth, cluster_of)))

    if not a.skip_datatrove:
        dt_work = os.path.join(work, "datatrove-work")
        shutil.rmtree(dt_work, ignore_errors=True)
        run = measure([a.python, os.path.join(HERE, "datatrove_minhash.py"), "--input", dt_input,
                       "--work", dt_work, "--workers", str(a.workers)],
                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, peak, cpu = run.wall, run.peak_rss, run.cpu
        cluster_of, removed = {}, 0
        for part in ("kept", "removed"):
            for path in glob.glob(os.path.join(dt_work, part, "*.jsonl")):
                with open(path) as f:
                    for line in f:
                        r = json.loads(line)
                        c = (r.get("metadata") or {}).get("minhash_cluster_id")
                        if c is not None and c != -1:
                            cluster_of[r["id"]] = c
                        removed += part == "removed"
        rows.append(("datatrove minhash", wall, cpu, peak, removed, *pair_score(truth, cluster_of)))

    articles = len(set(truth.values()))
    print(f"\n{a.pages} pages ({articles} articles: {a.pages - articles} should go), {a.workers} workers\n")
    print(f"| tool | wall s | pages/s | CPU s | peak RSS MiB | pages dropped | precision | recall | mixed clusters |")
    print(f"|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, wall, cpu, peak, removed, prec, rec, mixed in rows:
        print(f"| {name} | {wall:.1f} | {a.pages / wall:,.0f} | {cpu:.1f} | {peak / 2**20:,.0f} | {removed} | {prec:.4f} | {rec:.4f} | {mixed} |")
    if len(rows) == 2:
        (_, w0, c0, p0, *_), (_, w1, c1, p1, *_) = rows
        print(f"\ncorpus is {w1 / w0:.1f}x faster, uses {c1 / max(c0, 1e-9):.1f}x less CPU time"
              f" and {p1 / max(p0, 1):.1f}x less peak memory than datatrove")


if __name__ == "__main__":
    main()
