"""The signals stage's language agrees with lingua's on real pages.

lingua (lingua-language-detector, its models in the wheel: nothing is
downloaded at run time) identifies every body of 50 words or more that
corpus extracts from the eval sets in ../shared/eval; corpus's `language`
must agree on at least 97% of them. The pages are read from ../shared at run
time only (nothing of theirs is kept in the repository); the test skips when
they are absent. `pytest -s` prints the confusion table and per-language
agreement; a failure shows them too.
"""

import os
import subprocess
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = os.environ.get("CORPUS_BIN", str(ROOT / "target" / "release" / "corpus"))
EVAL = ROOT.parent / "shared" / "eval"
INPUTS = [EVAL / "wcxb" / "html", EVAL / "trafilatura" / "pages"]
MIN_WORDS = 50
# lingua reads this much of a body: a body's language shows in its first
# part, and corpus itself reads less.
LINGUA_CHARS = 2000
AGREEMENT = 0.97


def lingua_codes(texts):
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()
    found = detector.detect_languages_in_parallel_of([t[:LINGUA_CHARS] for t in texts])
    return [lang.iso_code_639_1.name.lower() if lang is not None else "und" for lang in found]


def report(pairs):
    """Overall and per-language agreement and the disagreeing pairs, as text."""
    agree = sum(ours == theirs for ours, theirs in pairs)
    lines = [f"language agreement with lingua: {agree}/{len(pairs)} = {agree / len(pairs):.2%}"]
    lines.append("per language (lingua's label): agree/bodies; bodies corpus gave that label")
    ours_count = Counter(ours for ours, _ in pairs)
    theirs_count = Counter(theirs for _, theirs in pairs)
    agree_count = Counter(theirs for ours, theirs in pairs if ours == theirs)
    for lang in sorted(set(ours_count) | set(theirs_count), key=lambda l: -theirs_count[l]):
        lines.append(
            f"  {lang:>4} {agree_count[lang]:5}/{theirs_count[lang]:<5}; corpus {ours_count[lang]}"
        )
    lines.append("confusion (corpus -> lingua: bodies)")
    confusion = Counter((ours, theirs) for ours, theirs in pairs if ours != theirs)
    for (ours, theirs), n in confusion.most_common():
        lines.append(f"  {ours:>4} -> {theirs:<4} {n}")
    return "\n".join(lines), agree / len(pairs)


def test_language_agrees_with_lingua(tmp_path):
    missing = [str(d) for d in INPUTS if not d.is_dir()]
    if missing:
        pytest.skip(f"eval pages absent: {', '.join(missing)}")
    pytest.importorskip("lingua")
    out = tmp_path / "out"
    subprocess.run(
        [CORPUS, "ingest", *map(str, INPUTS), "--out", str(out), "--quiet"], check=True
    )
    docs = pq.read_table(out / "documents.parquet", columns=["body", "language"]).to_pylist()
    kept = [d for d in docs if d["body"] and len(d["body"].split()) >= MIN_WORDS]
    assert len(kept) > 1000, f"only {len(kept)} bodies of {MIN_WORDS} words or more"
    theirs = lingua_codes([d["body"] for d in kept])
    text, agreement = report([(d["language"], t) for d, t in zip(kept, theirs)])
    print(text)
    assert agreement >= AGREEMENT, text
