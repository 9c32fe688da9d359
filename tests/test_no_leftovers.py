"""The session-end leftover check (tests/conftest.py) sees what it must see."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import time
from pathlib import Path

import leftovers
import pytest

from sandbox.base import SandboxLimits, Submission
from sandbox.local.memory_cgroup import NAME_PREFIX, NoCgroup, find_hierarchy


def test_an_orphaned_grandchild_is_a_leftover_until_killed() -> None:
    # The shell exits at once; its background sleep is orphaned and adopted by this process.
    started = subprocess.run(
        ["sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!"],
        capture_output=True,
        check=True,
        text=True,
    )
    orphan = int(started.stdout)
    try:
        assert (orphan, "sleep 60") in leftovers.live_descendants(os.getpid())
    finally:
        os.kill(orphan, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while orphan in dict(leftovers.live_descendants(os.getpid())):
        assert time.monotonic() < deadline, "the killed orphan never died"
        time.sleep(0.01)


@pytest.mark.docker
def test_a_judge_container_is_listed_as_this_process_s_until_closed(
    docker_required: None,
) -> None:
    from sandbox.docker.backend import DockerSandbox

    with DockerSandbox(SandboxLimits()) as sandbox:
        sandbox.load(Submission("solution.py", b"def ok():\n    return 1\n"))
        container_id = sandbox.container_id
        assert container_id in leftovers.judge_containers(os.getpid())
    assert container_id not in leftovers.judge_containers(os.getpid())
    assert leftovers.judge_containers(os.getpid() + 1_000_000) == ()


IPC_PRIVATE, IPC_CREAT, IPC_RMID = 0, 0o1000, 0


def test_a_system_v_segment_and_a_posix_shm_file_are_leftovers_until_removed() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    before = leftovers.sandbox_ipc_objects()
    segment = libc.shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0o600)
    assert segment >= 0, os.strerror(ctypes.get_errno())
    shm_file = Path("/dev/shm") / f"leftover-test-{os.getpid()}"
    try:
        shm_file.write_bytes(b"x")
        found = leftovers.find(os.getpid(), before).ipc_objects
        assert f"{shm_file} uid {os.getuid()}" in found
        assert any(f"shm 0/{segment} uid {os.getuid()}" == line for line in found), found
    finally:
        libc.shmctl(segment, IPC_RMID, None)
        shm_file.unlink(missing_ok=True)
    assert leftovers.find(os.getpid(), before).ipc_objects == ()


def test_a_memory_cgroup_of_a_judge_that_is_gone_is_a_leftover_until_removed() -> None:
    hierarchy = find_hierarchy()
    if isinstance(hierarchy, NoCgroup) or not os.access(hierarchy.own, os.W_OK):
        pytest.skip("no memory cgroup this user may make here")
    dead_pid = 2**22 + 1  # above the largest pid Linux hands out (pid_max's limit)
    path = hierarchy.own / f"{NAME_PREFIX}{dead_pid}-test"
    path.mkdir()
    try:
        assert str(path) in leftovers.judge_cgroups(os.getpid())
    finally:
        path.rmdir()
    assert str(path) not in leftovers.judge_cgroups(os.getpid())
