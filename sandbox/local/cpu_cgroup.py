"""A CPU-accounting cgroup for one local worker, when this host lets the judge make one.

A cgroup counts the CPU time of every thread and process its members ever ran, to the
nanosecond, reaped or not (a forked child the candidate waited for, or one the kernel reaped
unseen): the complexity stage reads the local sandbox's CPU time from it (sandbox/cpu_time.py).
The worker joins it in its preexec function, before anything of the sandbox forks, so every
process of the sandbox is in it; the candidate, behind read-only mounts and a dedicated uid,
cannot move out. Made where the judge may write a cgroup file system (root, v1 ``cpuacct`` or
v2); elsewhere there is none and the worker's process tree is read instead.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

_ROOT = Path("/sys/fs/cgroup")
_V1_MOUNTS = ("cpuacct", "cpu,cpuacct")
_PREFIX = "judge-local-"
# How long removal waits for the killed processes to finish leaving the cgroup.
_REMOVE_WAIT_S = 2.0


@dataclass(frozen=True, slots=True)
class CpuCgroup:
    """A cgroup of the judge's making: its directory and the file that holds its CPU usage."""

    path: Path
    usage_file: Path

    @classmethod
    def create(cls) -> CpuCgroup | None:
        """A new, empty cgroup under the judge's own; None when this host will not make one."""
        found = _own_cpu_hierarchy()
        if found is None:
            return None
        parent, usage_name = found
        _remove_stale(parent)
        path = parent / f"{_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            path.mkdir(mode=0o755)
        except OSError:
            return None  # not root, or a read-only cgroup file system
        if not (path / usage_name).is_file():
            with contextlib.suppress(OSError):
                path.rmdir()
            return None
        return cls(path, path / usage_name)

    def open_members(self) -> int:
        """A write end of the cgroup's process list, for ``join`` in the child (close it after)."""
        return os.open(self.path / "cgroup.procs", os.O_WRONLY | os.O_CLOEXEC)

    def remove(self) -> None:
        """Remove the cgroup once its (killed) processes have left; left behind if they linger."""
        deadline = time.monotonic() + _REMOVE_WAIT_S
        while True:
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError as exc:
                if exc.errno != errno.EBUSY or time.monotonic() > deadline:
                    return
                time.sleep(0.01)


def available() -> bool:
    """Whether CpuCgroup.create can make a cgroup here (what the isolation line says)."""
    found = _own_cpu_hierarchy()
    return found is not None and os.access(found[0], os.W_OK)


def join(members_fd: int) -> None:
    """Move the calling process into the cgroup (in the child, before it forks anything)."""
    os.write(members_fd, b"0")  # "0": the writer itself


def _own_cpu_hierarchy() -> tuple[Path, str] | None:
    """The judge's own cgroup in a hierarchy that accounts CPU time, and that usage file's name."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    own = {}
    for line in lines:
        _, controllers, path = line.split(":", 2)
        own[controllers] = path.lstrip("/")
    for mount in _V1_MOUNTS:
        if (_ROOT / mount / "cpuacct.usage").is_file():
            for controllers, path in own.items():
                if "cpuacct" in controllers.split(","):
                    return _ROOT / mount / path, "cpuacct.usage"
    if (_ROOT / "cgroup.controllers").is_file() and "" in own:  # v2 only: one hierarchy
        return _ROOT / own[""], "cpu.stat"
    return None


def _remove_stale(parent: Path) -> None:
    """Remove the empty cgroups that judges no longer running left (a judge killed outright)."""
    with contextlib.suppress(OSError):
        for entry in parent.iterdir():
            if not entry.name.startswith(_PREFIX):
                continue
            owner = entry.name[len(_PREFIX) :].split("-", 1)[0]
            if owner.isdigit() and not Path(f"/proc/{owner}").exists():
                with contextlib.suppress(OSError):
                    entry.rmdir()
