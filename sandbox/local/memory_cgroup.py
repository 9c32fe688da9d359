"""A memory cgroup for the local sandbox: the limit that holds for all its processes together.

RLIMIT_AS counts one process's address space: memory that is never mapped (a memfd grown with
fallocate, a file on a tmpfs) escapes it, and so does memory spread over many processes, each
under the limit. A memory cgroup counts every page charged to the sandbox's processes, shared
memory included, and the kernel's OOM killer enforces it. The judge makes one per sandbox as a
child of its own cgroup (so whatever limits the judge, limits the sandbox too), when it may:

- cgroup v1 (a ``cgroup`` mount with the memory controller): a child of the judge's memory
  cgroup, with ``memory.limit_in_bytes`` and, where swap is accounted, the same
  ``memory.memsw.limit_in_bytes`` (no swap);
- cgroup v2 (``cgroup2`` with the memory controller): a child of the judge's cgroup, with
  ``memory.max``, ``memory.swap.max`` 0 and ``memory.oom.group`` (an OOM kill ends the whole
  sandbox), only when the judge's cgroup already delegates the memory controller to its
  children or lets the judge enable it (the kernel refuses that to a cgroup that holds
  processes, the judge's own, unless it is the root).

Otherwise (no root, no delegation, no memory controller) there is none, and the sandbox's
isolation line says what is then not limited. The sandbox's processes enter the cgroup in the
child before exec (``enter_path``); the candidate cannot leave it: /sys/fs/cgroup is read-only
in its mount namespace and its cgroup.procs files are root's. Every OOM kill in the cgroup is
counted by the kernel (``oom_kill``); the judge reads that count after every call.
"""

from __future__ import annotations

import contextlib
import enum
import errno
import os
import secrets
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from sandbox.processes import process_alive

MOUNTINFO = Path("/proc/self/mountinfo")
MEMBERSHIP = Path("/proc/self/cgroup")
# How long removing the cgroup waits for its killed processes to finish exiting.
REMOVE_WAIT_S = 2.0
# The prefix of every cgroup the judge makes: the tests look for leftovers by it.
NAME_PREFIX = "judge-local-"


class CgroupVersion(enum.Enum):
    """Which cgroup interface the memory controller is under."""

    V1 = "v1"
    V2 = "v2"


@dataclass(frozen=True, slots=True)
class NoCgroup:
    """Why the judge could not make a memory cgroup here."""

    reason: str


@dataclass(frozen=True, slots=True)
class Hierarchy:
    """Where the memory controller is mounted, and the judge's own cgroup in it."""

    version: CgroupVersion
    own: Path  # the judge's cgroup directory


class MemoryCgroup:
    """One memory cgroup the judge made, with its limit; removed by ``remove()``."""

    def __init__(self, version: CgroupVersion, path: Path, limit_bytes: int) -> None:
        self.version = version
        self.path = path
        self.limit_bytes = limit_bytes
        events = "memory.oom_control" if version is CgroupVersion.V1 else "memory.events"
        # Held open: a pread of it after every call costs a few microseconds.
        self._events = os.open(path / events, os.O_RDONLY | os.O_CLOEXEC)
        self._last_events = b""
        self._oom_kills = self.oom_kills()

    @property
    def enter_path(self) -> str:
        """The file a process writes "0" to, to move itself into the cgroup."""
        return str(self.path / "cgroup.procs")

    def oom_kills(self) -> int:
        """How many processes the kernel has killed in this cgroup for want of memory."""
        raw = os.pread(self._events, 4096, 0)
        if raw != self._last_events:
            self._last_events = raw
            for line in raw.decode("ascii", "replace").splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    self._oom_kills = int(value)
        return self._oom_kills

    def processes(self) -> list[int]:
        """The pids in the cgroup now."""
        try:
            text = (self.path / "cgroup.procs").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def kill_all(self) -> None:
        """SIGKILL every process in the cgroup, again until none is left (a fork may race)."""
        deadline = time.monotonic() + REMOVE_WAIT_S
        while (pids := self.processes()) and time.monotonic() < deadline:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.001)

    def remove(self) -> None:
        """Kill what is left in it and remove the cgroup (its charges go to the judge's);
        idempotent."""
        if self._events < 0:
            return
        os.close(self._events)
        self._events = -1
        self.kill_all()
        deadline = time.monotonic() + REMOVE_WAIT_S
        while True:
            try:
                self.path.rmdir()
                return
            except OSError as exc:
                # EBUSY: a killed process is still exiting. Past the wait, the next judge's
                # remove_stale takes it (the tests' leftover check names it meanwhile).
                if exc.errno != errno.EBUSY or time.monotonic() >= deadline:
                    return
                time.sleep(0.005)

    def describe(self) -> str:
        """The limit, said plainly, for the sandbox's isolation line."""
        return (
            f"memory cgroup ({self.version.value}): {self.limit_bytes // (1024 * 1024)} MiB for "
            "the whole sandbox, shared memory and tmpfs counted, no swap"
        )


