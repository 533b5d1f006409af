#!/usr/bin/env python3
"""Is a sharded dataset the one `corpus ingest` writes? Row for row, in order.

    python sharded/compare.py SINGLE_DIR SHARDED_DIR

SINGLE_DIR holds TABLE.parquet (one `corpus ingest`), SHARDED_DIR holds
TABLE/part-NNNNN.parquet (sharded/driver.py); each sharded table is its parts
read in name order. Dictionary columns are compared by their values: each
part file has its own dictionary, so the codes differ where the values do
not. Needs pyarrow (the tests' and benches' virtualenvs have it). Exit 0 when
every table is equal, 1 with the first difference of each table otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

TABLES = ["documents", "blocks", "sidebar_links", "duplicates", "rejects"]


def decoded(table: pa.Table) -> pa.Table:
    """The table with dictionary columns cast to their values, in one chunk per column."""
    columns = []
    for column in table.columns:
        if pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        columns.append(column.combine_chunks())
    names = table.schema.names
    return pa.table(columns, names=names)


def read_single(folder: Path, name: str) -> pa.Table:
    return pq.read_table(folder / f"{name}.parquet")


def read_sharded(folder: Path, name: str) -> pa.Table:
    parts = sorted((folder / name).glob("part-*.parquet"))
    if not parts:
        raise FileNotFoundError(f"no part files in {folder / name}")
    return pa.concat_tables([pq.read_table(part) for part in parts])


def first_difference(single: pa.Table, sharded: pa.Table) -> str | None:
    """None when equal, else what differs first: schema, row count, or a column's first row."""
    if single.schema.names != sharded.schema.names:
        return f"columns differ: {single.schema.names} vs {sharded.schema.names}"
    single, sharded = decoded(single), decoded(sharded)
    if not single.schema.equals(sharded.schema):
        return f"schemas differ:\n{single.schema}\nvs\n{sharded.schema}"
    if single.num_rows != sharded.num_rows:
        return f"{single.num_rows} rows vs {sharded.num_rows}"
    if single.equals(sharded):
        return None
    for name in single.schema.names:
        a, b = single.column(name), sharded.column(name)
        if a.equals(b):
            continue
        for row in range(single.num_rows):
            if a[row] != b[row]:
                return f"column {name} differs first at row {row}: {a[row]!r} vs {b[row]!r}"
        return f"column {name} differs"
    return "tables differ"


def compare(single_dir: Path, sharded_dir: Path, tables: list[str] = TABLES) -> dict[str, str | None]:
    """Each table's first difference (None: equal)."""
    return {name: first_difference(read_single(single_dir, name), read_sharded(sharded_dir, name)) for name in tables}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    single_dir, sharded_dir = Path(argv[0]), Path(argv[1])
    equal = True
    for name, difference in compare(single_dir, sharded_dir).items():
        rows = read_single(single_dir, name).num_rows
        print(f"{name}: {rows} rows, {'equal' if difference is None else 'DIFFERENT: ' + difference}")
        equal &= difference is None
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
