"""What a test process may not leave behind: sandbox processes and the judge's containers.

A sandbox process that outlives its sandbox (a fork bomb's child that called setsid(), say)
would normally be re-parented to init and be impossible to tell from anyone else's process. A
test process therefore makes itself a child subreaper: such orphans are re-parented to it, so
every one of them is among its descendants. Containers carry the pid of the judge process that
started them in a label, so each test process checks only its own (xdist workers run side by
side, and other test runs may share the engine).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
from dataclasses import dataclass

from sandbox.local.isolation import proc_files, stat_fields

PR_SET_CHILD_SUBREAPER = 36


@dataclass(frozen=True, slots=True)
class Leftovers:
    """Live descendant processes (pid, command line) and container ids of one test process."""

    processes: tuple[tuple[int, str], ...]
    containers: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.processes or self.containers)

    def describe(self) -> list[str]:
        """One line per leftover."""
        lines = [f"process {pid}: {command}" for pid, command in self.processes]
        return lines + [f"container {container_id[:12]}" for container_id in self.containers]


def become_subreaper() -> None:
    """Adopt the orphans of this process's descendants (Linux only)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def find(owner_pid: int) -> Leftovers:
    """What ``owner_pid`` left: live descendants, and containers labelled with its pid."""
    return Leftovers(tuple(live_descendants(owner_pid)), judge_containers(owner_pid))


def clean(found: Leftovers) -> None:
    """Kill the processes and remove the containers, so one bad run does not spoil the next."""
    for pid, _ in found.processes:
        with contextlib.suppress(ProcessLookupError):  # died meanwhile
            os.kill(pid, signal.SIGKILL)
    if found.containers:
        from sandbox.docker.backend import Engine

        with Engine.connect() as engine:
            for container_id in found.containers:
                engine.client.api.remove_container(container_id, force=True)


@dataclass(frozen=True, slots=True)
class ProcessStat:
    """The fields of /proc/PID/stat the leftover checks need."""

    pid: int
    state: bytes  # R, S, D, Z (zombie), X (dead), ...
    ppid: int
    pgrp: int

    @property
    def live(self) -> bool:
        """Running or sleeping: not a zombie waiting to be reaped, not dead."""
        return self.state not in (b"Z", b"X")


def process_stats() -> list[ProcessStat]:
    """Every process's /proc/PID/stat, skipping those that end while being read."""
    return [_parse_stat(pid, stat) for pid, stat in proc_files("stat")]


def process_stat(pid: int) -> ProcessStat | None:
    """One process's /proc/PID/stat; None when there is no such process (any more)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return _parse_stat(pid, handle.read())
    except OSError:
        return None


def _parse_stat(pid: int, stat: bytes) -> ProcessStat:
    fields = stat_fields(stat)
    return ProcessStat(pid, fields[0], int(fields[1]), int(fields[2]))


def live_descendants(ancestor: int) -> list[tuple[int, str]]:
    """(pid, command line) of every live, non-zombie descendant of ``ancestor``."""
    children: dict[int, list[ProcessStat]] = {}
    for stat in process_stats():
        children.setdefault(stat.ppid, []).append(stat)
    found = []
    pending = list(children.get(ancestor, []))
    while pending:
        stat = pending.pop()
        pending.extend(children.get(stat.pid, []))
        if stat.live:
            found.append((stat.pid, _command_line(stat.pid)))
    return sorted(found)


def judge_containers(owner_pid: int) -> tuple[str, ...]:
    """Containers labelled as started by ``owner_pid``; none when no engine answers."""
    from judge.errors import SandboxUnavailable
    from sandbox.docker.backend import Engine

    try:
        with Engine.connect() as engine:
            return engine.judge_containers(owner_pid)
    except SandboxUnavailable:
        return ()


def _command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"
