"""The sandbox's CPU time, read from outside it: the local worker's cgroup, and the process tree."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sandbox.base import CallRequest, Outcome, SandboxLimits, Submission
from sandbox.cpu_time import process_tree_cpu_seconds
from sandbox.local import cpu_cgroup as local_cgroup
from sandbox.local.backend import LocalSandbox

LIMITS = SandboxLimits(time_per_call_s=2.0, memory_mb=128, output_bytes=4096, pids=32, tmpfs_mb=8)
NEEDS_CGROUP = pytest.mark.skipif(
    not local_cgroup.available(), reason="the judge may not make a cgroup here (not root)"
)

FORKS_A_SLEEPER = """
import os, time
def start():
    if os.fork() == 0:
        time.sleep(60)
        os._exit(0)
    return 1
"""


def _cgroup_of(pid: int) -> Path:
    """The judge-made CPU cgroup a process is in, from its /proc/PID/cgroup."""
    for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "judge-local-" not in path:
            continue
        mounts = ("cpuacct", "cpu,cpuacct") if "cpuacct" in controllers.split(",") else ("",)
        for mount in mounts:
            directory = Path("/sys/fs/cgroup") / mount / path.lstrip("/")
            if directory.is_dir():
                return directory
    raise AssertionError(f"process {pid} is in no judge-made cgroup")


@NEEDS_CGROUP
def test_every_process_of_a_local_worker_is_in_its_cgroup_which_close_removes() -> None:
    with LocalSandbox(LIMITS) as sandbox:
        assert "CPU time read from a cgroup of its own" in sandbox.info.isolation
        sandbox.load(Submission("solution.py", FORKS_A_SLEEPER.encode()))
        result = sandbox.call(CallRequest("start", ((),), timed=True))
        assert (result.outcome, result.value, result.cpu_complete) == (Outcome.OK, (1,), True)
        assert sandbox.worker_pid is not None
        cgroup = _cgroup_of(sandbox.worker_pid)
        members = {int(pid) for pid in (cgroup / "cgroup.procs").read_text().split()}
        # The relay (the judge's child), the namespace's init, the worker and the sleeper.
        assert sandbox.worker_pid in members and len(members) >= 4, members
    assert not cgroup.exists()


def test_the_process_tree_counts_threads_that_ended_to_the_nanosecond() -> None:
    # Three threads that burn CPU and end, then the process reports its own CPU time and waits.
    program = textwrap.dedent(
        """
        import sys, threading, time
        def burn():
            total = 0
            for number in range(400_000):
                total += number
        for _ in range(3):
            helper = threading.Thread(target=burn)
            helper.start()
            helper.join()
        print(time.process_time(), flush=True)
        sys.stdin.read()
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", program], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        own_seconds = float(process.stdout.readline())
        seen_seconds = process_tree_cpu_seconds(process.pid)
    finally:
        process.communicate("")
    assert seen_seconds is not None
    # Clock ticks (what /proc's stat gives for ended threads) would be up to 10 ms off.
    assert own_seconds <= seen_seconds < own_seconds + 0.002
    assert process_tree_cpu_seconds(process.pid) is None  # gone
