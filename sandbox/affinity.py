"""One CPU for a judging thread and its workers, so that a request and its reply stay on it.

A call is a ping-pong: the judge writes a request and sleeps until the reply comes. When the
judge's thread and the worker run on different CPUs, each message has to wake the other CPU (an
inter-processor interrupt, a VM exit on a virtual machine): a bare pipe echo took ~80 us across
the two vCPUs of this project's machines and ~11 us on one. On one CPU the woken side simply
runs next, and the two never compete, since one of them is always asleep. Growth is measured on
the same CPU, for the reason in sandbox.base.Sandbox.pin_to_cpu.
"""

from __future__ import annotations

import contextlib
import os
import queue
from collections.abc import Iterator

# The processor a thread last ran on is field 39 of /proc/thread-self/stat; the fields are
# counted from the end of the command name, which may itself hold spaces and parentheses.
_PROCESSOR_AFTER_NAME = 39 - 3


def current_cpu() -> int:
    """The CPU the calling thread runs on (else the last one it may use)."""
    allowed = os.sched_getaffinity(0)
    try:
        with open("/proc/thread-self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        cpu = int(fields[_PROCESSOR_AFTER_NAME])
    except (OSError, IndexError, ValueError):
        return max(allowed)
    return cpu if cpu in allowed else max(allowed)


@contextlib.contextmanager
def thread_on_cpu(cpu: int) -> Iterator[None]:
    """Run the calling thread (and the processes it starts meanwhile) on ``cpu`` only.

    Best effort: where the CPU may not be used, the thread stays where it was allowed to run.
    """
    allowed = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:
        yield
        return
    try:
        yield
    finally:
        os.sched_setaffinity(0, allowed)


class CpuPool:
    """Hands each of ``size`` concurrent judging threads a CPU of its own while it judges."""

    def __init__(self, size: int) -> None:
        cpus = sorted(os.sched_getaffinity(0))
        self._free: queue.SimpleQueue[int] = queue.SimpleQueue()
        for index in range(size):
            self._free.put(cpus[-1 - index % len(cpus)])

    @contextlib.contextmanager
    def lease(self) -> Iterator[int]:
        """A CPU no other lease holds (while there are as many CPUs as threads)."""
        cpu = self._free.get()
        try:
            yield cpu
        finally:
            self._free.put(cpu)
