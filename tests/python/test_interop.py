"""The dataset opens in the tools analysts use: DuckDB, pyarrow, pandas.

Run by `just test` after the release build; CORPUS_BIN names the binary.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = os.environ.get("CORPUS_BIN", str(ROOT / "target" / "release" / "corpus"))
TABLES = ["documents", "blocks", "sidebar_links", "duplicates", "rejects"]
ZONE = "Asia/Ho_Chi_Minh"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    inputs = tmp_path_factory.mktemp("inputs")
    for seed in (ROOT / "seeds").iterdir():
        (inputs / seed.name).write_bytes(seed.read_bytes())
    # A re-scrape: the same article with one sidebar line changed.
    seed = sorted((ROOT / "seeds").iterdir())[0]
    text = seed.read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[-2] = "Another headline in the sidebar"
    (inputs / "rescrape.txt").write_text("\n".join(lines), encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path_factory.mktemp("out")
    subprocess.run([CORPUS, "ingest", str(inputs), "--out", str(out), "--quiet"], check=True)
    return out


def test_pyarrow_reads_every_table_with_real_types(dataset):
    tables = {name: pq.read_table(dataset / f"{name}.parquet") for name in TABLES}
    assert tables["documents"].num_rows == 3
    assert tables["sidebar_links"].num_rows == 66
    assert tables["rejects"].num_rows == 1
    assert tables["duplicates"].num_rows == 2

    docs = tables["documents"].schema
    assert pa.types.is_list(docs.field("captions").type)
    caption = docs.field("captions").type.value_type
    assert pa.types.is_struct(caption)
    assert [caption.field(i).name for i in range(caption.num_fields)] == ["text", "credit"]
    assert pa.types.is_dictionary(docs.field("format").type)
    assert docs.field("latest_sidebar_at").type == pa.timestamp("ms", tz=ZONE)

    links = tables["sidebar_links"].schema
    assert links.field("published_at").type == pa.timestamp("ms", tz=ZONE)
    assert pa.types.is_dictionary(links.field("section").type)
    assert pa.types.is_dictionary(tables["blocks"].schema.field("label").type)

    meta = pq.ParquetFile(dataset / "documents.parquet").metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"


def test_duckdb_queries_every_table(dataset):
    con = duckdb.connect()
    for name in TABLES:
        count = con.execute(f"select count(*) from '{dataset / name}.parquet'").fetchone()[0]
        assert count >= 0
    kinds = con.execute(
        f"select typeof(published_at) from '{dataset}/sidebar_links.parquet' limit 1"
    ).fetchone()[0]
    assert kinds == "TIMESTAMP WITH TIME ZONE"
    # The README's example query.
    rows = con.execute(
        f"""
        select d.title, count(*) as links, max(s.published_at) as newest
        from '{dataset}/documents.parquet' d
        join '{dataset}/sidebar_links.parquet' s using (doc_id)
        where not d.is_duplicate
        group by d.title order by d.title
        """
    ).fetchall()
    assert [links for _, links, _ in rows] == [22, 22]
    reason = con.execute(f"select kind, stage from '{dataset}/rejects.parquet'").fetchall()
    assert reason == [("empty", "read")]


def test_pandas_sees_zoned_timestamps_and_lists(dataset):
    links = pd.read_parquet(dataset / "sidebar_links.parquet")
    assert str(links["published_at"].dtype) == f"datetime64[ms, {ZONE}]"
    first = links.iloc[0]
    assert first["published_at"].isoformat() == "2023-11-26T08:00:00+07:00"
    docs = pd.read_parquet(dataset / "documents.parquet")
    assert sorted(len(c) for c in docs["captions"]) == [2, 2, 3]
    dup = docs[docs["is_duplicate"]]
    assert len(dup) == 1
    assert dup.iloc[0]["duplicate_kind"] == "exact"
    assert dup.iloc[0]["duplicate_of"] in set(docs["doc_id"])


def test_manifest_describes_the_run(dataset):
    manifest = json.loads((dataset / "manifest.json").read_text())
    assert manifest["inputs"] == 4
    assert manifest["rows"]["documents"] == 3
    assert set(manifest["rows"]) == set(TABLES)
    assert "total" in manifest["timings_ms"]


def test_jsonl_metadata_is_json_text_duckdb_and_pandas_read(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    seed = sorted((ROOT / "seeds").iterdir())[0].read_text(encoding="utf-8")
    records = [
        {"text": seed, "url": "https://x.vn/a", "site": "x.vn", "tags": ["thời sự", 1]},
        {"text": seed.replace("Customs", "Police"), "url": "https://x.vn/b"},
    ]
    (inputs / "pages.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8"
    )
    out = tmp_path / "out"
    subprocess.run([CORPUS, "ingest", str(inputs), "--out", str(out), "--quiet"], check=True)

    rows = duckdb.connect().execute(
        f"""
        select source, metadata->>'site', json_extract(metadata, '$.tags[0]')::varchar
        from '{out}/documents.parquet' order by source
        """
    ).fetchall()
    assert rows == [
        ("pages.jsonl#1", "x.vn", '"thời sự"'),
        ("pages.jsonl#2", None, None),
    ]
    docs = pd.read_parquet(out / "documents.parquet").sort_values("source")
    metadata = [None if pd.isna(m) else json.loads(m) for m in docs["metadata"]]
    assert metadata == [{"site": "x.vn", "tags": ["thời sự", 1]}, None]


@pytest.fixture(scope="module", params=["moved", "split"])
def parts(request, dataset, tmp_path_factory):
    """The dataset in the layout a sharded ingest writes: one folder per
    table of `part-*.parquet` files, and one manifest. `moved`: each table's
    file as `part-00000.parquet` and an empty `part-00001.parquet`; `split`:
    the first half of the rows, an empty part, the rest. Beside them, the
    hidden temp file of a part still being written, which readers skip."""
    out = tmp_path_factory.mktemp(f"parts-{request.param}")
    shutil.copy(dataset / "manifest.json", out / "manifest.json")
    for name in TABLES:
        folder = out / name
        folder.mkdir()
        single = dataset / f"{name}.parquet"
        table = pq.read_table(single)
        if request.param == "moved":
            shutil.copy(single, folder / "part-00000.parquet")
            parts = [None, table.slice(0, 0)]
        else:
            half = table.num_rows // 2
            parts = [table.slice(0, half), table.slice(half, 0), table.slice(half)]
        for n, part in enumerate(parts):
            if part is not None:
                # The sliced table keeps the file's schema, dictionaries and zones included.
                pq.write_table(part, folder / f"part-{n:05d}.parquet", compression="zstd")
        (folder / ".part-00003.parquet.tmp-4242-0").write_bytes(b"PAR1 half written")
    return out


def test_pyarrow_reads_a_part_folder_as_the_single_file(dataset, parts):
    for name in TABLES:
        single = pq.read_table(dataset / f"{name}.parquet")
        for table in (
            pads.dataset(parts / name, format="parquet").to_table(),
            pq.read_table(parts / name),
        ):
            assert table.schema.equals(single.schema), name
            # Rows as values: each part has dictionaries of its own.
            assert table.to_pylist() == single.to_pylist(), name
    links = pads.dataset(parts / "sidebar_links", format="parquet").schema
    assert links.field("published_at").type == pa.timestamp("ms", tz=ZONE)
    assert pa.types.is_dictionary(links.field("section").type)


def test_duckdb_reads_a_part_glob_as_the_single_file(dataset, parts):
    con = duckdb.connect()
    for name in TABLES:
        glob = f"read_parquet('{parts / name}/*.parquet')"
        single = f"read_parquet('{dataset / name}.parquet')"
        assert con.execute(f"describe select * from {glob}").fetchall() == con.execute(
            f"describe select * from {single}"
        ).fetchall(), name
        assert con.execute(f"select * from {glob}").fetchall() == con.execute(
            f"select * from {single}"
        ).fetchall(), name
    # The README's example query, over the parts.
    rows = con.execute(
        f"""
        select d.title, count(*) as links, max(s.published_at) as newest
        from read_parquet('{parts}/documents/*.parquet') d
        join read_parquet('{parts}/sidebar_links/*.parquet') s using (doc_id)
        where not d.is_duplicate
        group by d.title order by d.title
        """
    ).fetchall()
    assert [links for _, links, _ in rows] == [22, 22]


def test_pandas_reads_a_part_folder_as_the_single_file(dataset, parts):
    for name in TABLES:
        single = pd.read_parquet(dataset / f"{name}.parquet")
        folder = pd.read_parquet(parts / name)
        pd.testing.assert_frame_equal(folder, single, obj=name)
    links = pd.read_parquet(parts / "sidebar_links")
    assert str(links["published_at"].dtype) == f"datetime64[ms, {ZONE}]"
