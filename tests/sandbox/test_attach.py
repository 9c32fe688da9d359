"""How the judge holds a container: Docker's multiplexed attach stream, cut anywhere, leaves the
tail of stderr; the worker's socket lets one connection in and trusts it only from
the sandbox's user inside the container.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.base import SandboxLimits
from sandbox.docker.attach import (
    SOCKET_NAME,
    AttachedContainer,
    PeerCredentials,
    PeerRefused,
    StderrTail,
    WorkerListener,
    check_peer,
    peer_credentials,
)
from sandbox.errors import SandboxUnavailable
from sandbox.wire import ChannelClosed, ReplyTimeout

LIMITS = SandboxLimits()


def frame(stream: int, payload: bytes) -> bytes:
    return bytes([stream, 0, 0, 0]) + len(payload).to_bytes(4, "big") + payload


STREAM = frame(2, b"Traceback\n") + frame(1, b"not attached") + frame(2, b"Fatal Python error\n")


@pytest.mark.parametrize("cut", range(len(STREAM) + 1))
def test_a_stream_cut_at_any_point_gives_the_same_stderr(cut: int) -> None:
    tail = StderrTail(cap=1024)
    tail.feed(STREAM[:cut])
    tail.feed(STREAM[cut:])
    assert bytes(tail.stderr) == b"Traceback\nFatal Python error\n"
    assert tail.last_line() == "Fatal Python error"


def test_byte_by_byte() -> None:
    tail = StderrTail(cap=1024)
    for byte in STREAM:
        tail.feed(bytes([byte]))
    assert bytes(tail.stderr) == b"Traceback\nFatal Python error\n"


def test_stderr_keeps_only_a_capped_tail_and_its_last_line() -> None:
    tail = StderrTail(cap=10)
    tail.feed(frame(2, b"a" * 100 + b"\nlast words\n"))
    assert bytes(tail.stderr) == b"ast words\n"
    assert tail.last_line() == "ast words"
    assert StderrTail(cap=10).last_line() == ""


def test_an_empty_frame_and_other_streams_carry_nothing() -> None:
    tail = StderrTail(cap=10)
    tail.feed(frame(2, b"") + frame(0, b"stdin echo") + frame(1, b"out") + frame(2, b"x"))
    assert bytes(tail.stderr) == b"x"


# ---- the worker's socket ------------------------------------------------------------------

CONTAINER = "ab" * 32
OTHER = "cd" * 32


def check(peer: PeerCredentials, proc: Path) -> None:
    """Check ``peer`` as the judge does for the sandbox's user and CONTAINER."""
    check_peer(peer, uid=65534, gid=65534, container_id=CONTAINER, proc=proc)


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A directory with a short path: a unix socket's path is limited to 107 bytes."""
    with tempfile.TemporaryDirectory(prefix="attach-", dir="/tmp") as name:
        yield Path(name)


def fake_proc(root: Path, pid: int, cgroup: str) -> Path:
    (root / str(pid)).mkdir(parents=True)
    (root / str(pid) / "cgroup").write_text(cgroup)
    return root


@pytest.mark.parametrize(
    "cgroup",
    [
        "".join(f"{n}:{c}:/docker/{CONTAINER}\n" for n, c in ((2, "memory"), (1, "cpu"), (0, ""))),
        f"0::/system.slice/docker-{CONTAINER}.scope\n",
    ],
    ids=["cgroupfs", "systemd"],
)
def test_a_peer_inside_the_container_as_the_sandbox_user_passes(
    tmp_path: Path, cgroup: str
) -> None:
    proc = fake_proc(tmp_path, 4321, cgroup)
    check(PeerCredentials(pid=4321, uid=65534, gid=65534), proc)


@pytest.mark.parametrize(
    ("peer", "cgroup", "message"),
    [
        (
            PeerCredentials(pid=4321, uid=0, gid=65534),
            f"0::/docker/{CONTAINER}\n",
            "refused a connection from uid:gid 0:65534, not 65534:65534",
        ),
        (
            PeerCredentials(pid=4321, uid=65534, gid=1000),
            f"0::/docker/{CONTAINER}\n",
            "refused a connection from uid:gid 65534:1000, not 65534:65534",
        ),
        (
            PeerCredentials(pid=4321, uid=65534, gid=65534),
            f"0::/docker/{OTHER}\n",
            "refused a connection from pid 4321, which is not in container abababababab",
        ),
        (
            PeerCredentials(pid=4321, uid=65534, gid=65534),
            f"0::/user.slice/{CONTAINER}-not-quite\n",
            "refused a connection from pid 4321, which is not in container abababababab",
        ),
        (
            PeerCredentials(pid=0, uid=65534, gid=65534),
            f"0::/docker/{CONTAINER}\n",
            "cannot verify the sandbox worker's connection: its process is not visible from "
            "the judge's pid namespace; run the judge in the Docker engine's pid namespace",
        ),
    ],
    ids=["wrong-uid", "wrong-gid", "other-container", "look-alike", "pid-not-visible"],
)
def test_a_peer_with_the_wrong_credentials_is_refused(
    tmp_path: Path, peer: PeerCredentials, cgroup: str, message: str
) -> None:
    proc = fake_proc(tmp_path, 4321, cgroup)
    with pytest.raises(SandboxUnavailable) as raised:
        check(peer, proc)
    assert str(raised.value) == message


