"""The MinHash settings both datatrove harnesses give datatrove: the same
shingles (5 words) and LSH shape (24 bands x 5 rows) as corpus's defaults."""

from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.utils.hashing import HashConfig


def add_minhash_args(parser):
    parser.add_argument("--buckets", type=int, default=24)
    parser.add_argument("--rows", type=int, default=5)
    parser.add_argument("--ngrams", type=int, default=5)


def minhash_config(args):
    return MinhashConfig(
        hash_config=HashConfig(precision=64),
        n_grams=args.ngrams,
        num_buckets=args.buckets,
        hashes_per_bucket=args.rows,
    )
