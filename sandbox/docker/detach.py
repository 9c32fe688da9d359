"""Teardown handed to a detached process, so that the judge does not wait for it.

Killing and removing a container is ~55 ms of waiting for the engine. The `judge` program allows
detaching (judge/cli/app.py run()): the Docker backend then hands each removal to a grandchild
process and goes on at once; after the last verdict the user's prompt returns without waiting.

The grandchild runs in a session of its own (Ctrl-C at the terminal does not interrupt it) with
/dev/null for stdin, stdout and stderr (a pipe reading the judge's output ends with the judge),
and never returns into the judge's code. Forking is only safe while this process runs a single
thread, so with another one alive (a display's refresh, a worker starting in the background), or
in a process that did not allow it (a test session, a program that imports the judge), nothing
is detached and the caller does the work itself.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

_allowed = False


def allow_detaching() -> None:
    """This process is the `judge` program: teardown may continue after it has exited."""
    global _allowed
    _allowed = True


def detached(work: Callable[[], None]) -> bool:
    """Start ``work`` in a detached grandchild and return True at once; False, having run
    nothing, when detaching is not allowed or not safe here (the caller does the work itself).

    Whatever ``work`` raises stays in the grandchild: it must not need an answer.
    """
    if not _allowed or threading.active_count() > 1:
        return False
    try:
        child = os.fork()
    except OSError:
        return False
    if child == 0:
        # The child only forks the grandchild: the parent waits for it (no zombie), and the
        # grandchild, orphaned at once, is init's to reap. Neither ever returns into the judge's
        # code, nor runs its atexit handlers or flushes its buffers.
        try:
            if os.fork() == 0:
                os.setsid()
                _stdio_to_devnull()
                work()
        except BaseException:
            os._exit(1)  # from the child, whose fork failed: the parent does the work itself
        os._exit(0)
    _, wait_status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(wait_status) == 0


def _stdio_to_devnull() -> None:
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
