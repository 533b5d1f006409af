"""datatrove's counterpart of `corpus ingest`: page files in, deduplicated Parquet out.

datatrove has no reader for a directory of loose .txt/.html pages, so
`PageFiles` below is the small step a datatrove user writes: it lists the
files, takes every world_size-th one for its rank, reads the bytes, decodes
them (UTF-8, undecodable bytes replaced) and yields one Document per file.
Then, as datatrove's own examples do:

1. extract + signatures (one task per worker): PageFiles -> datatrove's
   Trafilatura extractor on the HTML pages (text dumps go through as they
   are) -> JsonlWriter (the extracted documents, read again by step 5) ->
   MinhashDedupSignature;
2. buckets, 3. clusters, 4. filter: MinhashDedupBuckets, MinhashDedupCluster,
   then JsonlReader -> MinhashDedupFilter -> ParquetWriter (zstd).

Shingles and LSH shape are corpus's defaults (5 words, 24 bands x 5 rows),
as in datatrove_minhash.py. On exit it prints one JSON line: documents read,
HTML pages extracted, extraction timeouts and errors, rows written.
"""

import argparse
import glob
import json
import os
from collections import deque

from datatrove.data import Document
from datatrove.executor.local import LocalPipelineExecutor
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.dedup import MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import (
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
)
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter, ParquetWriter
from datatrove_config import add_minhash_args, minhash_config
from datatrove.utils.typeshelper import StatHints

HTML_EXTENSIONS = (".html", ".htm", ".xhtml")


class PageFiles(PipelineStep):
    """One Document per file under `root`, sharded by rank; metadata["format"] is html or text."""

    name = "📄 page files"
    type = "📖 - READER"

    def __init__(self, root):
        super().__init__()
        self.root = root

    def run(self, data=None, rank=0, world_size=1):
        if data:
            yield from data
        paths = []
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            paths.extend(os.path.join(dirpath, f) for f in sorted(filenames))
        for path in paths[rank::world_size]:
            with self.track_time():
                with open(path, "rb") as f:
                    raw = f.read()
                text = raw.decode("utf-8", errors="replace")
            self.stat_update(StatHints.total)
            html = path.endswith(HTML_EXTENSIONS)
            yield Document(text=text, id=os.path.relpath(path, self.root),
                           metadata={"format": "html" if html else "text"})


class HtmlTrafilatura(Trafilatura):
    """datatrove's Trafilatura extractor on HTML documents; other documents pass unchanged.

    The text documents wait in a queue while the extractor's sandbox works on
    the HTML ones, so a single sandbox process serves the whole shard.
    """

    def run(self, data, rank=0, world_size=1):
        passing = deque()

        def html_only():
            for doc in data:
                if doc.metadata.get("format") == "html":
                    yield doc
                else:
                    passing.append(doc)

        for doc in super().run(html_only(), rank, world_size):
            while passing:
                yield passing.popleft()
            yield doc
        while passing:
            yield passing.popleft()


def stats(folder):
    """Sum the stats datatrove logged for each step of a stage, by step name."""
    out = {}
    path = os.path.join(folder, "stats.json")
    if not os.path.exists(path):
        return out
    with open(path) as f:
        for step in json.load(f):
            out[step["name"]] = step.get("stats", {})
    return out


def count(step_stats, key):
    v = step_stats.get(key, 0)
    return v.get("total", 0) if isinstance(v, dict) else v


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", required=True, help="directory of page files (.html pages, anything else a text dump)")
    p.add_argument("--work", required=True)
    p.add_argument("--workers", type=int, default=2)
    add_minhash_args(p)
    a = p.parse_args()

    config = minhash_config(a)
    w = a.work
    logs = f"{w}/logs"

    LocalPipelineExecutor(
        pipeline=[
            PageFiles(a.input),
            HtmlTrafilatura(),
            JsonlWriter(f"{w}/extracted", compression=None),
            MinhashDedupSignature(output_folder=f"{w}/signatures", config=config),
        ],
        tasks=a.workers, workers=a.workers, logging_dir=f"{logs}/extract",
    ).run()
    LocalPipelineExecutor(
        pipeline=[MinhashDedupBuckets(input_folder=f"{w}/signatures", output_folder=f"{w}/buckets", config=config)],
        tasks=config.num_buckets, workers=a.workers, logging_dir=f"{logs}/buckets",
    ).run()
    LocalPipelineExecutor(
        pipeline=[MinhashDedupCluster(input_folder=f"{w}/buckets", output_folder=f"{w}/remove_ids", config=config)],
        tasks=1, logging_dir=f"{logs}/clusters",
    ).run()
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(f"{w}/extracted", glob_pattern="*.jsonl"),
            MinhashDedupFilter(input_folder=f"{w}/remove_ids"),
            ParquetWriter(f"{w}/parquet", compression="zstd"),
        ],
        tasks=a.workers, workers=a.workers, logging_dir=f"{logs}/filter",
    ).run()

    extract = stats(f"{logs}/extract")
    step = next((s for name, s in extract.items() if "Trafilatura" in name), {})
    reader = next((s for name, s in extract.items() if "page files" in name), {})
    written = 0
    import pyarrow.parquet as pq

    for path in glob.glob(f"{w}/parquet/*.parquet"):
        written += pq.ParquetFile(path).metadata.num_rows
    print(json.dumps({
        "documents": count(reader, "total"),
        "html_extracted": count(step, "extracted"),
        "html_empty": count(step, "dropped"),
        "html_timeouts": count(step, "timeout"),
        "html_errors": count(step, "clean_error") + count(step, "broken_process"),
        "rows_written": written,
    }))


if __name__ == "__main__":
    main()
