"""CPU time of a whole sandbox, read from outside it: what the candidate's code cannot touch.

The complexity stage times the candidate with these readings, never with a clock the worker
reads: a candidate can replace the worker's own timing function, or do its work in a helper
thread or a forked child. A sandbox's CPU time counts every thread and process in it.

- A Docker container: its cgroup's usage (v1 ``cpuacct.usage`` in ns, v2 ``cpu.stat``
  ``usage_usec``), which counts every task the container ever ran, reaped or not.
- The local sandbox: its cgroup (sandbox/local/cpu_cgroup.py) where the judge could make one, the
  same figure. Elsewhere the worker's process tree from /proc (its relay, init and every live
  descendant): each process's CPU clock (``clock_gettime`` on the process's clock, which counts
  its threads, ended ones too, to the nanosecond) plus the ``cutime + cstime`` of the children
  it reaped, in clock ticks only. Left out there: a child whose parent ignores SIGCHLD, reaped by
  the kernel without adding its time anywhere; the judge's wall clock bounds what hides there
  (judge/complexity/measure.py).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from sandbox.local.isolation import proc_files, stat_fields

_CGROUP_ROOT = Path("/sys/fs/cgroup")
_V1_USAGE = "cpuacct.usage"
# The kernel's process CPU clock kind that counts run time to the nanosecond (CPUCLOCK_SCHED).
_CPUCLOCK_SCHED = 2


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
    tick_s = 1 / os.sysconf("SC_CLK_TCK")
    # Fields after the command name, from 0: state ppid ... utime (11) stime cutime cstime.
    return sum(
        _process_seconds(pid, stats[pid]) + sum(int(tick) for tick in stats[pid][13:15]) * tick_s
        for pid in _tree(root, parents)
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


def _process_seconds(pid: int, stat: list[bytes]) -> float:
    """The process's own CPU time, every thread it ran included: its CPU clock, exact; for a
    process that exited meanwhile (a zombie has no clock), its utime + stime in clock ticks."""
    try:
        return time.clock_gettime(_process_clock(pid))
    except OSError:
        return sum(int(tick) for tick in stat[11:13]) / os.sysconf("SC_CLK_TCK")


def _process_clock(pid: int) -> int:
    """The clock id of a process's CPU time (glibc's clock_getcpuclockid, which Python lacks)."""
    return (~pid << 3) | _CPUCLOCK_SCHED
