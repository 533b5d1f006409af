#!/usr/bin/env python3
"""Is a sharded dataset the one `corpus ingest` writes? Row for row, in order.

    python sharded/compare.py SINGLE_DIR SHARDED_DIR

SINGLE_DIR holds TABLE.parquet (one `corpus ingest`), SHARDED_DIR holds
TABLE/part-NNNNN.parquet (sharded/driver.py); each sharded table is its parts
read in name order. Dictionary columns are compared by their values: each
part file has its own dictionary, so the codes differ where the values do
not. Needs pyarrow (the tests' and benches' virtualenvs have it). Exit 0 when
every table is equal, 1 with the first difference of each table otherwise,
2 when a table cannot be read. Columns are read one at a time in batches, so
memory does not grow with the dataset.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TABLES = ["documents", "blocks", "sidebar_links", "duplicates", "rejects"]
# Rows per batch read: memory stays at a few batches of one column, whatever the dataset's size.
BATCH_ROWS = 65536


def value_type(kind: pa.DataType) -> pa.DataType:
    return kind.value_type if pa.types.is_dictionary(kind) else kind


def decoded(array: pa.Array) -> pa.Array:
    return array.dictionary_decode() if pa.types.is_dictionary(array.type) else array


def single_file(folder: Path, name: str) -> Path:
    return folder / f"{name}.parquet"


def part_files(folder: Path, name: str) -> list[Path]:
    parts = sorted((folder / name).glob("part-*.parquet"))
    if not parts:
        raise FileNotFoundError(f"no part files in {folder / name}")
    return parts


def column_batches(files: list[Path], column: str) -> Iterator[pa.Array]:
    """One column of files read in turn, a batch at a time, dictionaries decoded."""
    for path in files:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS, columns=[column]):
            if batch.num_rows:
                yield decoded(batch.column(0))


def first_row_apart(a: Iterator[pa.Array], b: Iterator[pa.Array]) -> tuple[int, object, object] | None:
    """The first row where two streams of equal length differ, with both values.

    The streams are cut at different rows (row groups, part files), so each
    turn compares the rows both have at hand and keeps the rest.
    """
    row = 0
    left = right = None
    while True:
        if left is None or len(left) == 0:
            left = next(a, None)
        if right is None or len(right) == 0:
            right = next(b, None)
        if left is None or right is None:
            return None
        n = min(len(left), len(right))
        x, y = left.slice(0, n), right.slice(0, n)
        if not x.equals(y):
            for i in range(n):
                if x[i] != y[i]:
                    return row + i, x[i], y[i]
        left, right, row = left.slice(n), right.slice(n), row + n


def first_difference(single_dir: Path, sharded_dir: Path, name: str) -> str | None:
    """None when the table is equal in both, else what differs first: schema,
    row count, or a column's first row."""
    single = single_file(single_dir, name)
    single_schema = pq.read_schema(single)
    parts = part_files(sharded_dir, name)
    for part in parts:
        schema = pq.read_schema(part)
        if schema.names != single_schema.names:
            return f"columns differ in {part.name}: {single_schema.names} vs {schema.names}"
        for field, other in zip(single_schema, schema):
            if value_type(field.type) != value_type(other.type):
                return f"column {field.name} is {field.type} vs {other.type} in {part.name}"
    rows = pq.ParquetFile(single).metadata.num_rows
    sharded_rows = sum(pq.ParquetFile(part).metadata.num_rows for part in parts)
    if rows != sharded_rows:
        return f"{rows} rows vs {sharded_rows}"
    for column in single_schema.names:
        apart = first_row_apart(column_batches([single], column), column_batches(parts, column))
        if apart is not None:
            row, a, b = apart
            return f"column {column} differs first at row {row}: {a!r} vs {b!r}"
    return None


def compare(single_dir: Path, sharded_dir: Path, tables: list[str] = TABLES) -> dict[str, str | None]:
    """Each table's first difference (None: equal)."""
    return {name: first_difference(single_dir, sharded_dir, name) for name in tables}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    single_dir, sharded_dir = Path(argv[0]), Path(argv[1])
    equal = True
    for name in TABLES:
        try:
            difference = first_difference(single_dir, sharded_dir, name)
        except (OSError, pa.ArrowException) as err:
            print(f"{name}: cannot compare: {err}", file=sys.stderr)
            return 2
        rows = pq.ParquetFile(single_file(single_dir, name)).metadata.num_rows
        print(f"{name}: {rows} rows, {'equal' if difference is None else 'DIFFERENT: ' + difference}")
        equal &= difference is None
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
