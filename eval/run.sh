#!/usr/bin/env bash
# Ingest an evaluation set in both modes and score the bodies with its scorer.
#
#   eval/run.sh [EVAL_DIR] [-v]
#
# EVAL_DIR (default ../shared/eval/trafilatura) holds pages/ (raw HTML),
# text/ (whole-page text dumps), cases.jsonl and score.py. The corpus binary
# is taken from $CORPUS_BIN, else target/release/corpus (or under
# $CARGO_TARGET_DIR). The scorer reads Parquet through pyarrow: $PYTHON, else
# .venv/bin/python, else python3. Outputs go to $EVAL_OUT (default a temporary
# directory). -v lists the per-page failures of each mode after the table.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$here/../shared/eval/trafilatura}"
verbose="${2:-}"
bin="${CORPUS_BIN:-${CARGO_TARGET_DIR:-$here/target}/release/corpus}"
py="${PYTHON:-}"
if [[ -z "$py" ]]; then
    if [[ -x "$here/.venv/bin/python" ]]; then py="$here/.venv/bin/python"; else py=python3; fi
fi
out="${EVAL_OUT:-$(mktemp -d)}"

for need in "$dir/score.py" "$dir/pages" "$dir/text"; do
    [[ -e "$need" ]] || { echo "eval: $need not found" >&2; exit 2; }
done
[[ -x "$bin" ]] || { echo "eval: $bin not built (cargo build --release)" >&2; exit 2; }
"$py" -c 'import pyarrow' 2>/dev/null || {
    echo "eval: $py lacks pyarrow (just python-deps, or PYTHON=...)" >&2; exit 2; }

printf '%-6s %9s %9s %9s %9s %7s\n' mode precision recall f1 accuracy secs
for mode in html text; do
    input="$dir/pages"; [[ $mode == text ]] && input="$dir/text"
    start=$(date +%s.%N)
    "$bin" ingest "$input" --out "$out/$mode" --quiet >/dev/null
    end=$(date +%s.%N)
    "$py" "$dir/score.py" --cases "$dir/cases.jsonl" --parquet "$out/$mode/documents.parquet" \
        --id-column source --body-column body --json >"$out/$mode.json"
    "$py" - "$out/$mode.json" "$mode" "$start" "$end" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s = s.get("overall", s)
print(f"{sys.argv[2]:<6} {s['precision']:9.3f} {s['recall']:9.3f} {s['f1']:9.3f} {s['accuracy']:9.3f} {float(sys.argv[4]) - float(sys.argv[3]):7.1f}")
PY
done
if [[ $verbose == -v ]]; then
    for mode in html text; do
        echo "== $mode failures"
        "$py" "$dir/score.py" --cases "$dir/cases.jsonl" --parquet "$out/$mode/documents.parquet" \
            --id-column source --body-column body -v
    done
fi
echo "outputs: $out" >&2
