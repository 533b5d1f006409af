"""Measuring helpers shared by the bench harnesses (standard library only).

`measure(cmd)` runs a command and returns its wall time, the peak of the
summed RSS of its whole process tree (sampled every 50 ms: datatrove and the
trafilatura pool run worker processes) and the CPU seconds (user + system)
of that tree.
"""

import glob
import os
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass

SAMPLE_SECONDS = 0.05


def tree_sample(pid):
    """(RSS in bytes, {(pid, start time): CPU ticks}) of pid and all its descendants."""
    children = defaultdict(list)
    rss, cpu = {}, {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            p = int(stat.split("/")[2])
            children[int(fields[1])].append(p)
            rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
            # utime + stime, keyed with the start time against pid reuse.
            cpu[p] = ((p, fields[19]), int(fields[11]) + int(fields[12]))
        except (OSError, IndexError, ValueError):
            continue
    total, ticks, todo = 0, {}, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        if p in cpu:
            key, t = cpu[p]
            ticks[key] = t
        todo.extend(children.get(p, []))
    return total, ticks


def tree_rss(pid):
    """RSS in bytes of pid and all its descendants."""
    return tree_sample(pid)[0]


@dataclass
class Run:
    wall: float
    """Seconds from start to exit."""
    peak_rss: int
    """Bytes: the largest sampled sum of RSS over the process tree."""
    cpu: float
    """User + system CPU seconds of the process tree: the larger of what
    wait4 reports (the process and the descendants it reaped) and the sum
    of the last sample of each process seen in the tree (worker pools run
    from a fork server are not reaped by the process measured)."""


def measure(cmd, **kw):
    """Run cmd (a list); exit the harness if it fails."""
    print("$", " ".join(cmd), file=sys.stderr)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, **kw)
    peak, ticks = 0, {}
    while True:
        # wait4 rather than Popen.poll, to get the child's resource usage
        # (which includes the descendants it waited for: worker pools).
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss, seen = tree_sample(proc.pid)
        peak = max(peak, rss)
        ticks.update(seen)
        time.sleep(SAMPLE_SECONDS)
    wall = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
    sampled = sum(ticks.values()) / os.sysconf("SC_CLK_TCK")
    return Run(wall, peak, max(usage.ru_utime + usage.ru_stime, sampled))
