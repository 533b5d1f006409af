"""datatrove's MinHash deduplication, as in its examples/minhash_deduplication.py:
signatures -> buckets -> clusters -> filter, each a LocalPipelineExecutor.

Input: a folder of JSONL files of {"id", "text"}. Output under --work:
kept/ (documents kept), removed/ (documents dropped), with the cluster id in
metadata so the harness can score the clusters against the generator's truth.
"""

import argparse

from datatrove.executor.local import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import (
    MinhashDedupBuckets,
    MinhashDedupCluster,
    MinhashDedupFilter,
)
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers.jsonl import JsonlWriter
from datatrove_config import add_minhash_args, minhash_config


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--input", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--workers", type=int, default=2)
    add_minhash_args(p)
    a = p.parse_args()

    config = minhash_config(a)
    w = a.work
    tasks = a.workers
    logs = f"{w}/logs"

    def reader():
        return JsonlReader(a.input, glob_pattern="*.jsonl")

    LocalPipelineExecutor(
        pipeline=[reader(), MinhashDedupSignature(output_folder=f"{w}/signatures", config=config)],
        tasks=tasks, workers=a.workers, logging_dir=f"{logs}/signatures",
    ).run()
    LocalPipelineExecutor(
        pipeline=[MinhashDedupBuckets(input_folder=f"{w}/signatures", output_folder=f"{w}/buckets", config=config)],
        tasks=config.num_buckets, workers=a.workers, logging_dir=f"{logs}/buckets",
    ).run()
    LocalPipelineExecutor(
        pipeline=[MinhashDedupCluster(input_folder=f"{w}/buckets", output_folder=f"{w}/remove_ids",
                                      config=config, save_cluster_id=True)],
        tasks=1, logging_dir=f"{logs}/clusters",
    ).run()
    LocalPipelineExecutor(
        pipeline=[
            reader(),
            MinhashDedupFilter(input_folder=f"{w}/remove_ids", load_cluster_ids=True,
                               exclusion_writer=JsonlWriter(f"{w}/removed", compression=None)),
            JsonlWriter(f"{w}/kept", compression=None),
        ],
        tasks=tasks, workers=a.workers, logging_dir=f"{logs}/filter",
    ).run()


if __name__ == "__main__":
    main()
