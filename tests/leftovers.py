"""What a test process may not leave behind: sandbox processes, the judge's containers and memory
cgroups, and System V or POSIX IPC objects.

A sandbox process that outlives its sandbox (a fork bomb's child that called setsid(), say)
would normally be re-parented to init and be impossible to tell from anyone else's process. A
test process therefore makes itself a child subreaper: such orphans are re-parented to it, so
every one of them is among its descendants. Containers carry the pid of the judge process that
started them in a label, so each test process checks only its own (xdist workers run side by
side, and other test runs may share the engine). Memory cgroups the judge makes carry its pid in
their name (sandbox/local/memory_cgroup.py). IPC objects carry no owner but a uid: what a session
finds at its
end that was not there at its start, of the sandbox's uids (the judge's own, or a dedicated uid
from isolation.SANDBOX_UID_RANGE), is left over.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
from dataclasses import dataclass
from pathlib import Path

from sandbox.local.isolation import SANDBOX_UID_RANGE, proc_files, stat_fields
from sandbox.local.memory_cgroup import NAME_PREFIX, NoCgroup, find_hierarchy
from sandbox.processes import process_alive

PR_SET_CHILD_SUBREAPER = 36


# Where the host lists its System V objects, and its POSIX shared memory and message queues.
SYSV_TABLES = tuple(Path("/proc/sysvipc") / kind for kind in ("shm", "sem", "msg"))
POSIX_IPC_DIRS = (Path("/dev/shm"), Path("/dev/mqueue"))


@dataclass(frozen=True, slots=True)
class Leftovers:
    """Live descendant processes (pid, command line), container ids, memory cgroups (paths) and
    IPC objects (described) of one test process."""

    processes: tuple[tuple[int, str], ...]
    containers: tuple[str, ...]
    cgroups: tuple[str, ...] = ()
    ipc_objects: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.processes or self.containers or self.cgroups or self.ipc_objects)

    def describe(self) -> list[str]:
        """One line per leftover."""
        lines = [f"process {pid}: {command}" for pid, command in self.processes]
        lines += [f"container {container_id[:12]}" for container_id in self.containers]
        lines += [f"memory cgroup {path}" for path in self.cgroups]
        return lines + [f"IPC object {described}" for described in self.ipc_objects]


def become_subreaper() -> None:
    """Adopt the orphans of this process's descendants (Linux only)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def find(owner_pid: int, ipc_before: frozenset[str] = frozenset()) -> Leftovers:
    """What ``owner_pid`` left: live descendants, containers labelled with its pid, memory
    cgroups named for it, and the sandbox's IPC objects not among ``ipc_before``."""
    return Leftovers(
        tuple(live_descendants(owner_pid)),
        judge_containers(owner_pid),
        judge_cgroups(owner_pid),
        tuple(sorted(sandbox_ipc_objects() - ipc_before)),
    )


def clean(found: Leftovers) -> None:
    """Kill the processes and remove the containers and cgroups, so one bad run does not spoil
    the next (IPC objects are only named: removing them is the host's owner's call)."""
    for pid, _ in found.processes:
        with contextlib.suppress(ProcessLookupError):  # died meanwhile
            os.kill(pid, signal.SIGKILL)
    for path in found.cgroups:
        with contextlib.suppress(OSError):
            os.rmdir(path)
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


def judge_cgroups(owner_pid: int) -> tuple[str, ...]:
    """Memory cgroups (sandbox/local/memory_cgroup.py) that the judge process ``owner_pid`` made,
    or a judge
    that is gone (a `judge` program a test ran), and that remain."""
    hierarchy = find_hierarchy()
    if isinstance(hierarchy, NoCgroup):
        return ()
    found = []
    for path in hierarchy.own.glob(f"{NAME_PREFIX}*"):
        pid = path.name.removeprefix(NAME_PREFIX).partition("-")[0]
        if pid.isdigit() and (int(pid) == owner_pid or not process_alive(int(pid))):
            found.append(str(path))
    return tuple(sorted(found))


def sandbox_ipc_objects() -> frozenset[str]:
    """The host's System V objects and POSIX shared memory and queues that a sandbox's uid owns
    (this process's uid, or a dedicated one), each as "KIND KEY/ID uid UID" or "PATH uid UID"."""
    found = set()
    for table in SYSV_TABLES:
        with contextlib.suppress(OSError):
            header, *rows = table.read_text().splitlines()
            columns = header.split()
            for row in rows:
                fields = dict(zip(columns, row.split(), strict=False))
                if _sandbox_uid(int(fields["uid"])):
                    number = next(fields[n] for n in ("shmid", "semid", "msqid") if n in fields)
                    found.add(f"{table.name} {fields['key']}/{number} uid {fields['uid']}")
    for directory in POSIX_IPC_DIRS:
        with contextlib.suppress(OSError):
            for entry in directory.iterdir():
                with contextlib.suppress(OSError):
                    uid = entry.lstat().st_uid
                    # multiprocessing's own semaphores (the judge's process pools), not a sandbox's
                    judges_own = uid == os.getuid() and entry.name.startswith("sem.mp-")
                    if _sandbox_uid(uid) and not judges_own:
                        found.add(f"{entry} uid {uid}")
    return frozenset(found)


def _sandbox_uid(uid: int) -> bool:
    return uid == os.getuid() or uid in SANDBOX_UID_RANGE
