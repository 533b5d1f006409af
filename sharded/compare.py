#!/usr/bin/env python3
"""Is a sharded dataset the one `corpus ingest` writes? Row for row, in order.

    python sharded/compare.py SINGLE_DIR SHARDED_DIR

SINGLE_DIR holds TABLE.parquet (one `corpus ingest`), SHARDED_DIR holds
TABLE/part-NNNNN.parquet (sharded/driver.py); each sharded table is its parts
read in name order. Dictionary columns are compared by their values: each
part file has its own dictionary, so the codes differ where the values do
not. Needs pyarrow (the tests' and benches' virtualenvs have it). Exit 0 when
every table is equal, 1 with the first difference of each table otherwise,
2 when a table cannot be read. One column is read at a time, so a dataset of
a million pages compares in a few GiB of memory.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TABLES = ["documents", "blocks", "sidebar_links", "duplicates", "rejects"]


def value_type(kind: pa.DataType) -> pa.DataType:
    return kind.value_type if pa.types.is_dictionary(kind) else kind


def decoded(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A dictionary column cast to its values, chunk by chunk (never combined:
    a column of a million pages' text is past 2 GiB, which one string array
    cannot hold)."""
    return column.cast(column.type.value_type) if pa.types.is_dictionary(column.type) else column


def single_file(folder: Path, name: str) -> Path:
    return folder / f"{name}.parquet"


def part_files(folder: Path, name: str) -> list[Path]:
    parts = sorted((folder / name).glob("part-*.parquet"))
    if not parts:
        raise FileNotFoundError(f"no part files in {folder / name}")
    return parts


def read_single(folder: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    return pq.read_table(single_file(folder, name), columns=columns)


def read_sharded(folder: Path, name: str, columns: list[str] | None = None) -> pa.Table:
    return pa.concat_tables([pq.read_table(part, columns=columns) for part in part_files(folder, name)])


def first_row_apart(a: pa.ChunkedArray, b: pa.ChunkedArray) -> int:
    """The first row where two columns of equal length differ: blocks of rows
    compared whole, then the first differing block row by row."""
    step = 65536
    for start in range(0, len(a), step):
        if not a.slice(start, step).equals(b.slice(start, step)):
            for row in range(start, min(start + step, len(a))):
                if a[row] != b[row]:
                    return row
    return -1


def first_difference(single_dir: Path, sharded_dir: Path, name: str) -> str | None:
    """None when the table is equal in both, else what differs first: schema,
    row count, or a column's first row. One column is read at a time."""
    single_schema = pq.read_schema(single_file(single_dir, name))
    parts = part_files(sharded_dir, name)
    for part in parts:
        schema = pq.read_schema(part)
        if schema.names != single_schema.names:
            return f"columns differ in {part.name}: {single_schema.names} vs {schema.names}"
        for field, other in zip(single_schema, schema):
            if value_type(field.type) != value_type(other.type):
                return f"column {field.name} is {field.type} vs {other.type} in {part.name}"
    rows = pq.ParquetFile(single_file(single_dir, name)).metadata.num_rows
    sharded_rows = sum(pq.ParquetFile(part).metadata.num_rows for part in parts)
    if rows != sharded_rows:
        return f"{rows} rows vs {sharded_rows}"
    for column in single_schema.names:
        a = decoded(read_single(single_dir, name, [column]).column(0))
        b = decoded(read_sharded(sharded_dir, name, [column]).column(0))
        if not a.equals(b):
            row = first_row_apart(a, b)
            return f"column {column} differs first at row {row}: {a[row]!r} vs {b[row]!r}"
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
