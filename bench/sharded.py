#!/usr/bin/env python3
"""One `corpus ingest` against the sharded ingest (local engine), on one generated corpus.

    python3 bench/sharded.py --pages N [--workers 2] [--shards S] [--buckets B]

1. `corpus-generate --pages N` writes the corpus into bench/work/N/gen (the
   folder `ingest_vs_reference.py` uses, so either harness reuses it).
2. `corpus ingest PAGES --out bench/work/N/out-single --threads W`, timed,
   its peak RSS measured.
3. `sharded/driver.py PAGES --out bench/work/N/out-sharded --engine local
   --workers W`: each task's wall time, CPU time and peak RSS come from the
   driver's records (WORK/driver/tasks/*.jsonl), the deduplication data
   from each map task's stats.json.
4. Prints a markdown table: wall time and peak RSS of the one ingest against
   the whole sharded run and the largest task of each step; deduplication
   bytes per page. Checks that both datasets are equal (sharded/compare.py,
   with the pyarrow of bench/.venv or .venv; skipped with a note when
   neither has it).

Standard library only. Peak RSS is exact where GNU time is installed
(/usr/bin/time, Debian's `time`); without it the ingest's is sampled every
50 ms and a task's includes the driver's own memory (see driver.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from measure import measure  # noqa: E402

GNU_TIME = "/usr/bin/time"


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


def ingest(corpus: str, pages: Path, out: Path, threads: int) -> dict:
    """Wall, CPU and peak RSS of one `corpus ingest` (GNU time's exact peak where it is installed)."""
    shutil.rmtree(out, ignore_errors=True)
    command = [corpus, "ingest", str(pages), "--out", str(out), "--quiet", "--threads", str(threads)]
    rss_file = out.with_name(out.name + ".rss")
    exact = os.access(GNU_TIME, os.X_OK)
    if exact:
        command = [GNU_TIME, "-q", "-f", "%M", "-o", str(rss_file), *command]
    run = measure(command)
    peak = run.peak_rss
    if exact:
        peak = int(rss_file.read_text().split()[-1]) * 1024
        rss_file.unlink()
    return {"wall": run.wall, "cpu": run.cpu, "peak_rss": peak}


def sharded(args: argparse.Namespace, corpus: str, pages: Path, out: Path) -> dict:
    """Run the driver (local engine) and gather its task records and map stats."""
    shutil.rmtree(out, ignore_errors=True)
    command = [
        sys.executable, str(ROOT / "sharded" / "driver.py"), str(pages), "--out", str(out),
        "--engine", "local", "--workers", str(args.workers), "--shards", str(args.shards),
        "--corpus", corpus, "--keep-work", *(["--buckets", str(args.buckets)] if args.buckets else []),
    ]
    print("$", " ".join(command), file=sys.stderr)
    started = time.monotonic()
    subprocess.run(command, check=True)
    wall = time.monotonic() - started
    work = out / ".corpus-work"
    plan = json.loads((work / "plan.json").read_text())

    steps = []
    for step in plan["steps"]:
        name, tasks = step["name"], step["tasks"]
        ends, starts = [], []
        for index in range(tasks):
            path = work / "driver" / "tasks" / f"{name}-{index:05d}.jsonl"
            records = [json.loads(line) for line in path.read_text().splitlines()]
            starts += [r["time"] for r in records if r["event"] == "start"]
            ends += [r for r in records if r["event"] == "end" and r["exit"] == 0]
        rss = [r["max_rss_kib"] * 1024 for r in ends]
        steps.append({
            "step": name,
            "tasks": tasks,
            "wall": max(r["time"] for r in ends) - min(starts),
            "cpu": sum(r["cpu_seconds"] for r in ends),
            "max_rss": max(rss),
            "mean_rss": sum(rss) / len(rss),
            "rss_from": ends[0].get("rss_from", "wait4"),
        })

    totals = {"pages": 0, "dedupe_bytes": 0, "record_bytes": 0}
    for stats in sorted((work / "map").glob("*/stats.json")):
        values = json.loads(stats.read_text())
        for key in totals:
            totals[key] += int(values[key])
    if not args.keep_work:
        shutil.rmtree(work)
    return {"wall": wall, "buckets": plan["buckets"], "steps": steps, **totals}


def pyarrow_python() -> str | None:
    """A Python with pyarrow, for sharded/compare.py: bench/.venv's, else the tests' .venv's."""
    for python in (HERE / ".venv" / "bin" / "python", ROOT / ".venv" / "bin" / "python"):
        if python.exists() and subprocess.run([str(python), "-c", "import pyarrow"], capture_output=True).returncode == 0:
            return str(python)
    return None


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, required=True)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--workers", type=int, default=2, help="local engine workers; the one ingest gets as many threads")
    p.add_argument("--shards", type=int, help="default: one per 100,000 pages, at least --workers")
    p.add_argument("--buckets", type=int, help="default: corpus plan's")
    p.add_argument("--work", default=str(HERE / "work"))
    p.add_argument("--target", default=os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target")))
    p.add_argument("--corpus", help="the corpus binary (default: TARGET/release/corpus)")
    p.add_argument("--keep-work", action="store_true", help="keep the sharded run's work folder")
    args = p.parse_args()
    args.shards = args.shards or max(args.workers, args.pages // 100_000)

    corpus = str(Path(args.corpus or Path(args.target, "release", "corpus")).resolve())
    generate = str(Path(args.target, "release", "corpus-generate").resolve())
    work = Path(args.work, str(args.pages) if args.seed == 1 else f"{args.pages}-seed{args.seed}")
    gen = work / "gen"
    pages = gen / "pages"
    work.mkdir(parents=True, exist_ok=True)
    if not (gen / "truth.jsonl").exists():
        shutil.rmtree(gen, ignore_errors=True)
        # Its summary goes to stderr: stdout carries only the table.
        subprocess.run([generate, "--pages", str(args.pages), "--seed", str(args.seed), "--out", str(gen)], check=True, stdout=sys.stderr)

    one = ingest(corpus, pages, work / "out-single", args.workers)
    many = sharded(args, corpus, pages, work / "out-sharded")

    python = pyarrow_python()
    if python is None:
        equal = "not checked: no pyarrow in bench/.venv or .venv (`just bench-deps` or `just python-deps`)"
    else:
        check = subprocess.run([python, str(ROOT / "sharded" / "compare.py"), str(work / "out-single"), str(work / "out-sharded")],
                               capture_output=True, text=True)
        if check.returncode == 0:
            equal = "yes, every table row for row"
        elif check.returncode == 1:
            equal = "NO:\n\n```\n" + check.stdout + "```"
        else:
            equal = "not checked, sharded/compare.py failed:\n\n```\n" + check.stdout + check.stderr + "```"

    cores = os.cpu_count()
    rss_note = "GNU time" if many["steps"][0]["rss_from"] == "gnu-time" else "wait4, which counts the driver's own memory in"
    task_peak = max(s["max_rss"] for s in many["steps"])
    print(f"\n## Sharded ingest against one `corpus ingest`: {args.pages:,} generated pages, {cores} cores\n")
    print("| run | wall s | peak RSS |")
    print("|---|---:|---:|")
    print(f"| `corpus ingest --threads {args.workers}` | {one['wall']:.1f} | {human_bytes(one['peak_rss'])} |")
    print(f"| sharded, local engine, {args.workers} workers, {args.shards} shards, {many['buckets']} buckets | {many['wall']:.1f} | {human_bytes(task_peak)} (largest task) |")
    print()
    print("| step | tasks | wall s | CPU s | largest task's peak RSS | mean task peak RSS |")
    print("|---|---:|---:|---:|---:|---:|")
    for s in many["steps"]:
        print(f"| {s['step']} | {s['tasks']} | {s['wall']:.1f} | {s['cpu']:.1f} | {human_bytes(s['max_rss'])} | {human_bytes(s['mean_rss'])} |")
    print()
    cpu = sum(s["cpu"] for s in many["steps"])
    print(f"CPU: {one['cpu']:.1f} s for the one ingest, {cpu:.1f} s for the sharded tasks together.")
    if many["pages"]:
        print(f"Deduplication data: {many['dedupe_bytes']:,} bytes for {many['pages']:,} pages, "
              f"{many['dedupe_bytes'] / many['pages']:.1f} bytes per page; record spill "
              f"{many['record_bytes'] / many['pages']:.1f} bytes per page.")
    print(f"Peak RSS from {rss_note}.")
    print(f"Datasets equal: {equal}")
    results = {"pages": args.pages, "workers": args.workers, "shards": args.shards, "buckets": many["buckets"],
               "ingest": one, "sharded": many, "equal": equal}
    (work / "sharded.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
