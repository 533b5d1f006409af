# corpus: raw scraped news pages in, clean deduplicated Parquet out.
# `just` lists the recipes.

set shell := ["bash", "-euo", "pipefail", "-c"]

corpus := env("CARGO_TARGET_DIR", "target") / "release/corpus"
generate_bin := env("CARGO_TARGET_DIR", "target") / "release/corpus-generate"
train_bin := env("CARGO_TARGET_DIR", "target") / "release/corpus-train"
venv := ".venv"

default:
    @just --list

# Build the release binary.
build:
    cargo build --release --locked

# Run every stage on INPUT (default: seeds/) into OUT (default: output/).
ingest input="seeds" out="output" *flags="": build
    {{corpus}} ingest {{input}} --out {{out}} {{flags}}

# FLAGS go to sharded/driver.py, and after `--` to corpus plan: e.g.
# `just ingest-sharded crawl data 16 slurm --slurm-partition cpu -- --drop-duplicates`.
# Ingest INPUT into OUT as SHARDS retryable tasks per step (corpus plan, then each step's tasks) on ENGINE: local, ray or slurm.
ingest-sharded input out shards engine="local" *flags: build
    #!/usr/bin/env bash
    set -euo pipefail
    python=python3
    # Ray comes from PyPI into the tests' virtualenv (pinned in tests/python/requirements.txt).
    if [ "{{engine}}" = ray ]; then
        {{just_executable()}} python-deps
        python={{venv}}/bin/python
    fi
    "$python" sharded/driver.py {{input}} --out {{out}} --shards {{shards}} --engine {{engine}} --corpus {{corpus}} {{flags}}

# The stages one at a time, piped: gives the same dataset as `ingest`.
pipe input="seeds" out="output-piped": build
    {{corpus}} read {{input}} | {{corpus}} normalize | {{corpus}} segment | {{corpus}} signals | {{corpus}} dedupe | {{corpus}} export --out {{out}}

# Run one stage alone on a file, JSONL out: e.g. `just read seeds/`, `just segment pages.jsonl`.
read +inputs: build
    {{corpus}} read {{inputs}}

normalize *inputs: build
    {{corpus}} normalize {{inputs}}

segment *inputs: build
    {{corpus}} segment {{inputs}}

signals *inputs: build
    {{corpus}} signals {{inputs}}

dedupe *inputs: build
    {{corpus}} dedupe {{inputs}}

export out="output" *inputs: build
    {{corpus}} export --out {{out}} {{inputs}}

# Show why each line of a page got its label: line, label, rule, section, text.
explain +inputs: build
    {{corpus}} explain {{inputs}}

# Write OUT/report.html: charts and tables of a dataset (inputs, rejects, segmentation, duplicates, boilerplate, sidebar, signals, the run).
report out="output": build
    {{corpus}} report {{out}}

# One page of the dataset in OUT, blocks in order coloured by label: e.g. `just inspect output 004_9bfabe07e541028b.txt`.
inspect out source *flags="": build
    {{corpus}} inspect {{out}} {{source}} {{flags}}

# Score both segmentation modes on the eval set (default ../shared/eval/trafilatura); -v lists failures.
eval *flags="": build python-deps
    CORPUS_BIN={{corpus}} PYTHON={{venv}}/bin/python eval/run.sh ../shared/eval/trafilatura {{flags}}

# The same on another eval directory (pages/, text/, cases.jsonl, score.py).
eval-dir dir *flags="": build python-deps
    CORPUS_BIN={{corpus}} PYTHON={{venv}}/bin/python eval/run.sh {{dir}} {{flags}}

# Formatting and lints, as CI checks them.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets --locked -- -D warnings

# Python tools for the interop tests, in a local virtualenv.
python-deps:
    test -x {{venv}}/bin/python || python3 -m venv {{venv}}
    {{venv}}/bin/python -m pip install --quiet --disable-pip-version-check -r tests/python/requirements.txt

# Lints, Rust unit and end-to-end tests, the interop tests that open the
# dataset in DuckDB, pyarrow and pandas, then FUZZ_SECONDS of fuzzing (0: none).
# The whole test suite, as CI runs it.
test fuzz_seconds="60": lint python-deps && (fuzz fuzz_seconds)
    cargo test --workspace --locked
    cargo build --release --locked -p corpus -p corpus-generate
    CORPUS_BIN={{corpus}} GENERATE_BIN={{generate_bin}} {{venv}}/bin/python -m pytest -q tests/python

# cargo-fuzz on the stable toolchain via RUSTC_BOOTSTRAP. A crash fails the
# recipe and its input is copied into fuzz/regressions/ (replayed by the Rust
# tests: commit it).
# Fuzz read -> normalize -> segment for SECONDS.
fuzz seconds="60":
    #!/usr/bin/env bash
    set -euo pipefail
    if [ "{{seconds}}" = 0 ]; then echo "fuzz: skipped (0 seconds)"; exit 0; fi
    cargo fuzz --version >/dev/null 2>&1 || cargo install cargo-fuzz --locked
    cd fuzz
    target=read_normalize_segment
    RUSTC_BOOTSTRAP=1 cargo fuzz build "$target"
    mkdir -p "corpus/$target" "artifacts/$target"
    started=$(mktemp)
    trap 'rm -f "$started"' EXIT
    # New inputs go to corpus/ (not committed); seeds/ and regressions/ are read only.
    if RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" "corpus/$target" seeds regressions -- \
        -max_total_time={{seconds}} -timeout=30 -print_final_stats=1; then
        exit 0
    fi
    found=$(find "artifacts/$target" -type f -newer "$started")
    for file in $found; do cp "$file" regressions/; done
    echo "fuzz: FAILED; crashing inputs copied to fuzz/regressions/ (commit them):" $found >&2
    exit 1

