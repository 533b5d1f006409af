#!/usr/bin/env python3
"""Run `corpus ingest` as sharded, retryable tasks on one machine, Ray or Slurm.

    python3 sharded/driver.py INPUT... --out OUT --shards N [--engine local|ray|slurm] [-- PLAN OPTIONS]

`corpus plan` writes the plan into a work folder (`WORK/plan.json`); the
plan names the steps (map, reduce, cluster, lines, write, commit), each a
number of tasks run as `corpus STEP WORK TASK`. The driver runs the steps in
the plan's order, every task of a step finished before the next step starts,
on one of three engines:

- local: up to --workers `corpus` processes at once on this machine;
- ray: one Ray task per `corpus` task, on a running cluster (RAY_ADDRESS or
  --ray-address) or on a local one the driver starts; Ray retries a task
  that failed or whose worker died;
- slurm: one sbatch array job per step, each chained to the previous one
  with afterok; the scripts land in WORK/slurm/ and can be submitted by hand
  (--slurm-dry-run writes them and prints the commands).

Every task is idempotent and writes WORK/done/STEP-TASK when it finishes, so
a failed run is resumed by running the same command again: the plan is kept
and finished tasks are skipped. After the commit step the work folder is
removed (--keep-work keeps it). WORK/driver/ holds each task's log and, one
JSON line per attempt, its exit code, wall time and peak RSS
(`bench/sharded.py` reads them).

A test hook: CORPUS_FAULT=STEP:TASK (e.g. map:1) kills that task's first
attempt with SIGKILL mid-task, and on Ray the worker running it too, to show
the retry (a marker file in WORK/driver/ makes it the first attempt only).

Standard library only; Ray is imported by the Ray engine alone.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENGINES = ("local", "ray", "slurm")
# Characters of a failed task's log shown when the run stops.
TAIL_CHARS = 3000
# How long a faulted attempt (CORPUS_FAULT) lets its task run before the kill:
# a map task has its temporary files open after 30 ms, and one of 100 pages
# takes about 0.3 s, so the kill lands mid-task.
FAULT_DELAY = 0.1


def say(message: str) -> None:
    print(f"sharded: {message}", file=sys.stderr, flush=True)


class RunFailed(Exception):
    """The run cannot go on; the message says why (and shows the task's log)."""


class TaskFailed(Exception):
    """A `corpus` task exited non-zero. Raised inside Ray tasks so Ray retries them."""


# --- the work folder ------------------------------------------------------------


def task_name(step: str, index: int) -> str:
    """The name the step commands give a task's marker: `map-00003`."""
    return f"{step}-{index:05d}"


def is_done(work: Path, step: str, index: int) -> bool:
    return (work / "done" / task_name(step, index)).exists()


def pending_tasks(work: Path, step: str, tasks: int) -> list[int]:
    return [i for i in range(tasks) if not is_done(work, step, i)]


def read_plan(work: Path) -> dict:
    path = work / "plan.json"
    try:
        plan = json.loads(path.read_text())
        steps = [(str(s["name"]), int(s["tasks"])) for s in plan["steps"]]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise RunFailed(f"cannot read the plan {path}: {err}") from err
    if not steps:
        raise RunFailed(f"the plan {path} has no steps")
    plan["steps"] = steps
    return plan


def read_attempts(work: Path, step: str, index: int) -> list[dict]:
    """The JSON lines run_task wrote for a task, oldest first."""
    path = work / "driver" / "tasks" / f"{task_name(step, index)}.jsonl"
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return []
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue  # a line cut short by a killed worker
    return records


def append_record(path: Path, record: dict) -> None:
    # One short write in append mode: whole lines even when a worker dies.
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def log_tail(path: Path, offset: int = 0) -> str:
    """The end of a log from offset on (the current attempt), at most TAIL_CHARS."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            end = f.tell()
            f.seek(max(offset, end - TAIL_CHARS))
            text = f.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""
    return text or "(nothing on stderr)"


# --- one task -------------------------------------------------------------------


def task_command(corpus: str, step: str, work: Path, index: int, threads: int) -> list[str]:
    return [corpus, "--quiet", "--threads", str(threads), step, str(work), str(index)]


# GNU time (Debian's `time` package) measures a task's peak RSS exactly. wait4's
# ru_maxrss cannot: Linux counts the RSS of the process that forked the task
# (the driver, or a Ray worker of 100+ MiB) into the child's peak.
GNU_TIME = "/usr/bin/time"
# util-linux's setpriv: a task must die with the process that runs it. Ray does
# not kill the children of a worker that was killed, and a `corpus` task left
# running beside its own retry would write the same files twice.
SETPRIV = shutil.which("setpriv")


def launcher(command: list[str], rss_file: Path) -> tuple[list[str], bool]:
    """The command line that runs a task (and whether GNU time measures it).

    setpriv --pdeathsig KILL goes before GNU time and again before corpus, so
    that each is killed when its parent dies.
    """
    die_with_parent = [SETPRIV, "--pdeathsig", "KILL"] if SETPRIV else []
    if os.access(GNU_TIME, os.X_OK):
        return [*die_with_parent, GNU_TIME, "-q", "-f", "%M", "-o", str(rss_file), *die_with_parent, *command], True
    return [*die_with_parent, *command], False


def wait_for(proc: subprocess.Popen) -> tuple[int, os.struct_rusage]:
    """The exit code and resource usage of a child, waited for in short sleeps.

    Polling rather than one blocking wait4: Ray cancels a running task by
    raising KeyboardInterrupt in its thread, which a thread blocked in a
    system call would never see.
    """
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage
        time.sleep(0.05)


def run_task(
    corpus: str,
    work: Path,
    step: str,
    index: int,
    threads: int,
    fault: str = "",
    kill_worker: bool = False,
    children: Children | None = None,
) -> dict:
    """Run `corpus STEP WORK INDEX` once and return how it went.

    The task's stderr (and stdout) are appended to WORK/driver/logs/NAME.log;
    a start line and an end line (exit, wall and CPU seconds, peak RSS in KiB) to
    WORK/driver/tasks/NAME.jsonl, so the attempts of a task can be counted
    even when a worker died mid-task. `fault` is CORPUS_FAULT's STEP:TASK:
    the first attempt of that task (a marker file decides, so that retries
    on any machine see it) is killed with SIGKILL mid-task, and with
    `kill_worker` the calling process is killed too, as a crashed Ray worker.
    """
    name = task_name(step, index)
    driver_dir = work / "driver"
    (driver_dir / "logs").mkdir(parents=True, exist_ok=True)
    (driver_dir / "tasks").mkdir(parents=True, exist_ok=True)
    record = driver_dir / "tasks" / f"{name}.jsonl"
    log_path = driver_dir / "logs" / f"{name}.log"
    attempt = 1 + sum(1 for r in read_attempts(work, step, index) if r.get("event") == "start")
    host = socket.gethostname()
    append_record(record, {"event": "start", "attempt": attempt, "host": host, "pid": os.getpid(), "time": time.time()})

    command = task_command(corpus, step, work, index, threads)
    rss_file = driver_dir / "tasks" / f"{name}.rss-{host}-{os.getpid()}"
    launch, measured = launcher(command, rss_file)
    with open(log_path, "ab") as log:
        log.write(f"== {name} attempt {attempt} on {host}: {shlex.join(command)}\n".encode())
        log.flush()
        offset = log.tell()
        started = time.monotonic()
        # Its own process group: a kill or a stop reaches GNU time and corpus alike.
        proc = subprocess.Popen(launch, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        if children is not None:
            children.add(proc)
        try:
            if fault == f"{step}:{index}" and first_fault(work, name):
                inject_fault(proc, record, attempt, started, kill_worker)
            _, usage = wait_for(proc)
        except BaseException:
            # Cancelled or interrupted: the task must not outlive this call.
            if proc.returncode is None:
                os.killpg(proc.pid, signal.SIGKILL)
                os.waitpid(proc.pid, 0)
                proc.returncode = -signal.SIGKILL
            raise
        finally:
            if children is not None:
                children.discard(proc)
    seconds = time.monotonic() - started
    max_rss = usage.ru_maxrss
    if measured:
        try:
            max_rss = int(rss_file.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            pass  # killed before GNU time wrote it: keep wait4's figure
        rss_file.unlink(missing_ok=True)
    result = {
        "event": "end",
        "step": step,
        "task": index,
        "attempt": attempt,
        "exit": proc.returncode,
        "seconds": round(seconds, 3),
        "time": time.time(),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "max_rss_kib": max_rss,
        "rss_from": "gnu-time" if measured else "wait4",
        "host": host,
    }
    append_record(record, result)
    result["log"] = str(log_path)
    result["tail"] = "" if proc.returncode == 0 else log_tail(log_path, offset)
    return result


def first_fault(work: Path, name: str) -> bool:
    """True once per work folder and task: the attempt that should die."""
    try:
        fd = os.open(work / "driver" / f"fault-{name}", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def inject_fault(proc: subprocess.Popen, record: Path, attempt: int, started: float, kill_worker: bool) -> None:
    # Poll with WNOWAIT so the child is not reaped here: the caller's wait4
    # collects it (and its rusage) either way.
    deadline = started + FAULT_DELAY
    running = True
    while time.monotonic() < deadline:
        if os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            running = False
            break
        time.sleep(0.01)
    append_record(
        record,
        {"event": "fault", "attempt": attempt, "task_was_running": running, "kill_worker": kill_worker, "pid": os.getpid()},
    )
    if running:
        os.killpg(proc.pid, signal.SIGKILL)
    if kill_worker:
        os.kill(os.getpid(), signal.SIGKILL)


class Children:
    """The `corpus` processes the local engine has running, to stop them when a task fails."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._procs: set[subprocess.Popen] = set()

    def add(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._procs.add(proc)

    def discard(self, proc: subprocess.Popen) -> None:
        with self._lock:
            self._procs.discard(proc)

    def terminate(self) -> None:
        with self._lock:
            for proc in self._procs:
                if proc.returncode is None:
                    try:
                        os.killpg(proc.pid, signal.SIGTERM)
                    except ProcessLookupError:
                        pass


def describe_exit(code: int) -> str:
    # GNU time reports a task killed by signal S as exit 128+S.
    if code < 0:
        return f"killed by signal {-code}"
    if code > 128 and os.access(GNU_TIME, os.X_OK):
        return f"exit {code}: killed by signal {code - 128}?"
    return f"exit {code}"


def failure_message(step: str, index: int, result: dict, attempts: int) -> str:
    return (
        f"task {step} {index} failed after {attempts} attempt(s) ({describe_exit(result['exit'])}); "
        f"the end of its log {result.get('log', '')}:\n{result.get('tail', '')}"
    )


# --- engines --------------------------------------------------------------------


def run_local(args: argparse.Namespace, corpus: str, work: Path, steps: list[tuple[str, int]]) -> None:
    """Each step's pending tasks on a pool of --workers threads, each running one `corpus` at a time."""
    cores = os.cpu_count() or 1
    workers = args.workers or cores
    fault = os.environ.get("CORPUS_FAULT", "")
    children = Children()
    for step, tasks in steps:
        pending = pending_tasks(work, step, tasks)
        if not pending:
            say(f"{step}: {tasks} task(s) already done")
            continue
        slots = min(workers, len(pending))
        # Workers x threads ~ cores: a step with one task (cluster, commit) gets every core.
        threads = args.cpus_per_task or max(1, cores // slots)
        say(f"{step}: {len(pending)} of {tasks} task(s), {slots} at a time, {threads} thread(s) each")
        started = time.monotonic()
        stop = threading.Event()
        failures: list[str] = []

        def attempt_task(index: int) -> None:
            result: dict = {}
            for attempt in range(args.retries + 1):
                if stop.is_set():
                    return
                result = run_task(corpus, work, step, index, threads, fault, children=children)
                if result["exit"] == 0:
                    return
                if stop.is_set():
                    return  # stopped by another task's failure, not a failure of its own
                if attempt < args.retries:
                    say(f"{step} {index}: attempt {attempt + 1} failed ({describe_exit(result['exit'])}), retrying")
            failures.append(failure_message(step, index, result, args.retries + 1))
            stop.set()
            children.terminate()

        with ThreadPoolExecutor(max_workers=slots) as pool:
            try:
                list(pool.map(attempt_task, pending))
            except KeyboardInterrupt:
                stop.set()
                children.terminate()
                raise
        if failures:
            raise RunFailed(failures[0])
        say(f"{step}: done in {time.monotonic() - started:.1f} s")


def ray_task(corpus: str, work: str, step: str, index: int, threads: int, fault: str) -> dict:
    """The body of one Ray task: a failed `corpus` raises, so Ray retries it."""
    result = run_task(corpus, Path(work), step, index, threads, fault, kill_worker=True)
    if result["exit"] != 0:
        raise TaskFailed(failure_message(step, index, result, result["attempt"]))
    return result


def run_ray(args: argparse.Namespace, corpus: str, work: Path, steps: list[tuple[str, int]]) -> None:
    """Each step's pending tasks as Ray tasks; the next step is submitted once all of them are done.

    On a multi-machine cluster the corpus binary, the inputs and the work and
    output folders must be at the same paths on every node (a shared disk).
    """
    import ray  # only this engine needs Ray

    address = args.ray_address or os.environ.get("RAY_ADDRESS")
    try:
        if address:
            ray.init(address=address, logging_level="warning")
        else:
            workers = args.workers or os.cpu_count() or 1
            # "local": a new cluster, even where a stopped one left its address
            # file behind (ray.init would try to join that). The tasks pass only
            # small dicts, so the object store can stay small.
            ray.init(address="local", num_cpus=workers, include_dashboard=False, object_store_memory=80 * 1024 * 1024, logging_level="warning")
    except (ConnectionError, RuntimeError) as err:
        where = f"the Ray cluster at {address}" if address else "a local Ray cluster"
        raise RunFailed(f"cannot start or reach {where}: {err}") from None
    say(f"ray: {ray.cluster_resources().get('CPU', 0):g} CPU(s) in the cluster")
    cpus = args.cpus_per_task or 1
    remote = ray.remote(ray_task).options(num_cpus=cpus, max_retries=args.retries, retry_exceptions=True)
    fault = os.environ.get("CORPUS_FAULT", "")
    try:
        for step, tasks in steps:
            pending = pending_tasks(work, step, tasks)
            if not pending:
                say(f"{step}: {tasks} task(s) already done")
                continue
            say(f"{step}: {len(pending)} of {tasks} task(s) as Ray tasks, {cpus} CPU(s) each")
            started = time.monotonic()
            refs = {remote.remote(corpus, str(work), step, i, cpus, fault): i for i in pending}
            waiting = list(refs)
            while waiting:
                ready, waiting = ray.wait(waiting, num_returns=1)
                index = refs[ready[0]]
                try:
                    result = ray.get(ready[0])
                except ray.exceptions.RayTaskError as err:
                    cancel(ray, waiting)
                    cause = err.cause if isinstance(err.cause, TaskFailed) else err
                    raise RunFailed(str(cause)) from None
                except ray.exceptions.RayError as err:
                    # The worker died more often than max_retries allows.
                    cancel(ray, waiting)
                    attempts = len([r for r in read_attempts(work, step, index) if r.get("event") == "start"])
                    raise RunFailed(f"task {step} {index} failed after {attempts} attempt(s): {err}") from None
                if result["attempt"] > 1:
                    say(f"{step} {index}: finished on attempt {result['attempt']} (retried after a failure or a lost worker)")
            say(f"{step}: done in {time.monotonic() - started:.1f} s")
    finally:
        ray.shutdown()


def cancel(ray, refs) -> None:
    # Not force=True: that kills the worker with SIGKILL, while a plain cancel
    # lets run_task kill its `corpus` first (setpriv covers the other case).
    for ref in refs:
        try:
            ray.cancel(ref)
        except Exception:  # noqa: BLE001 - best effort: the run is failing anyway
            pass


# --- Slurm ----------------------------------------------------------------------


def slurm_script(args: argparse.Namespace, corpus: str, work: Path, number: int, total: int, step: str, tasks: int) -> str:
    """One sbatch script: an array job whose task i runs `corpus STEP WORK i`.

    The script is plain bash, so a task can also be run by hand with
    SLURM_ARRAY_TASK_ID set. It retries a failed task --retries times in the
    same allocation and skips a task whose marker says it is done.
    """
    logs = work / "slurm" / "logs"
    lines = [
        "#!/bin/bash",
        f"# Step {number} of {total} of the sharded ingest planned in {work}:",
        f"# `corpus {step} WORK TASK` for tasks 0-{tasks - 1}. Written by sharded/driver.py.",
        f"#SBATCH --job-name=corpus-{step}",
        f"#SBATCH --array=0-{tasks - 1}",
        f"#SBATCH --cpus-per-task={args.cpus_per_task or 1}",
        f"#SBATCH --mem={args.slurm_mem}",
        f"#SBATCH --time={args.slurm_time}",
        # %5a: the array index zero-padded like the markers; append, so a
        # resubmitted task keeps the earlier attempts' lines.
        f"#SBATCH --output={logs}/{step}-%5a.log",
        "#SBATCH --open-mode=append",
    ]
    if args.slurm_partition:
        lines.append(f"#SBATCH --partition={args.slurm_partition}")
    if args.slurm_account:
        lines.append(f"#SBATCH --account={args.slurm_account}")
    lines += [f"#SBATCH {arg}" for arg in args.sbatch_arg]
    attempts = args.retries + 1
    q = shlex.quote
    lines += [
        "set -uo pipefail",
        'task="${SLURM_ARRAY_TASK_ID:?run as a Slurm array task, or set SLURM_ARRAY_TASK_ID}"',
        f'marker={q(str(work / "done"))}/{step}-$(printf %05d "$task")',
        "# Finished by an earlier run: the marker is written last.",
        f'if [ -e "$marker" ]; then echo "{step} $task: already done"; exit 0; fi',
        "status=1",
        f"for attempt in $(seq {attempts}); do",
        f'    echo "== {step} $task: attempt $attempt of {attempts} on $(hostname) at $(date -Is)"',
        f'    if {q(corpus)} --quiet --threads "${{SLURM_CPUS_PER_TASK:-{args.cpus_per_task or 1}}}" {step} {q(str(work))} "$task"; then exit 0; else status=$?; fi',
        "done",
        f'echo "{step} $task: failed after {attempts} attempt(s) (exit $status)" >&2',
        'exit "$status"',
        "",
    ]
    return "\n".join(lines)


def after_flags(after: str) -> str:
    # A failed step cancels the steps after it instead of leaving them pending forever.
    return f"--dependency=afterok:{after} --kill-on-invalid-dep=yes"


def sbatch_command(script: Path, after: str | None) -> list[str]:
    return ["sbatch", "--parsable", *(after_flags(after).split() if after else []), str(script)]


def run_slurm(args: argparse.Namespace, corpus: str, work: Path, steps: list[tuple[str, int]]) -> bool:
    """Write one sbatch script per step, submit them chained, and (with --wait) follow them.

    Returns True when the run finished (the work folder may go), False when
    it was only written or submitted.
    """
    if any(c.isspace() for c in str(work)):
        raise RunFailed(f"the Slurm engine needs a work folder without spaces (#SBATCH lines cannot quote): {work}")
    slurm_dir = work / "slurm"
    (slurm_dir / "logs").mkdir(parents=True, exist_ok=True)
    scripts: list[tuple[str, int, Path]] = []
    for number, (step, tasks) in enumerate(steps, 1):
        script = slurm_dir / f"{number}-{step}.sh"
        script.write_text(slurm_script(args, corpus, work, number, len(steps), step, tasks))
        script.chmod(0o755)
        # A step already finished by an earlier run is not submitted again.
        if pending_tasks(work, step, tasks):
            scripts.append((step, tasks, script))

    # The same chain as a shell script, to submit by hand.
    submit = ["#!/bin/bash", "# Submit the sharded ingest's steps, each after the previous one succeeded.", "set -euo pipefail"]
    previous = None
    for step, _, script in scripts:
        variable = re.sub(r"\W", "_", step) + "_job"
        after = f"${previous}" if previous else None
        # Plain join, not shlex: $VAR must expand (the paths hold no spaces, see above).
        # --parsable prints JOBID or JOBID;CLUSTER: the dependency wants the id.
        submit.append(f"{variable}=$({' '.join(sbatch_command(script, after))} | cut -d';' -f1)")
        submit.append(f'echo "{step}: job ${variable}"')
        previous = variable
    (slurm_dir / "submit.sh").write_text("\n".join(submit) + "\n")
    (slurm_dir / "submit.sh").chmod(0o755)

    if not scripts:
        say("slurm: every step is already done")
        return True
    if args.slurm_dry_run:
        say(f"slurm: scripts written to {slurm_dir}; submit them with {slurm_dir / 'submit.sh'}:")
        for line in submit[3:]:
            if not line.startswith("echo"):
                print(line)
        return False

    jobs: list[tuple[str, int, str]] = []
    previous_job = None
    for step, tasks, script in scripts:
        command = sbatch_command(script, previous_job)
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            scancel([job for _, _, job in jobs])
            raise RunFailed(f"{shlex.join(command)} failed: {done.stderr.strip() or done.stdout.strip()}")
        # --parsable prints "JOBID" or "JOBID;CLUSTER".
        previous_job = done.stdout.strip().split(";")[0]
        jobs.append((step, tasks, previous_job))
        say(f"slurm: {step}: job {previous_job}, array 0-{tasks - 1}")
    if not args.wait:
        say(f"slurm: submitted; follow with `squeue -j {','.join(j for _, _, j in jobs)}`; the work folder {work} stays")
        return False
    wait_slurm(args, work, jobs)
    return True


def scancel(job_ids: list[str]) -> None:
    if job_ids:
        subprocess.run(["scancel", *job_ids], capture_output=True)


def queued_jobs(job_ids: set[str]) -> list[tuple[str, str, str]]:
    """(job id, state, reason) of our jobs still in the queue, array tasks one by one or grouped."""
    user = pwd.getpwuid(os.getuid()).pw_name  # not $USER: CI and batch shells may not set it
    # Listing the user's jobs, not `squeue -j`: that fails once a job has left the queue.
    done = subprocess.run(["squeue", "-h", "-u", user, "-o", "%F|%T|%r"], capture_output=True, text=True)
    if done.returncode != 0:
        raise OSError(done.stderr.strip() or f"squeue exited {done.returncode}")
    rows = []
    for line in done.stdout.splitlines():
        parts = line.strip().split("|")
        if len(parts) == 3 and parts[0] in job_ids:
            rows.append((parts[0], parts[1], parts[2]))
    return rows


def wait_slurm(args: argparse.Namespace, work: Path, jobs: list[tuple[str, int, str]]) -> None:
    """Poll squeue until our jobs have left the queue, then judge by the markers.

    sacct is not needed (clusters without accounting have none): a task
    succeeded when its marker exists. A step that failed leaves the next one
    pending with DependencyNeverSatisfied unless Slurm cancelled it already;
    both end the wait.
    """
    ids = {job for _, _, job in jobs}
    shown = {step: tasks - len(pending_tasks(work, step, tasks)) for step, tasks, _ in jobs}
    failures = 0
    while True:
        try:
            queue = queued_jobs(ids)
        except OSError as err:
            failures += 1
            if failures >= 5:
                raise RunFailed(f"squeue keeps failing: {err}; jobs {','.join(sorted(ids))} may still run") from None
            time.sleep(args.poll)
            continue
        failures = 0
        for step, tasks, _ in jobs:
            count = tasks - len(pending_tasks(work, step, tasks))
            if shown.get(step) != count:
                shown[step] = count
                say(f"slurm: {step}: {count} of {tasks} task(s) done")
        if not queue:
            break
        if any(reason == "DependencyNeverSatisfied" for _, _, reason in queue):
            scancel(sorted(ids))
            break
        time.sleep(args.poll)

    for step, tasks, job in jobs:
        missing = pending_tasks(work, step, tasks)
        if missing:
            index = missing[0]
            log = work / "slurm" / "logs" / f"{step}-{index:05d}.log"
            detail = sacct_states(job)
            raise RunFailed(
                f"Slurm job {job} ({step}): task(s) {', '.join(map(str, missing[:10]))} did not finish{detail}; "
                f"the end of {log}:\n{log_tail(log) or '(no log: the task never started)'}"
            )


def sacct_states(job: str) -> str:
    """ ", states: ..." from sacct where accounting is on, else nothing."""
    try:
        done = subprocess.run(["sacct", "-n", "-P", "-X", "-j", job, "-o", "JobID,State,ExitCode"], capture_output=True, text=True)
    except OSError:
        return ""
    if done.returncode != 0 or not done.stdout.strip():
        return ""
    return ", states: " + "; ".join(line.replace("|", " ") for line in done.stdout.split())


# --- the run --------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    # Everything after `--` goes to `corpus plan` (ingest options), not to argparse,
    # which would otherwise take it for more inputs.
    extra: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, extra = argv[:cut], argv[cut + 1 :]
    parser = argparse.ArgumentParser(
        prog="sharded/driver.py",
        description="Run `corpus ingest` as sharded, retryable tasks (corpus plan, then each step's tasks).",
        epilog="Options after `--` go to `corpus plan` (any `corpus ingest` option, e.g. -- --drop-duplicates --filter gopher).",
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories to ingest")
    parser.add_argument("--out", required=True, type=Path, help="dataset folder: TABLE/part-NNNNN.parquet and manifest.json")
    parser.add_argument("--shards", required=True, type=int, help="map and write tasks (one part file per shard and table)")
    parser.add_argument("--buckets", type=int, help="reduce and lines tasks (default: corpus plan's)")
    parser.add_argument("--engine", choices=ENGINES, default="local", help="where the tasks run (default: local)")
    parser.add_argument("--workers", type=int, help="local: tasks at once; ray: CPUs of the local cluster it starts (default: cores)")
    parser.add_argument("--cpus-per-task", type=int, help="threads per task (local default: cores / workers; ray and slurm default: 1)")
    parser.add_argument("--work", type=Path, help="work folder (default: OUT/.corpus-work); must be shared by every node")
    parser.add_argument(
        "--corpus",
        default=os.environ.get("CORPUS_BIN") or str(ROOT / "target" / "release" / "corpus"),
        help="the corpus binary (default: $CORPUS_BIN, else target/release/corpus)",
    )
    parser.add_argument("--retries", type=int, default=3, help="times a failed task is run again (default: 3)")
    parser.add_argument("--keep-work", action="store_true", help="keep the work folder after a successful run")
    ray_group = parser.add_argument_group("ray")
    ray_group.add_argument("--ray-address", help="cluster to connect to (default: $RAY_ADDRESS, else start a local one)")
    slurm = parser.add_argument_group("slurm")
    slurm.add_argument("--slurm-partition", help="#SBATCH --partition")
    slurm.add_argument("--slurm-account", help="#SBATCH --account")
    slurm.add_argument("--slurm-mem", default="4G", help="#SBATCH --mem per task (default: 4G)")
    slurm.add_argument("--slurm-time", default="04:00:00", help="#SBATCH --time per task (default: 04:00:00)")
    slurm.add_argument("--sbatch-arg", action="append", default=[], metavar="ARG", help="another #SBATCH line, e.g. --sbatch-arg=--qos=long (repeatable)")
    slurm.add_argument("--slurm-dry-run", action="store_true", help="write the scripts into WORK/slurm/ and print the sbatch commands; submit nothing")
    slurm.add_argument("--wait", action=argparse.BooleanOptionalAction, default=True, help="follow the jobs until they end (default; --no-wait: submit and return)")
    slurm.add_argument("--poll", type=float, default=5.0, help="seconds between squeue polls (default: 5)")
    args = parser.parse_args(argv)
    args.plan_options = extra
    for name in ("shards", "buckets", "workers", "cpus_per_task"):
        value = getattr(args, name)
        if value is not None and value < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.retries < 0:
        parser.error("--retries must be 0 or more")
    return args


def plan(args: argparse.Namespace, corpus: str, work: Path, out: Path) -> dict:
    inputs = [str(Path(i).resolve()) for i in args.inputs]
    command = [corpus, "--quiet", "plan", *inputs, "--work", str(work), "--out", str(out)]
    command += ["--shards", str(args.shards)]
    if args.buckets is not None:
        command += ["--buckets", str(args.buckets)]
    command += args.plan_options
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if done.returncode != 0:
        raise RunFailed(f"{shlex.join(command)} failed (exit {done.returncode}):\n{done.stderr.strip()}")
    return read_plan(work)


def run(args: argparse.Namespace) -> int:
    corpus = str(Path(args.corpus).resolve()) if os.sep in args.corpus else (shutil.which(args.corpus) or args.corpus)
    if not os.access(corpus, os.X_OK):
        raise RunFailed(f"no corpus binary at {corpus}: build it with `just build`, or pass --corpus or set CORPUS_BIN")
    out = args.out.resolve()
    work = (args.work or out / ".corpus-work").resolve()
    started = time.monotonic()
    the_plan = plan(args, corpus, work, out)
    steps = the_plan["steps"]
    say(
        f"plan: {the_plan.get('shards', args.shards)} shard(s), {the_plan.get('buckets', '?')} bucket(s), "
        f"steps {', '.join(f'{s} ({n})' for s, n in steps)}; work folder {work}"
    )
    if args.engine == "local":
        run_local(args, corpus, work, steps)
    elif args.engine == "ray":
        run_ray(args, corpus, work, steps)
    elif not run_slurm(args, corpus, work, steps):
        return 0
    left = [f"{s} {i}" for s, n in steps for i in pending_tasks(work, s, n)]
    if left:
        raise RunFailed(f"the steps ended but tasks have no done marker: {', '.join(left[:10])}")
    if not (out / "manifest.json").exists():
        raise RunFailed(f"every task finished but {out / 'manifest.json'} is missing")
    if args.keep_work:
        say(f"done in {time.monotonic() - started:.1f} s: {out} (work folder kept: {work})")
    else:
        shutil.rmtree(work, ignore_errors=True)
        say(f"done in {time.monotonic() - started:.1f} s: {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return run(args)
    except RunFailed as err:
        say(f"error: {err}")
        work = (args.work or args.out / ".corpus-work").resolve()
        if (work / "plan.json").exists():
            say(f"the work folder {work} is kept: run the same command again to resume (finished tasks are skipped)")
        return 1
    except KeyboardInterrupt:
        say("interrupted; run the same command again to resume")
        return 130


if __name__ == "__main__":
    sys.exit(main())
