"""How the judge holds a container: Docker's multiplexed attach stream, cut anywhere, leaves the
tail of stderr; the worker's socket lets one connection in and trusts it only from
the sandbox's user inside the container.
"""

from __future__ import annotations

import os
import socket
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.base import SandboxLimits
from sandbox.docker.attach import (
    SOCKET_NAME,
    AttachedContainer,
    PeerCredentials,
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
            "refused the sandbox worker's connection: it came from uid:gid 0:65534, "
            "not 65534:65534; judge again",
        ),
        (
            PeerCredentials(pid=4321, uid=65534, gid=1000),
            f"0::/docker/{CONTAINER}\n",
            "refused the sandbox worker's connection: it came from uid:gid 65534:1000, "
            "not 65534:65534; judge again",
        ),
        (
            PeerCredentials(pid=4321, uid=65534, gid=65534),
            f"0::/docker/{OTHER}\n",
            "refused the sandbox worker's connection: pid 4321 is not in container "
            "abababababab; judge again",
        ),
        (
            PeerCredentials(pid=4321, uid=65534, gid=65534),
            f"0::/user.slice/{CONTAINER}-not-quite\n",
            "refused the sandbox worker's connection: pid 4321 is not in container "
            "abababababab; judge again",
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


def test_a_peer_that_cannot_be_looked_up_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SandboxUnavailable) as raised:
        check(PeerCredentials(pid=4321, uid=65534, gid=65534), tmp_path)
    assert str(raised.value) == (
        f"cannot verify the sandbox worker's connection: '{tmp_path}/4321/cgroup' is unreadable "
        "(No such file or directory); the judge needs the host's /proc, without hidepid"
    )


def test_peer_credentials_are_the_kernels_record() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        assert peer_credentials(left) == PeerCredentials(os.getpid(), os.getuid(), os.getgid())


def test_the_listener_lets_one_connection_in_then_is_gone(short_dir: Path) -> None:
    path = short_dir / SOCKET_NAME
    with WorkerListener(path) as listener, socket.socket(socket.AF_UNIX) as first:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666
        first.connect(str(path))
        listener.accept().close()
        assert not path.exists()
        with pytest.raises(FileNotFoundError), socket.socket(socket.AF_UNIX) as second:
            second.connect(str(path))


def test_a_path_too_long_for_a_socket_is_sandbox_unavailable(short_dir: Path) -> None:
    path = short_dir / ("x" * 120)
    with pytest.raises(SandboxUnavailable, match="cannot listen for the sandbox worker at"):
        WorkerListener(path)
    assert not path.exists()


def test_a_connection_from_the_wrong_user_is_closed_and_refused(short_dir: Path) -> None:
    # The test runs as its own user, never the sandbox's: accept() must refuse it.
    container = AttachedContainer(CONTAINER)
    path = short_dir / SOCKET_NAME
    with WorkerListener(path) as listener, socket.socket(socket.AF_UNIX) as intruder:
        intruder.connect(str(path))
        with pytest.raises(SandboxUnavailable, match="refused the sandbox worker's connection"):
            container.accept(listener, LIMITS, time.monotonic() + 5, user="65534:65534")
        assert intruder.recv(1) == b""  # closed by the judge
    assert not path.exists()


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
