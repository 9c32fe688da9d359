"""Teardown handed to a detached process (sandbox/docker/detach.py): only where the process allows
it and runs one thread, in a grandchild of its own session that outlives it without holding its
output; through Docker, the `judge` program's last container is gone soon after the program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from waiting import within

from sandbox.docker import detach

# Run as a program: allows detaching, hands over work that waits for GO to exist, then writes
# RECORD; prints what detached() returned. A second piece of work raises.
DETACHING_PROGRAM = """
import json, os, sys, time
from pathlib import Path
from sandbox.docker.detach import allow_detaching, detached

go, record = Path(sys.argv[1]), Path(sys.argv[2])

def work():
    while not go.exists():
        time.sleep(0.01)
    fds = [os.readlink(f"/proc/self/fd/{fd}") for fd in (0, 1, 2)]
    record.write_text(json.dumps({"pid": os.getpid(), "sid": os.getsid(0), "stdio": fds}))

def broken():
    raise RuntimeError("this stays in the grandchild")

allow_detaching()
print(json.dumps({"pid": os.getpid(), "detached": [detached(work), detached(broken)]}))
"""


def test_the_work_outlives_the_program_in_its_own_session_without_its_output(
    tmp_path: Path,
) -> None:
    go, record = tmp_path / "go", tmp_path / "record.json"
    # Returns once the program has exited and its stdout and stderr pipes have closed.
    finished = subprocess.run(
        [sys.executable, "-c", DETACHING_PROGRAM, str(go), str(record)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    program = json.loads(finished.stdout)
    assert program["detached"] == [True, True]
    assert finished.stderr == ""  # the broken work's traceback did not reach the program's
    assert not record.exists()  # the work is still waiting: nobody waited for it
    go.touch()
    assert within(30, record.exists)
    work = json.loads(record.read_text())
    assert work["pid"] != program["pid"]
    assert work["sid"] == work["pid"]  # a session of its own: Ctrl-C at the terminal spares it
    assert work["stdio"] == [os.devnull] * 3


def test_nothing_is_detached_unless_the_process_allows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(detach, "_allowed", False)
    ran = tmp_path / "ran"
    assert detach.detached(ran.touch) is False
    assert not ran.exists()


def test_nothing_is_detached_while_another_thread_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A forked child holds only the forking thread: a lock another one holds stays locked.
    monkeypatch.setattr(detach, "_allowed", True)
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        ran = tmp_path / "ran"
        assert detach.detached(ran.touch) is False
        assert not ran.exists()
    finally:
        release.set()
        other.join()


# Ignores SIGTERM, and keeps a thread busy in the container after its answers.
HOSTILE_GCD = textwrap.dedent(
    """
    import math, signal, threading
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=lambda: [None for _ in iter(int, 1)], daemon=True).start()

    def gcd(a, b):
        return math.gcd(a, b)
    """
)


@pytest.mark.docker
@pytest.mark.usefixtures("docker_required")
def test_the_judge_programs_last_container_is_removed_after_it_exits(tmp_path: Path) -> None:
    from sandbox.docker.backend import Engine

    (tmp_path / "gcd.py").write_text(HOSTILE_GCD, encoding="utf-8")
    command = [sys.executable, "-m", "judge", "submit", "gcd.py", "--sandbox", "docker"]
    options = ["--examples", "10", "--no-complexity", "--no-style", "--no-history", "--json"]
    program = subprocess.Popen(
        [*command, *options], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    stdout, stderr = program.communicate(timeout=120)
    assert program.returncode == 0, stderr
    assert json.loads(stdout)["verdict"] == "accepted"
    with Engine.connect() as engine:
        assert within(30, lambda: not engine.judge_containers(program.pid))
