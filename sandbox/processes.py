"""Whether a process runs: asked by the cleanups of both backends about the judges that made
containers and cgroups."""

from __future__ import annotations

import os
from pathlib import Path


def process_alive(pid: int) -> bool:
    """Is there a process ``pid`` on this machine (anyone's) that has not ended? A zombie has
    ended: a killed judge's orphan waits for its new parent to reap it, maybe for long."""
    try:
        os.kill(pid, 0)  # signal 0: only asks
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        pass
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether ``pid`` has ended and waits to be reaped (Linux's /proc; False elsewhere)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[-1].split()[:1] in (["Z"], ["X"])
