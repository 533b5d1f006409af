"""`corpus ingest` against the Python reference tools, on one generated corpus.

Usage: python bench/ingest_vs_reference.py --pages 100000 [--seed 1] [--workers N]
                                           [--eval ../shared/eval/trafilatura]

1. `corpus-generate --pages N --seed S` writes the corpus (text dumps and HTML
   pages, about 30% HTML) under --work, or it is reused when already there.
   The HTML pages are also hard-linked into a directory of their own.
2. Timed, each as one command, peak RSS summed over its process tree:
   - `corpus ingest pages/ --drop-duplicates` (every stage, Parquet out);
   - datatrove (datatrove_ingest.py): a reader step for the page files,
     datatrove's Trafilatura extractor on the HTML pages, MinHash dedupe with
     the same shingles and bands, ParquetWriter;
   - `corpus ingest html/` on the HTML pages alone;
   - corpus's segmentation alone (`examples/segment_pages.rs`): read,
     normalize and segment the same HTML pages on --workers threads, keeping
     the bodies in memory, as trafilatura alone does;
   - trafilatura alone (trafilatura_extract.py): `trafilatura.extract` over
     the same HTML pages in a pool of --workers processes.
3. Prints one table and the ratios: ingest vs datatrove (target >= 20x the
   pages/s); HTML segmentation vs trafilatura, like for like (target >= 10x
   the pages/s), and HTML ingest vs trafilatura.

With --eval DIR (an eval set: pages/, cases.jsonl, score.py), corpus and
trafilatura are also run on its real HTML pages and scored with its
score.py: F1 beside pages/s. Their outputs stay under --work and are only
measured.
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
HTML = (".html", ".htm", ".xhtml")


def tree_size(root, html_only=False):
    """(files, bytes) under root; html_only counts the HTML pages alone."""
    files = size = 0
    for dirpath, _, names in os.walk(root):
        for name in names:
            if html_only and not name.endswith(HTML):
                continue
            files += 1
            size += os.path.getsize(os.path.join(dirpath, name))
    return files, size


def link_html(pages, html):
    """Hard-link the HTML pages under pages/ into html/ (same shards, same names)."""
    if os.path.isdir(html):
        return
    part = html + ".part"
    shutil.rmtree(part, ignore_errors=True)
    for dirpath, _, names in os.walk(pages):
        for name in names:
            if name.endswith(HTML):
                dest = os.path.join(part, os.path.relpath(dirpath, pages))
                os.makedirs(dest, exist_ok=True)
                os.link(os.path.join(dirpath, name), os.path.join(dest, name))
    os.rename(part, html)


def json_out(path):
    with open(path) as f:
        return json.loads(f.read().strip().splitlines()[-1])


class Row:
    def __init__(self, tool, input_name, pages, size, run, rows_out=None, note=""):
        self.tool, self.input, self.pages, self.size = tool, input_name, pages, size
        self.run, self.rows_out, self.note = run, rows_out, note

    def pages_per_s(self):
        return self.pages / self.run.wall

    def cells(self):
        r = self.run
        rows = "" if self.rows_out is None else f"{self.rows_out:,}"
        return [self.tool, self.input, f"{self.pages:,}", f"{r.wall:.1f}", f"{self.pages_per_s():,.0f}",
                f"{self.size / r.wall / 1e6:.2f}", f"{r.cpu:.1f}", f"{r.peak_rss / 2**20:,.0f}", rows]


def corpus_ingest(corpus, inputs, out, workers, label, input_name, pages, size, flags=()):
    shutil.rmtree(out, ignore_errors=True)
    run = measure([corpus, "ingest", inputs, "--out", out, "--quiet", "--drop-duplicates",
                   "--threads", str(workers), *flags], stdout=subprocess.DEVNULL)
    with open(os.path.join(out, "manifest.json")) as f:
        rows = json.load(f).get("rows", {}).get("documents")
    return Row(label, input_name, pages, size, run, rows)


def corpus_segment(segment_pages, inputs, result, workers, input_name, pages, size, out=None):
    """corpus's read, normalize and segment alone: what trafilatura.extract does."""
    args = [segment_pages, "--threads", str(workers), inputs] + (["--out", out] if out else [])
    with open(result, "w") as o:
        run = measure(args, stdout=o)
    return Row("corpus read, normalize, segment", input_name, pages, size, run, json_out(result)["with_body"])


