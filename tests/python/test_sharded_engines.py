"""The sharded ingest's engines give the dataset one `corpus ingest` gives.

sharded/driver.py runs `corpus plan` and then each step's tasks on a local
pool, on Ray or on Slurm. Each engine's dataset (TABLE/part-NNNNN.parquet,
read in name order) must equal, table by table and row by row, the one
`corpus ingest` writes (TABLE.parquet) from the same generated pages. Ray
runs for real on a local two-CPU cluster, once with a map task's worker
killed by SIGKILL mid-task (CORPUS_FAULT), which Ray must retry. Slurm runs
for real where `sbatch` and a responding `sinfo` are present (required when
CORPUS_REQUIRE_SLURM=1, as in CI: .ci/start-slurm); its scripts are also
checked and run by hand with bash. The driver's own logic (steps from
plan.json in order, retries, stopping with the task's stderr, resuming) is
checked against a small stand-in for `corpus`.

Run by `just test` after the release build, with CORPUS_BIN and GENERATE_BIN.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = os.environ.get("CORPUS_BIN", str(ROOT / "target" / "release" / "corpus"))
GENERATE = os.environ.get("GENERATE_BIN", str(ROOT / "target" / "release" / "corpus-generate"))
DRIVER = ROOT / "sharded" / "driver.py"
sys.path.insert(0, str(ROOT / "sharded"))
from compare import TABLES, compare  # noqa: E402

PAGES = 300
# A run that hangs (a Ray or Slurm cluster that never schedules) fails the test instead.
TIMEOUT = 600
# Ray's token authentication is on for `ray start` but off for a client by
# default, so the two would not meet; a test cluster on one machine needs none.
RAY_ENV = {"RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    subprocess.run([GENERATE, "--pages", str(PAGES), "--out", str(folder)], check=True, capture_output=True)
    return folder / "pages"


@pytest.fixture(scope="module")
def single(pages, tmp_path_factory):
    """The dataset of one `corpus ingest`: what every engine must give."""
    out = tmp_path_factory.mktemp("single")
    subprocess.run([CORPUS, "ingest", str(pages), "--out", str(out), "--quiet"], check=True)
    return out


def drive(inputs, out, *flags, corpus=CORPUS, env=None, check=True):
    command = [sys.executable, str(DRIVER), *map(str, inputs), "--out", str(out), "--corpus", str(corpus), *map(str, flags)]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=TIMEOUT)
    if check and done.returncode != 0:
        pytest.fail(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr}")
    return done


def assert_same_dataset(single, sharded):
    differences = {name: diff for name, diff in compare(single, sharded).items() if diff is not None}
    assert not differences, f"sharded dataset differs from ingest's: {differences}"
    for name in TABLES:
        parts = sorted((sharded / name).glob("part-*.parquet"))
        assert parts, f"no parts for {name}"
    assert (sharded / "manifest.json").exists()


# --- local ----------------------------------------------------------------------


def test_local_engine_equals_ingest(pages, single, tmp_path):
    out = tmp_path / "out"
    drive([pages], out, "--engine", "local", "--shards", 3, "--buckets", 2, "--workers", 2)
    assert_same_dataset(single, out)
    assert not (out / ".corpus-work").exists(), "the work folder outlived a successful run"


# --- Ray ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    """A local Ray cluster of two CPUs, started as `ray start --head --block` and stopped with it.

    --block keeps the head in the foreground: SIGTERM to it stops every
    process it started, so the test ends only what it started.
    """
    ray = Path(sys.executable).with_name("ray")
    log = tmp_path_factory.mktemp("ray") / "head.log"
    command = [
        str(ray), "start", "--head", "--block", "--num-cpus", "2", "--port", "0",
        "--include-dashboard", "false", "--disable-usage-stats", "--object-store-memory", str(100 * 1024 * 1024),
    ]
    env = {**os.environ, **RAY_ENV}
    env.pop("RAY_ADDRESS", None)
    with open(log, "wb") as out:
        head = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        address = None
        deadline = time.monotonic() + 120
        while address is None and time.monotonic() < deadline:
            if head.poll() is not None:
                pytest.fail(f"ray start exited {head.returncode}:\n{log.read_text()}")
            found = re.search(r"ray start --address='([^']+)'", log.read_text())
            address = found.group(1) if found else None
            time.sleep(0.2)
        if address is None:
            pytest.fail(f"ray start did not come up in 120 s:\n{log.read_text()}")
        yield address
    finally:
        head.send_signal(signal.SIGTERM)
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            head.kill()
            head.wait()


def test_ray_engine_equals_ingest(pages, single, ray_cluster, tmp_path):
    out = tmp_path / "out"
    drive([pages], out, "--engine", "ray", "--shards", 3, "--buckets", 2, env={**RAY_ENV, "RAY_ADDRESS": ray_cluster})
    assert_same_dataset(single, out)


def test_ray_retries_a_task_whose_worker_was_killed(pages, single, ray_cluster, tmp_path):
    out = tmp_path / "out"
    env = {**RAY_ENV, "RAY_ADDRESS": ray_cluster, "CORPUS_FAULT": "map:1"}
    done = drive([pages], out, "--engine", "ray", "--shards", 3, "--buckets", 2, "--keep-work", env=env)
    assert_same_dataset(single, out)
    assert "map 1: finished on attempt 2 (retried after a failure or a lost worker)" in done.stderr
    # The attempt records: the first one died with its worker mid-task, the second finished.
    work = out / ".corpus-work"
    records = [json.loads(line) for line in (work / "driver" / "tasks" / "map-00001.jsonl").read_text().splitlines()]
    fault = [r for r in records if r["event"] == "fault"]
    ends = [r for r in records if r["event"] == "end"]
    assert len(fault) == 1 and fault[0]["attempt"] == 1 and fault[0]["kill_worker"]
    assert fault[0]["task_was_running"], "the task ended before the fault could kill it mid-task"
    assert [(r["attempt"], r["exit"]) for r in ends] == [(2, 0)]
    assert (work / "done" / "map-00001").exists()


# --- Slurm ----------------------------------------------------------------------


def read_steps(work: Path) -> list[tuple[str, int]]:
    plan = json.loads((work / "plan.json").read_text())
    return [(step["name"], step["tasks"]) for step in plan["steps"]]


def test_slurm_scripts_run_by_hand_equal_ingest(pages, single, tmp_path):
    out, work = tmp_path / "out", tmp_path / "work"
    done = drive(
        [pages], out, "--engine", "slurm", "--slurm-dry-run", "--work", work, "--shards", 3, "--buckets", 2,
        "--cpus-per-task", 2, "--slurm-partition", "short", "--slurm-account", "lab", "--slurm-mem", "3G",
        "--slurm-time", "01:30:00", "--sbatch-arg=--qos=low",
    )
    steps = read_steps(work)
    assert [name for name, _ in steps] == ["map", "reduce", "cluster", "lines", "write", "commit"]
    scripts = sorted((work / "slurm").glob("[0-9]*-*.sh"))
    assert [s.name for s in scripts] == [f"{n}-{name}.sh" for n, (name, _) in enumerate(steps, 1)]

    # The printed commands: the first step alone, each next one after the previous succeeded.
    commands = [line for line in done.stdout.splitlines() if "sbatch" in line]
    assert len(commands) == len(steps)
    previous = None
    for command, script, (name, _) in zip(commands, scripts, steps):
        assert command.startswith(f"{name}_job=$(sbatch --parsable ")
        assert str(script) in command
        if previous is None:
            assert "--dependency" not in command
        else:
            assert f"--dependency=afterok:${previous}_job" in command
            assert "--kill-on-invalid-dep=yes" in command
        previous = name
    assert (work / "slurm" / "submit.sh").read_text().count("sbatch --parsable") == len(steps)
    assert not (out / "manifest.json").exists(), "a dry run ran tasks"

    for script, (name, tasks) in zip(scripts, steps):
        text = script.read_text()
        for directive in (
            f"#SBATCH --array=0-{tasks - 1}",
            "#SBATCH --cpus-per-task=2",
            "#SBATCH --mem=3G",
            "#SBATCH --time=01:30:00",
            "#SBATCH --partition=short",
            "#SBATCH --account=lab",
            "#SBATCH --qos=low",
            f"#SBATCH --output={work / 'slurm' / 'logs'}/{name}-%5a.log",
        ):
            assert directive in text, f"{script.name} lacks {directive!r}:\n{text}"
        assert f'{name} {work} "$task"' in text
        assert str(Path(CORPUS).resolve()) in text

    # Each script is plain bash: run every array task by hand, step after step.
    for script, (name, tasks) in zip(scripts, steps):
        for task in range(tasks):
            env = {**os.environ, "SLURM_ARRAY_TASK_ID": str(task)}
            ran = subprocess.run(["bash", str(script)], capture_output=True, text=True, env=env, timeout=TIMEOUT)
            assert ran.returncode == 0, f"{script.name} task {task}: {ran.stdout}{ran.stderr}"
            assert (work / "done" / f"{name}-{task:05d}").exists()
    assert_same_dataset(single, out)

    # A task already done is skipped, not run again.
    ran = subprocess.run(["bash", str(scripts[0])], capture_output=True, text=True, env={**os.environ, "SLURM_ARRAY_TASK_ID": "0"})
    assert ran.returncode == 0 and "already done" in ran.stdout


def slurm_ready() -> str | None:
    """None when jobs can be submitted here, else why not."""
    if not shutil.which("sbatch") or not shutil.which("sinfo"):
        return "no sbatch or sinfo on PATH"
    try:
        info = subprocess.run(["sinfo", "-h", "-o", "%T"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"sinfo: {err}"
    if info.returncode != 0:
        return f"sinfo exited {info.returncode}: {info.stderr.strip()}"
    if not any(state.strip("*~#") in ("idle", "mixed", "allocated", "completing") for state in info.stdout.split()):
        return f"no usable node (sinfo: {info.stdout.split()})"
    return None


def test_slurm_cluster_equals_ingest(pages, single, tmp_path):
    why_not = slurm_ready()
    if why_not is not None:
        if os.environ.get("CORPUS_REQUIRE_SLURM") == "1":
            pytest.fail(f"CORPUS_REQUIRE_SLURM=1 but Slurm is not usable: {why_not}")
        pytest.skip(f"no Slurm cluster here: {why_not}")
    out = tmp_path / "out"
    done = drive(
        [pages], out, "--engine", "slurm", "--shards", 3, "--buckets", 2,
        "--slurm-mem", "1G", "--slurm-time", "00:15:00", "--poll", 1,
    )
    assert_same_dataset(single, out)
    assert re.search(r"slurm: map: job \d+, array 0-2", done.stderr)
    assert not (out / ".corpus-work").exists()


# --- the driver's logic, against a stand-in for corpus ---------------------------

# Plans the steps FAKE_STEPS names ("a:2,b:3,z:1"); each task appends its
# start and end to FAKE_EVENTS, fails its first FAKE_FAIL attempts
# ("b:1:2": task b 1 fails twice), then writes its marker; the last step
# writes OUT/manifest.json, as commit does.
FAKE = """
import json, os, sys, time
from pathlib import Path