# Generate N labelled pages (originals, copies, re-scrapes, edits) with ground truth into OUT.
generate pages="10000" out="generated":
    cargo run --release --locked -p corpus-generate -- --pages {{pages}} --out {{out}}

# Precision and recall of duplicate pairs on N generated pages, through ingest.
eval-dedupe pages="100000": build
    cargo build --release --locked -p corpus-generate
    rm -rf target/eval-dedupe
    {{generate_bin}} --pages {{pages}} --out target/eval-dedupe/gen > /dev/null
    {{corpus}} ingest target/eval-dedupe/gen/pages --out target/eval-dedupe/out --quiet
    {{generate_bin}} score --truth target/eval-dedupe/gen/truth.jsonl --dataset target/eval-dedupe/out --min 0.99

# Python tools of the benches (datatrove, trafilatura; pinned in bench/requirements.txt), in bench/.venv.
bench-deps:
    test -x bench/.venv/bin/python || python3 -m venv bench/.venv
    bench/.venv/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt

# corpus ingest vs datatrove (read, trafilatura, MinHash, Parquet) and vs trafilatura on the HTML, on N generated pages; EVAL adds F1 on that eval set.
bench pages="100000" eval="../shared/eval/trafilatura" *flags="": bench-deps
    cargo build --release --locked -p corpus -p corpus-generate
    cargo build --release --locked -p corpus --example segment_pages
    python3 bench/ingest_vs_reference.py --pages {{pages}} --eval '{{eval}}' {{flags}}

# corpus dedupe against datatrove's MinHash deduplication on N generated pages, side by side.
bench-dedupe pages="100000": bench-deps
    cargo build --release --locked -p corpus -p corpus-generate
    python3 bench/dedupe_vs_datatrove.py --pages {{pages}}

# One corpus ingest against the sharded ingest on 2 local workers, on N generated pages: wall time, peak RSS per step's tasks, dedupe bytes per page; checks the datasets are equal.
bench-sharded pages="1000000":
    cargo build --release --locked -p corpus -p corpus-generate
    python3 bench/sharded.py --pages {{pages}} --workers 2

# Criterion benchmarks of each stage's hot function (read, normalize, segment, dedupe, export); e.g. `just bench-stages segment`.
bench-stages *args="":
    cargo bench --workspace --locked --bench '*' -- {{args}}

# corpus vs rs-trafilatura and trafilatura on the WCXB dev split: F1 per page type, pages/s; FLAGS: --eval-traf DIR.
eval-peers wcxb="../shared/eval/wcxb" threads="2" *flags="": build bench-deps
    cargo build --release --locked --manifest-path bench/rs-trafilatura/Cargo.toml --target-dir target/peers
    python3 bench/peers.py --wcxb '{{wcxb}}' --threads {{threads}} {{flags}}

# Share of N generated seed-format pages (seed SEED, not the training seed 7) whose body is exactly right.
eval-generated pages="2000" seed="11":
    cargo build --release --locked -p corpus-train
    {{train_bin}} exact --generated {{pages}} --seed {{seed}}

# Retrain the segmentation models into crates/segment/models/ from a WCXB
# split (CC-BY-4.0) and generated seed-format pages, then print the
# out-of-fold F1 (folds by site) as the Rust pipeline scores it. Fixed seed,
# pinned versions (train/requirements.txt); WORK keeps tables and fold models.
train wcxb="../shared/eval/wcxb" work="target/train" generated="1500" seed="7":
    cargo build --release --locked -p corpus -p corpus-train
    test -x train/.venv/bin/python || python3 -m venv train/.venv
    train/.venv/bin/python -m pip install --quiet --disable-pip-version-check -r train/requirements.txt
    {{train_bin}} features --wcxb '{{wcxb}}' --generated {{generated}} --seed {{seed}} --out '{{work}}'
    train/.venv/bin/python train/train.py --stage first --seed {{seed}} --data '{{work}}' --models crates/segment/models --fold-dir '{{work}}/folds'
    {{train_bin}} features --wcxb '{{wcxb}}' --generated {{generated}} --seed {{seed}} --out '{{work}}' --fold-dir '{{work}}/folds'
    train/.venv/bin/python train/train.py --stage context --seed {{seed}} --data '{{work}}' --models crates/segment/models --fold-dir '{{work}}/folds'
    cargo build --release --locked -p corpus
    train/.venv/bin/python train/oof.py --wcxb '{{wcxb}}' --fold-dir '{{work}}/folds' --corpus {{corpus}} --work '{{work}}/oof'
