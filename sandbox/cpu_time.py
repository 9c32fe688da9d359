"""CPU time of a whole sandbox, read from outside it: what the candidate's code cannot touch.

The complexity stage times the candidate with these readings, never with a clock the worker
reads: a candidate can replace the worker's own timing function, or do its work in a helper
thread or a forked child. A sandbox's CPU time counts every thread and process in it.

- A Docker container: its cgroup's usage (v1 ``cpuacct.usage`` in ns, v2 ``cpu.stat``
  ``usage_usec``), which counts every task the container ever ran, reaped or not.
- The local sandbox: the worker's process tree from /proc (its relay, init and every live
  descendant). Each process counts the run time of its live threads to the nanosecond
  (``schedstat``), or its ``utime + stime + cutime + cstime`` in clock ticks when that is more:
  those also count threads that ended and children it reaped. Left out: a child whose
  parent ignores SIGCHLD, reaped by the kernel without adding its time anywhere; the judge's wall
  clock bounds what hides there (judge/complexity.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from sandbox.isolation import proc_files, stat_fields

_CGROUP_ROOT = Path("/sys/fs/cgroup")
_V1_USAGE = "cpuacct.usage"


def cgroup_usage_file(container_id: str) -> Path | None:
    """The file that holds a running container's CPU usage, None when this host shows none."""
    candidates = (
        _CGROUP_ROOT / "cpuacct" / "docker" / container_id / _V1_USAGE,  # v1, cgroupfs
        _CGROUP_ROOT / "cpuacct" / "system.slice" / f"docker-{container_id}.scope" / _V1_USAGE,
        _CGROUP_ROOT / "cpu,cpuacct" / "docker" / container_id / _V1_USAGE,
        _CGROUP_ROOT / "system.slice" / f"docker-{container_id}.scope" / "cpu.stat",  # v2, systemd
        _CGROUP_ROOT / "docker" / container_id / "cpu.stat",  # v2, cgroupfs
    )
    return next((path for path in candidates if path.is_file()), None)


def cgroup_cpu_seconds(usage_file: Path) -> float | None:
    """The CPU time a cgroup's tasks have used, from ``cgroup_usage_file``'s file."""
    try:
        text = usage_file.read_text()
    except OSError:
        return None  # the container is gone
    if usage_file.name == "cpu.stat":
        fields = dict(line.split(maxsplit=1) for line in text.splitlines() if " " in line)
        usage = fields.get("usage_usec")
        return int(usage) / 1e6 if usage is not None else None
    return int(text) / 1e9


def process_tree_cpu_seconds(root: int) -> float | None:
    """The CPU time used by ``root`` and all its live descendants (see the module docstring).

    None when ``root`` is gone.
    """
    parents: dict[int, int] = {}
    stats: dict[int, list[bytes]] = {}
    for pid, contents in proc_files("stat"):
        stats[pid] = stat = stat_fields(contents)
        parents[pid] = int(stat[1])
    if root not in stats:
        return None
    tree = _tree(root, parents)
    tick_s = 1 / os.sysconf("SC_CLK_TCK")
    # Fields after the command name, from 0: state ppid ... utime (11) stime cutime cstime.
    return sum(
        max(_live_threads_seconds(pid), sum(int(tick) for tick in stats[pid][11:15]) * tick_s)
        for pid in tree
    )


def _tree(root: int, parents: dict[int, int]) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, ()))
    return found


def _live_threads_seconds(pid: int) -> float:
    """Nanosecond-exact run time of the process's live threads (schedstat's first field)."""
    total = 0
    try:
        threads = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return 0.0
    for thread in threads:
        try:
            with open(f"/proc/{pid}/task/{thread}/schedstat", "rb") as file:
                total += int(file.read().split()[0])
        except (OSError, IndexError, ValueError):
            continue  # the thread ended meanwhile: its time is in the process's utime
    return total / 1e9