args = sys.argv[1:]
while args[0].startswith("--"):
    args = args[2:] if args[0] == "--threads" else args[1:]
if args[0] == "plan":
    work = Path(args[args.index("--work") + 1])
    out = Path(args[args.index("--out") + 1])
    steps = [{"name": s.split(":")[0], "tasks": int(s.split(":")[1])} for s in os.environ["FAKE_STEPS"].split(",")]
    plan = {"shards": 1, "buckets": 1, "out": str(out), "steps": steps}
    if (work / "plan.json").exists() and json.loads((work / "plan.json").read_text()) != plan:
        sys.exit("fake: a different plan")
    work.mkdir(parents=True, exist_ok=True)
    (work / "plan.json").write_text(json.dumps(plan))
    (out / "manifest.json").unlink(missing_ok=True)
    sys.exit(0)
step, work, index = args[0], Path(args[1]), int(args[2])
plan = json.loads((work / "plan.json").read_text())
events = open(os.environ["FAKE_EVENTS"], "a")
events.write(f"start {step} {index}\\n"); events.flush()
counter = work / f"attempts-{step}-{index}"
attempt = int(counter.read_text()) + 1 if counter.exists() else 1
counter.write_text(str(attempt))
fail = os.environ.get("FAKE_FAIL", "::0").split(":")
if fail[:2] == [step, str(index)] and attempt <= int(fail[2]):
    sys.exit(f"fake: {step} {index} attempt {attempt} breaks")
