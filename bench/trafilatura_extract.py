"""trafilatura alone: `trafilatura.extract` over the HTML pages under a directory.

Usage: trafilatura_extract.py --input DIR [--workers 2] [--out PRED.jsonl]

Every file under DIR ending in .html/.htm/.xhtml (optionally .gz) is read as
bytes (gunzipped when .gz) and handed to `trafilatura.extract` with its
default settings (trafilatura detects the encoding itself), in a process pool
of --workers processes, so that every core works, as `corpus ingest` uses
every core. Prints one JSON line: pages, pages with text, characters out.
--out also writes {"id", "body"} JSONL (the file name without extensions as
id), which the eval set's score.py reads.
"""

import argparse
import gzip
import json
import os
from multiprocessing import Pool

HTML = (".html", ".htm", ".xhtml")


def html_files(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.removesuffix(".gz").endswith(HTML):
                out.append(os.path.join(dirpath, name))
    return out


def extract(path):
    import trafilatura

    with open(path, "rb") as f:
        raw = f.read()
    if path.endswith(".gz"):
        raw = gzip.decompress(raw)
    return path, trafilatura.extract(raw) or ""


def page_id(path):
    name = os.path.basename(path).removesuffix(".gz")
    for ext in HTML:
        name = name.removesuffix(ext)
    return name


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", required=True)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--out")
    a = p.parse_args()

    files = html_files(a.input)
    pages = with_text = chars = 0
    out = open(a.out, "w", encoding="utf-8") if a.out else None
    with Pool(a.workers) as pool:
        for path, text in pool.imap_unordered(extract, files, chunksize=16):
            pages += 1
            with_text += bool(text)
            chars += len(text)
            if out:
                out.write(json.dumps({"id": page_id(path), "body": text}, ensure_ascii=False) + "\n")
    if out:
        out.close()
    print(json.dumps({"pages": pages, "with_text": with_text, "chars": chars}))


if __name__ == "__main__":
    main()