def test_a_peer_that_ended_before_its_check_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PeerRefused) as raised:
        check(PeerCredentials(pid=4321, uid=65534, gid=65534), tmp_path)
    assert str(raised.value) == (
        "refused a connection from pid 4321, which ended before it could be checked"
    )


def test_a_proc_the_judge_cannot_read_is_sandbox_unavailable_not_a_refusal(tmp_path: Path) -> None:
    (tmp_path / "4321" / "cgroup").mkdir(parents=True)  # unreadable as a file
    with pytest.raises(SandboxUnavailable) as raised:
        check(PeerCredentials(pid=4321, uid=65534, gid=65534), tmp_path)
    assert type(raised.value) is SandboxUnavailable
    assert str(raised.value) == (
        f"cannot verify the sandbox worker's connection: '{tmp_path}/4321/cgroup' is unreadable "
        "(Is a directory); the judge needs the host's /proc, without hidepid"
    )


def test_peer_credentials_are_the_kernels_record() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        assert peer_credentials(left) == PeerCredentials(os.getpid(), os.getuid(), os.getgid())


def test_the_listener_is_open_to_everybody_until_closed(short_dir: Path) -> None:
    path = short_dir / SOCKET_NAME
    with WorkerListener(path) as listener, socket.socket(socket.AF_UNIX) as first:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666
        first.connect(str(path))
        listener.accept().close()
        listener.close()
        assert not path.exists()
        with pytest.raises(FileNotFoundError), socket.socket(socket.AF_UNIX) as second:
            second.connect(str(path))


def test_a_path_too_long_for_a_socket_is_sandbox_unavailable(short_dir: Path) -> None:
    path = short_dir / ("x" * 120)
    with pytest.raises(SandboxUnavailable, match="cannot listen for the sandbox worker at"):
        WorkerListener(path)
    assert not path.exists()


def connect_from_a_child(path: Path, then: str) -> subprocess.Popen[bytes]:
    """A process that connects to ``path``, says so, then runs ``then`` (Python)."""
    code = f"import socket, time\ns = socket.socket(socket.AF_UNIX)\ns.connect({str(path)!r})\n"
    child = subprocess.Popen(
        [sys.executable, "-c", code + "print('in', flush=True)\n" + then], stdout=subprocess.PIPE
    )
    assert child.stdout is not None and child.stdout.readline() == b"in\n"
    return child


def test_wrong_peers_are_closed_and_the_worker_is_still_let_in(short_dir: Path) -> None:
    # A child the candidate left in a container being removed, or another user: each is shut
    # out, and the judge goes on waiting for its worker (here this process, in CONTAINER).
    container = AttachedContainer(CONTAINER)
    path = short_dir / SOCKET_NAME
    own_user = f"{os.getuid()}:{os.getgid()}"
    with WorkerListener(path) as listener:
        other = connect_from_a_child(path, "print(s.recv(1), flush=True)")
        gone = connect_from_a_child(path, "pass")  # ends before the judge looks it up
        assert gone.wait(timeout=10) == 0
        proc = fake_proc(short_dir / "proc", other.pid, f"0::/docker/{OTHER}\n")
        fake_proc(proc, os.getpid(), f"0::/docker/{CONTAINER}\n")
        accepting = threading.Thread(
            target=container.accept,
            args=(listener, LIMITS, time.monotonic() + 10),
            kwargs={"user": own_user, "proc": proc},
        )
        accepting.start()
        with socket.socket(socket.AF_UNIX) as worker:
            worker.connect(str(path))  # third in the queue
            accepting.join(timeout=10)
            assert other.communicate(timeout=10)[0] == b"b''\n"  # closed by the judge
            worker.sendall(b"\0\0\0\2{}")
            assert container.channel.receive(time.monotonic() + 5) == b"{}"
        assert not path.exists()  # closed once the worker was in
    container.close()


def test_only_wrong_peers_in_time_is_a_timeout_that_says_what_was_refused(short_dir: Path) -> None:
    container = AttachedContainer(CONTAINER)
    path = short_dir / SOCKET_NAME
    with WorkerListener(path) as listener, socket.socket(socket.AF_UNIX) as intruder:
        intruder.connect(str(path))
        with pytest.raises(ReplyTimeout) as raised:
            container.accept(listener, LIMITS, time.monotonic() + 0.5, user="65534:65534")
        assert intruder.recv(1) == b""  # closed by the judge
    assert str(raised.value) == (
        "the worker did not connect in time (refused a connection from uid:gid "
        f"{os.getuid()}:{os.getgid()}, not 65534:65534)"
    )


def test_a_container_that_ends_before_connecting_leaves_its_last_words(short_dir: Path) -> None:
    container = AttachedContainer(CONTAINER)
    engine_end, judge_end = socket.socketpair(socket.AF_UNIX)
    container.attach(judge_end)
    engine_end.sendall(frame(2, b"exec /usr/bin/env failed\n"))
    engine_end.close()
    with WorkerListener(short_dir / SOCKET_NAME) as listener, pytest.raises(ChannelClosed):
        container.accept(listener, LIMITS, time.monotonic() + 5, user="65534:65534")
    assert container.stderr_tail(time.monotonic()) == "exec /usr/bin/env failed"
    container.close()


def test_no_connection_in_time_is_a_reply_timeout(short_dir: Path) -> None:
    container = AttachedContainer(CONTAINER)
    with WorkerListener(short_dir / SOCKET_NAME) as listener, pytest.raises(ReplyTimeout):
        container.accept(listener, LIMITS, time.monotonic() + 0.05, user="65534:65534")