time.sleep(0.05)
if step == plan["steps"][-1]["name"]:
    Path(plan["out"]).mkdir(parents=True, exist_ok=True)
    (Path(plan["out"]) / "manifest.json").write_text("{}")
(work / "done").mkdir(exist_ok=True)
(work / "done" / f"{step}-{index:05d}").write_text("")
events.write(f"end {step} {index}\\n")
"""


@pytest.fixture
def fake(tmp_path):
    script = tmp_path / "fake-corpus"
    script.write_text(f"#!{sys.executable}\n" + textwrap.dedent(FAKE))
    script.chmod(0o755)
    events = tmp_path / "events.log"
    return script, events


def events_of(path: Path) -> list[tuple[str, str, int]]:
    return [(kind, step, int(index)) for kind, step, index in (line.split() for line in path.read_text().splitlines())]


def test_driver_runs_the_plans_steps_in_order_and_retries(fake, tmp_path):
    script, events = fake
    env = {"FAKE_STEPS": "a:3,b:2,z:1", "FAKE_EVENTS": str(events), "FAKE_FAIL": "b:1:2"}
    done = drive([tmp_path], tmp_path / "out", "--shards", 1, "--workers", 2, "--retries", 2, corpus=script, env=env)
    seen = events_of(events)
    # Every task of a step ends before any task of the next starts.
    order = [step for _, step, _ in seen]
    assert order.index("b") > max(i for i, s in enumerate(order) if s == "a")
    assert order.index("z") > max(i for i, s in enumerate(order) if s == "b")
    assert sorted((step, index) for kind, step, index in seen if kind == "end") == [
        ("a", 0), ("a", 1), ("a", 2), ("b", 0), ("b", 1), ("z", 0)
    ]
    # b 1 broke twice, then ran a third time.
    assert [kind for kind, step, index in seen if (step, index) == ("b", 1)] == ["start", "start", "start", "end"]
    assert "b 1: attempt 1 failed" in done.stderr and "b 1: attempt 2 failed" in done.stderr
    assert not (tmp_path / "out" / ".corpus-work").exists()


def test_driver_stops_with_the_tasks_stderr_and_resumes(fake, tmp_path):
    script, events = fake
    out = tmp_path / "out"
    env = {"FAKE_STEPS": "a:2,b:2,z:1", "FAKE_EVENTS": str(events), "FAKE_FAIL": "b:0:9"}
    done = drive([tmp_path], out, "--shards", 1, "--retries", 1, corpus=script, env=env, check=False)
    assert done.returncode == 1
    assert "task b 0 failed after 2 attempt(s)" in done.stderr
    assert "fake: b 0 attempt 2 breaks" in done.stderr, "the task's stderr is not shown"
    assert "run the same command again to resume" in done.stderr
    assert not any(step == "z" for _, step, _ in events_of(events)), "a step ran after a failed one"
    assert (out / ".corpus-work" / "plan.json").exists()

    # The same command again: a's finished tasks are skipped, b runs, the run ends.
    events.write_text("")
    env["FAKE_FAIL"] = "::0"
    done = drive([tmp_path], out, "--shards", 1, corpus=script, env=env)
    ran = {(step, index) for kind, step, index in events_of(events) if kind == "start"}
    assert not any(step == "a" for step, _ in ran), f"finished tasks ran again: {ran}"
    assert ("b", 0) in ran and ("z", 0) in ran
    assert "a: 2 task(s) already done" in done.stderr