def create_memory_cgroup(
    limit_bytes: int, *, mountinfo: Path = MOUNTINFO, membership: Path = MEMBERSHIP
) -> MemoryCgroup | NoCgroup:
    """A fresh memory cgroup limited to ``limit_bytes``, under the judge's own; else why not."""
    hierarchy = find_hierarchy(mountinfo, membership)
    if isinstance(hierarchy, NoCgroup):
        return hierarchy
    own = hierarchy.own
    remove_stale(own)
    if hierarchy.version is CgroupVersion.V2:
        refused = _delegate_memory(own)
        if refused is not None:
            return refused
    path = own / f"{NAME_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        path.mkdir(mode=0o755)
    except OSError as exc:
        return NoCgroup(f"cannot make a cgroup in {str(own)!r} ({exc.strerror or exc})")
    try:
        _set_limit(hierarchy.version, path, limit_bytes)
        return MemoryCgroup(hierarchy.version, path, limit_bytes)
    except OSError as exc:
        with contextlib.suppress(OSError):
            path.rmdir()
        return NoCgroup(f"cannot limit the cgroup {str(path)!r} ({exc.strerror or exc})")


def remove_stale(own: Path) -> list[Path]:
    """Remove the empty cgroups left in ``own`` by judges that are gone (a SIGKILLed judge
    cleans up nothing; its sandbox's processes die on their own); the ones removed."""
    removed = []
    for path in own.glob(f"{NAME_PREFIX}*"):
        pid = path.name.removeprefix(NAME_PREFIX).partition("-")[0]
        if not pid.isdigit() or process_alive(int(pid)):
            continue
        with contextlib.suppress(OSError):  # still holds a process: the next judge tries again
            path.rmdir()
            removed.append(path)
    return removed


def _set_limit(version: CgroupVersion, path: Path, limit_bytes: int) -> None:
    if version is CgroupVersion.V1:
        (path / "memory.limit_in_bytes").write_text(str(limit_bytes))
        swap = path / "memory.memsw.limit_in_bytes"  # only where swap is accounted
        if swap.exists():
            swap.write_text(str(limit_bytes))  # = the limit: no swap on top
        return
    (path / "memory.max").write_text(str(limit_bytes))
    for name, value in (("memory.swap.max", "0"), ("memory.oom.group", "1")):
        if (path / name).exists():
            (path / name).write_text(value)


def _delegate_memory(own: Path) -> NoCgroup | None:
    """Make sure the judge's v2 cgroup hands the memory controller to its children."""
    try:
        if "memory" in (own / "cgroup.subtree_control").read_text().split():
            return None
        (own / "cgroup.subtree_control").write_text("+memory")
        return None
    except OSError as exc:
        return NoCgroup(
            f"the judge's cgroup {str(own)!r} does not delegate the memory controller "
            f"({exc.strerror or exc})"
        )


def find_hierarchy(
    mountinfo: Path = MOUNTINFO, membership: Path = MEMBERSHIP
) -> Hierarchy | NoCgroup:
    """The memory controller's mount and the judge's cgroup in it: v1 if it is there, else v2."""
    try:
        mounts = mountinfo.read_text().splitlines()
        groups = membership.read_text().splitlines()
    except OSError as exc:
        return NoCgroup(f"cannot read the judge's cgroups ({exc.strerror or exc})")
    own_paths: dict[str, str] = {}  # "memory" (v1) or "" (v2) -> the judge's path in it
    for line in groups:
        _, named, path = line.split(":", 2)
        for controller in named.split(",") if named else [""]:
            own_paths[controller] = path
    v2_found = None
    for line in mounts:
        fields = line.split()
        if "-" not in fields:
            continue
        dash = fields.index("-")
        root, mount_point = fields[3], fields[4]
        fstype, super_options = fields[dash + 1], fields[dash + 3].split(",")
        if fstype == "cgroup" and "memory" in super_options and "memory" in own_paths:
            own = _under(mount_point, root, own_paths["memory"])
            if own is not None:
                return Hierarchy(CgroupVersion.V1, own)
        if fstype == "cgroup2" and "" in own_paths and v2_found is None:
            v2_found = _under(mount_point, root, own_paths[""])
    if v2_found is not None:
        try:
            controllers = (v2_found / "cgroup.controllers").read_text().split()
        except OSError:
            controllers = []
        if "memory" in controllers:
            return Hierarchy(CgroupVersion.V2, v2_found)
    return NoCgroup("no memory controller is mounted for the judge's cgroup")


def _under(mount_point: str, mount_root: str, own: str) -> Path | None:
    """The directory of cgroup ``own`` under a mount of the hierarchy's ``mount_root``."""
    relative = os.path.relpath(own, mount_root)
    if relative.startswith(".."):
        return None  # the judge's cgroup is not under this mount
    path = Path(mount_point) / relative if relative != "." else Path(mount_point)
    return path if path.is_dir() else None
