"""corpus's quality filters take datatrove's keep/drop decisions.

datatrove 0.10's Gopher quality, Gopher repetition, C4 and FineWeb filters,
with their default thresholds, run on the same English bodies corpus
computed its signals on: generated pages always, and the WCXB dev split's
pages when ../shared is there. For each rule corpus must agree on at least
99% of the bodies; the bodies where it does not are listed with the check
each side names.

Run by `just test` after the release build; CORPUS_BIN and GENERATE_BIN
name the binaries.
"""

import json
import os
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from datatrove.data import Document
from datatrove.pipeline.filters import (
    C4QualityFilter,
    FineWebQualityFilter,
    GopherQualityFilter,
    GopherRepetitionFilter,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = os.environ.get("CORPUS_BIN", str(ROOT / "target" / "release" / "corpus"))
GENERATE = os.environ.get("GENERATE_BIN", str(ROOT / "target" / "release" / "corpus-generate"))
WCXB = ROOT.parent / "shared" / "eval" / "wcxb" / "html"
MIN_AGREEMENT = 0.99

# corpus's rule name -> datatrove's filters for it, in the order they run.
RULES = {
    "gopher": [GopherRepetitionFilter, GopherQualityFilter],
    "c4": [C4QualityFilter],
    "fineweb": [FineWebQualityFilter],
}


def bodies_of(inputs):
    """corpus's per-document stages with every filter on: one record per page."""
    stages = [
        [CORPUS, "read", *map(str, inputs), "-q"],
        [CORPUS, "normalize", "-q"],
        [CORPUS, "segment", "-q"],
        [CORPUS, "signals", "-q", "--filter", "gopher,c4,fineweb"],
    ]
    procs = []
    for argv in stages:
        stdin = procs[-1].stdout if procs else subprocess.DEVNULL
        procs.append(subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE))
        if len(procs) > 1:
            procs[-2].stdout.close()
    out, _ = procs[-1].communicate()
    for p in procs:
        assert p.wait() == 0, p.args
    records = [json.loads(line) for line in out.splitlines()]
    # Records omit empty lists; datatrove's filters are English ones.
    return [r for r in records if r.get("body") and r.get("language") == "en"]


def datatrove_verdict(filters, text):
    """The first check a body fails under datatrove's filters, or None."""
    for make in filters:
        kept = make().filter(Document(text=text, id="0"))
        if kept is not True:
            return kept[1] if isinstance(kept, tuple) else "dropped"
    return None


def corpus_verdict(record, rule):
    failed = [f for f in record.get("filtered_by", []) if f.split(":")[0] == rule]
    return failed[0] if failed else None


def agreement(records):
    """Per rule: share of bodies with the same keep/drop, and the misses."""
    result = {}
    for rule, filters in RULES.items():
        misses = []
        for r in records:
            ours = corpus_verdict(r, rule)
            theirs = datatrove_verdict(filters, "\n".join(r["body"]))
            if (ours is None) != (theirs is None):
                misses.append((r["source"], ours, theirs))
        result[rule] = (1 - len(misses) / len(records), misses)
    return result


def check(records, label):
    assert len(records) > 50, f"too few English bodies in {label}: {len(records)}"
    report = agreement(records)
    lines = [f"{label}: {len(records)} English bodies"]
    for rule, (share, misses) in report.items():
        pairs = Counter((ours, theirs) for _, ours, theirs in misses)
        lines.append(f"  {rule}: {share:.2%} agree; misses (corpus, datatrove): {dict(pairs)}")
    print("\n".join(lines))
    for rule, (share, misses) in report.items():
        assert share >= MIN_AGREEMENT, "\n".join(lines + [f"{rule} misses: {misses[:20]}"])


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("generated")
    # Articles in the seeds' format and as HTML, copies and re-scrapes among them.
    subprocess.run(
        [GENERATE, "--pages", "400", "--seed", "7", "--out", str(out)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return bodies_of([out / "pages"])


def test_generated_bodies_get_datatrove_decisions(generated):
    check(generated, "generated pages")


@pytest.mark.skipif(not WCXB.is_dir(), reason="../shared/eval/wcxb is not here")
def test_wcxb_dev_bodies_get_datatrove_decisions():
    check(bodies_of([WCXB]), "WCXB dev pages")
