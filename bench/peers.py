"""corpus beside the published extractors on the WCXB dev split: F1 per page type and pages/s.

Usage: python bench/peers.py --wcxb ../shared/eval/wcxb [--threads 2] [--work target/peers-eval]
                             [--eval-traf ../shared/eval/trafilatura]

Each tool runs as one command on the split's html/ID.html.gz pages, with the
same number of threads (or processes), timed from start to exit:

- corpus: `target/release/corpus ingest html/ --out OUT --quiet --threads N`;
  the scorer reads OUT/documents.parquet (body keyed by source file name);
- rs-trafilatura 0.2.2, the Rust crate with its defaults
  (`bench/rs-trafilatura`, built by `just eval-peers`): N std threads;
- trafilatura 2.3.1, Python, its defaults (`trafilatura_extract.py`, from
  `just bench-deps`): a pool of N processes.

Each output is scored with the split's score.py. Prints one markdown table and
writes it as JSON to WORK/peers.json. With --eval-traf DIR (pages/,
cases.jsonl, score.py) the three also run on that set and its snippet F1 is
added as a column. Predictions stay under WORK; nothing is copied elsewhere.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys

from measure import measure

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TYPES = ["article", "forum", "listing", "collection", "product", "service", "documentation"]


def count_pages(folder):
    return sum(1 for name in os.listdir(folder) if ".htm" in name)


def last_json_line(text):
    return json.loads(text.strip().splitlines()[-1])


def run_corpus(a, pages, out):
    shutil.rmtree(out, ignore_errors=True)
    run = measure([a.corpus, "ingest", pages, "--out", out, "--quiet", "--threads", str(a.threads)],
                  stdout=subprocess.DEVNULL)
    return run, {"parquet": os.path.join(out, "documents.parquet")}, None


def run_rs_trafilatura(a, pages, out):
    preds, log = out + ".json", out + ".log"
    with open(log, "w") as o:
        run = measure([a.rs_trafilatura, "--input", pages, "--threads", str(a.threads), "--out", preds], stdout=o)
    with open(log) as f:
        info = last_json_line(f.read())
    return run, {"json": preds}, info


def run_trafilatura(a, pages, out):
    jsonl, log = out + ".jsonl", out + ".log"
    with open(log, "w") as o:
        run = measure([a.python, os.path.join(HERE, "trafilatura_extract.py"), "--input", pages,
                       "--workers", str(a.threads), "--out", jsonl], stdout=o)
    # WCXB's score.py reads one {id: body} object, not JSONL.
    preds = out + ".json"
    with open(jsonl, encoding="utf-8") as f:
        bodies = {row["id"]: row["body"] for row in map(json.loads, f)}
    with open(preds, "w", encoding="utf-8") as f:
        json.dump(bodies, f, ensure_ascii=False)
    return run, {"json": preds, "jsonl": jsonl}, None


TOOLS = [
    ("corpus", run_corpus),
    ("rs-trafilatura 0.2.2", run_rs_trafilatura),
    ("trafilatura 2.3.1", run_trafilatura),
]


def score_wcxb(a, preds):
    score = os.path.join(a.wcxb, "score.py")
    src = ["--parquet", preds["parquet"]] if "parquet" in preds else ["--json-preds", preds["json"]]
    out = subprocess.run([a.python, score, a.wcxb, *src, "--json"], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


def score_traf(a, preds):
    """Snippet F1 on the trafilatura eval set; its score.py reads JSONL or Parquet."""
    if "parquet" in preds:
        src = ["--parquet", preds["parquet"], "--id-column", "source"]
    else:
        src = [preds.get("jsonl") or to_jsonl(preds["json"])]
    out = subprocess.run([a.python, os.path.join(a.eval_traf, "score.py"),
                          "--cases", os.path.join(a.eval_traf, "cases.jsonl"), "--json", *src],
                         check=True, capture_output=True, text=True)
    return json.loads(out.stdout)["f1"]


def to_jsonl(path):
    """{id: body} JSON as {"id", "body"} lines, the form the trafilatura set's score.py reads."""
    out = path.removesuffix(".json") + ".jsonl"
    with open(path, encoding="utf-8") as f:
        bodies = json.load(f)
    with open(out, "w", encoding="utf-8") as f:
        for k, v in bodies.items():
            f.write(json.dumps({"id": k, "body": v}, ensure_ascii=False) + "\n")
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--wcxb", required=True, help="the WCXB dev split: html/, ground-truth/, score.py")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--work", default=os.path.join(ROOT, "target", "peers-eval"))
    p.add_argument("--eval-traf", metavar="DIR", help="also score on this set (pages/, cases.jsonl, score.py)")
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    p.add_argument("--corpus", default=os.path.join(target, "release", "corpus"))
    p.add_argument("--rs-trafilatura", default=os.path.join(ROOT, "target", "peers", "release",
                                                            "rs-trafilatura-extract"))
    p.add_argument("--python", default=os.path.join(HERE, ".venv", "bin", "python"),
                   help="runs trafilatura and the scorers (needs trafilatura and pyarrow)")
    a = p.parse_args()
    a.wcxb = os.path.abspath(a.wcxb)
    a.eval_traf = a.eval_traf and os.path.abspath(a.eval_traf)
    for need in (a.corpus, a.rs_trafilatura, a.python, os.path.join(a.wcxb, "score.py")):
        if not os.path.exists(need):
            sys.exit(f"peers: {need} not found (just eval-peers builds and installs what is needed)")
    os.makedirs(a.work, exist_ok=True)

    html = os.path.join(a.wcxb, "html")
    n = count_pages(html)
    rows = []
    for tool, run_tool in TOOLS:
        slug = tool.split()[0]
        run, preds, info = run_tool(a, html, os.path.join(a.work, f"{slug}-wcxb"))
        s = score_wcxb(a, preds)
        row = {"tool": tool, "pages": n, "threads": a.threads, "wall_s": round(run.wall, 2),
               "cpu_s": round(run.cpu, 2), "peak_rss_mib": round(run.peak_rss / 2**20),
               "pages_per_s": round(n / run.wall, 1), "f1": round(s["f1"], 4),
               "by_type": {t: round(s["by_type"][t]["f1"], 4) for t in TYPES if t in s["by_type"]}}
        if info:  # rs-trafilatura also times its extraction alone, files already in memory.
            row["extraction_pages_per_s"] = round(info["pages_per_s"], 1)
            row["errors"] = info["errors"]
        if a.eval_traf:
            _, preds, _ = run_tool(a, os.path.join(a.eval_traf, "pages"), os.path.join(a.work, f"{slug}-traf"))
            row["traf_f1"] = round(score_traf(a, preds), 4)
        rows.append(row)
        print(f"{tool}: {row['pages_per_s']} pages/s, F1 {row['f1']:.3f}", file=sys.stderr)

    head = ["tool", "pages/s", "F1 overall", *TYPES] + (["F1 trafilatura set"] if a.eval_traf else [])
    print(f"\nWCXB dev split, {n:,} HTML pages, {a.threads} threads; pages/s: whole command, start to exit\n")
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))
    for r in rows:
        cells = [r["tool"], f"{r['pages_per_s']:.1f}", f"{r['f1']:.3f}"]
        cells += [f"{r['by_type'][t]:.3f}" if t in r["by_type"] else "" for t in TYPES]
        cells += [f"{r['traf_f1']:.3f}"] if a.eval_traf else []
        print("| " + " | ".join(cells) + " |")
    print()
    for r in rows:
        extra = f"; extraction alone {r['extraction_pages_per_s']} pages/s" if "extraction_pages_per_s" in r else ""
        print(f"- {r['tool']}: wall {r['wall_s']} s, CPU {r['cpu_s']} s, peak RSS {r['peak_rss_mib']} MiB{extra}")
    with open(os.path.join(a.work, "peers.json"), "w") as f:
        json.dump({"split": "wcxb dev", "pages": n, "threads": a.threads, "rows": rows}, f, indent=1)
    print(f"\nwritten: {os.path.join(a.work, 'peers.json')}", file=sys.stderr)


if __name__ == "__main__":
    main()
