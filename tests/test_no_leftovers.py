"""The session-end leftover check (tests/conftest.py) sees what it must see."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import leftovers
import pytest

from sandbox.base import SandboxLimits, Submission


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