def score(python, eval_dir, args):
    out = subprocess.run([python, os.path.join(eval_dir, "score.py"), "--cases", os.path.join(eval_dir, "cases.jsonl"),
                          "--json", *args], check=True, capture_output=True, text=True).stdout
    s = json.loads(out)
    return s.get("overall", s)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--work", default=os.path.join(HERE, "work"))
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--target", default=os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")))
    p.add_argument("--python", default=os.path.join(HERE, ".venv", "bin", "python"))
    p.add_argument("--skip-datatrove", action="store_true")
    p.add_argument("--skip-trafilatura", action="store_true")
    p.add_argument("--eval", metavar="DIR", help="also measure F1 and pages/s on this eval set's HTML pages")
    a = p.parse_args()

    corpus = os.path.join(a.target, "release", "corpus")
    segment_pages = os.path.join(a.target, "release", "examples", "segment_pages")
    generate = os.path.join(a.target, "release", "corpus-generate")
    # Seed 1 shares its corpus with dedupe_vs_datatrove.py.
    work = os.path.join(a.work, str(a.pages) if a.seed == 1 else f"{a.pages}-seed{a.seed}")
    gen = os.path.join(work, "gen")
    pages_dir = os.path.join(gen, "pages")
    html_dir = os.path.join(work, "html")
    os.makedirs(work, exist_ok=True)

    if not os.path.exists(os.path.join(gen, "truth.jsonl")):
        shutil.rmtree(gen, ignore_errors=True)
        subprocess.run([generate, "--pages", str(a.pages), "--seed", str(a.seed), "--out", gen],
                       check=True, stdout=subprocess.DEVNULL)
    link_html(pages_dir, html_dir)
    n_all, size_all = tree_size(pages_dir)
    n_html, size_html = tree_size(html_dir)
    print(f"corpus: {n_all:,} pages, {size_all / 1e6:.1f} MB; HTML: {n_html:,} pages, {size_html / 1e6:.1f} MB",
          file=sys.stderr)

    rows, notes = [], []
    ingest = corpus_ingest(corpus, pages_dir, os.path.join(work, "out-corpus"), a.workers,
                           "corpus ingest", "all", n_all, size_all)
    rows.append(ingest)
    # The same run without language and quality signals: what they cost.
    no_signals = corpus_ingest(corpus, pages_dir, os.path.join(work, "out-corpus-no-signals"), a.workers,
                               "corpus ingest --no-signals", "all", n_all, size_all, ["--no-signals"])
    rows.append(no_signals)

    datatrove = None
    if not a.skip_datatrove:
        dt_work = os.path.join(work, "datatrove-ingest")
        shutil.rmtree(dt_work, ignore_errors=True)
        os.makedirs(dt_work)
        result = os.path.join(dt_work, "result.json")
        with open(result, "w") as out, open(os.path.join(dt_work, "log.txt"), "w") as log:
            run = measure([a.python, os.path.join(HERE, "datatrove_ingest.py"), "--input", pages_dir,
                           "--work", dt_work, "--workers", str(a.workers)], stdout=out, stderr=log)
        info = json_out(result)
        datatrove = Row("datatrove: read, trafilatura, minhash, parquet", "all", n_all, size_all, run,
                        info["rows_written"])
        rows.append(datatrove)
        lost = info["html_timeouts"] + info["html_errors"]
        notes.append(f"datatrove: {info['documents']:,} documents read; {info['html_extracted']:,} HTML pages "
                     f"extracted, {info['html_empty']:,} empty, {lost:,} lost to the extractor's 1 s timeout "
                     "or errors")

    ingest_html = corpus_ingest(corpus, html_dir, os.path.join(work, "out-corpus-html"), a.workers,
                                "corpus ingest", "HTML", n_html, size_html)
    rows.append(ingest_html)
    segment_html = corpus_segment(segment_pages, html_dir, os.path.join(work, "segment-html.json"), a.workers,
                                  "HTML", n_html, size_html)
    rows.append(segment_html)

    trafilatura = None
    if not a.skip_trafilatura:
        result = os.path.join(work, "trafilatura.json")
        with open(result, "w") as out:
            run = measure([a.python, os.path.join(HERE, "trafilatura_extract.py"), "--input", html_dir,
                           "--workers", str(a.workers)], stdout=out)
        info = json_out(result)
        trafilatura = Row(f"trafilatura.extract, {a.workers} processes", "HTML", n_html, size_html, run,
                          info["with_text"])
        rows.append(trafilatura)

    f1 = {}
    if a.eval and not os.path.exists(os.path.join(a.eval, "score.py")):
        notes.append(f"no eval set at {a.eval}: F1 not measured")
        a.eval = None
    if a.eval:
        ev = os.path.abspath(a.eval)
        ev_pages = os.path.join(ev, "pages")
        n_ev, size_ev = tree_size(ev_pages)
        out = os.path.join(work, "eval-corpus")
        shutil.rmtree(out, ignore_errors=True)
        run = measure([corpus, "ingest", ev_pages, "--out", out, "--quiet", "--threads", str(a.workers)],
                      stdout=subprocess.DEVNULL)
        s = score(a.python, ev, ["--parquet", os.path.join(out, "documents.parquet"),
                                 "--id-column", "source", "--body-column", "body"])
        f1["corpus"] = s["f1"]
        eval_rows = [Row("corpus ingest", "eval HTML", n_ev, size_ev, run, note=f"F1 {s['f1']:.3f}")]
        pred = os.path.join(work, "eval-segment.jsonl")
        seg = corpus_segment(segment_pages, ev_pages, os.path.join(work, "eval-segment.json"), a.workers,
                             "eval HTML", n_ev, size_ev, out=pred)
        s = score(a.python, ev, [pred])
        f1["segment"] = s["f1"]
        seg.note = f"F1 {s['f1']:.3f}"
        eval_rows.append(seg)
        if not a.skip_trafilatura:
            pred = os.path.join(work, "eval-trafilatura.jsonl")
            with open(os.path.join(work, "eval-trafilatura.json"), "w") as o:
                run = measure([a.python, os.path.join(HERE, "trafilatura_extract.py"), "--input", ev_pages,
                               "--workers", str(a.workers), "--out", pred], stdout=o)
            s = score(a.python, ev, [pred])
            f1["trafilatura"] = s["f1"]
            eval_rows.append(Row(f"trafilatura.extract, {a.workers} processes", "eval HTML", n_ev, size_ev, run,
                                 note=f"F1 {s['f1']:.3f}"))
        rows += eval_rows

    print(f"\n{a.pages:,} generated pages (seed {a.seed}): {n_all:,} files, {size_all / 1e6:.1f} MB, "
          f"of which {n_html:,} HTML ({size_html / 1e6:.1f} MB); {a.workers} workers\n")
    head = ["tool", "input", "pages", "wall s", "pages/s", "MB/s", "CPU s", "peak RSS MiB", "docs out"]
    if f1:
        head.append("F1")
    print("| " + " | ".join(head) + " |")
    print("|---|---|" + "---:|" * (len(head) - 2))
    for r in rows:
        cells = r.cells() + ([r.note] if f1 else [])
        print("| " + " | ".join(cells) + " |")
    print()
    print(f"signals: {ingest.run.cpu / max(no_signals.run.cpu, 1e-9) - 1:+.0%} CPU time "
          f"({ingest.run.cpu:.1f} s against {no_signals.run.cpu:.1f} s without; target <= +15%)")
    if datatrove:
        print(f"ingest vs datatrove: {ingest.pages_per_s() / datatrove.pages_per_s():.1f}x the pages/s "
              f"(target >= 20x), {datatrove.run.peak_rss / max(ingest.run.peak_rss, 1):.1f}x less peak memory, "
              f"{datatrove.run.cpu / max(ingest.run.cpu, 1e-9):.1f}x less CPU time")
    if trafilatura:
        print(f"HTML segmentation vs trafilatura, like for like: "
              f"{segment_html.pages_per_s() / trafilatura.pages_per_s():.1f}x the pages/s (target >= 10x), "
              f"{trafilatura.run.cpu / max(segment_html.run.cpu, 1e-9):.1f}x less CPU time")
        print(f"HTML ingest (adds dedupe and five Parquet tables) vs trafilatura: "
              f"{ingest_html.pages_per_s() / trafilatura.pages_per_s():.1f}x the pages/s, "
              f"{trafilatura.run.peak_rss / max(ingest_html.run.peak_rss, 1):.1f}x less peak "
              f"memory, {trafilatura.run.cpu / max(ingest_html.run.cpu, 1e-9):.1f}x less CPU time")
    if "trafilatura" in f1:
        ours, seg, theirs = eval_rows
        print(f"eval set: corpus F1 {f1['corpus']:.3f} (segmentation alone {f1['segment']:.3f}), "
              f"trafilatura {f1['trafilatura']:.3f} (target: corpus >= trafilatura); "
              f"{seg.pages_per_s() / theirs.pages_per_s():.1f}x the pages/s segmenting, "
              f"{ours.pages_per_s() / theirs.pages_per_s():.1f}x with ingest")
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
