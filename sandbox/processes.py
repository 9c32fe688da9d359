"""Whether a process runs: asked by the cleanups of both backends about the judges that made
containers and cgroups."""

from __future__ import annotations

import os


def process_alive(pid: int) -> bool:
    """Is there a process ``pid`` on this machine (anyone's)?"""
    try:
        os.kill(pid, 0)  # signal 0: only asks
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        return True
    return True
