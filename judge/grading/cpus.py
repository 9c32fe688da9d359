"""A CPU for each judging process, claimed across the machine: the local pool's processes and every
`judge worker`'s pool processes share one count, so two workers on one machine judge on two CPUs.

A claim is an exclusive ``flock`` on a file per CPU and slot, ``cpu-<N>.<slot>.lock``, in a
folder of the user's (``$XDG_RUNTIME_DIR/judge-cpus``, else ``judge-cpus-<uid>`` in the temporary
folder). The process holds it for its life and the kernel drops it when the process dies, even by
SIGKILL: nothing to clean up, no stale claim. Slot 0 of every CPU is tried first (from the last
CPU down, as sandbox.affinity.CpuPool hands them out), then slot 1 of every CPU, and so on: with
more judging processes than CPUs, each one shares the least-claimed CPU, and nobody fails.

Per user: a folder shared with other users could be replaced by theirs (a symlink in /tmp), and
another user's judge is not this one's to count. Where the folder cannot be used, the claim falls
back to the process's index in its own pool, as before.
"""

from __future__ import annotations

import fcntl
import os
import stat
import tempfile
from pathlib import Path


def claims_folder() -> Path:
    """Where this user's judging processes claim their CPUs."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        return Path(runtime) / "judge-cpus"
    return Path(tempfile.gettempdir()) / f"judge-cpus-{os.getuid()}"


def claim_cpu(index: int) -> int:
    """Pin this process to the least-claimed CPU it may use, claimed until it dies.

    ``index`` is the process's place in its own pool: the CPU it takes when no claim can be made.
    """
    allowed = sorted(os.sched_getaffinity(0), reverse=True)
    cpu = _claim(allowed)
    if cpu is None:
        cpu = allowed[index % len(allowed)]
    os.sched_setaffinity(0, {cpu})
    return cpu


def _claim(allowed: list[int]) -> int | None:
    """The first CPU of ``allowed`` with a free slot, the lowest slot first (None: no folder)."""
    folder = claims_folder()
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        found = os.lstat(folder)
    except OSError:
        return None
    # Ours, and a folder (not a link someone else planted): else nothing in it is trusted.
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid():
        return None
    slot = 0
    while True:  # ends: each live process holds one slot, so some slot is free
        for cpu in allowed:
            path = folder / f"cpu-{cpu}.{slot}.lock"
            try:
                # O_CLOEXEC: the sandbox's programs do not inherit (and prolong) the claim.
                claim = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
            except OSError:
                return None
            try:
                fcntl.flock(claim, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(claim)
                if isinstance(exc, BlockingIOError):
                    continue  # another live process holds this slot
                return None
            # ``claim`` is never closed: the lock lasts as long as this process.
            return cpu
        slot += 1
