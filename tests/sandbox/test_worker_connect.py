"""The worker's socket transport (``--connect``), without Docker: the same protocol as over
pipes, on one connection it makes before anything else.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox import wire
from sandbox.base import CallRequest, LoadStatus, Outcome
from sandbox.docker.attach import WorkerListener
from sandbox.worker import CALL_REPLY_FIELDS

WORKER = Path(__file__).parents[2] / "sandbox" / "worker.py"


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A directory with a short path: a unix socket's path is limited to 107 bytes."""
    with tempfile.TemporaryDirectory(prefix="connect-", dir="/tmp") as name:
        yield Path(name)


@contextlib.contextmanager
def connected_worker(
    directory: Path, source: str
) -> Iterator[tuple[wire.Channel, socket.socket, subprocess.Popen[bytes]]]:
    """A worker started with --connect on ``source``: its channel (past READY), the connection
    under it, and its process."""
    submission = directory / "solution.py"
    submission.write_text(source)
    with WorkerListener(directory / "w.sock") as listener:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-I",
                "-S",
                str(WORKER),
                "--connect",
                str(listener.path),
                str(submission),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
        )
        try:
            with listener.accept() as connection:
                channel = wire.Channel(connection.fileno(), connection.fileno(), max_frame=1 << 20)
                assert wire.parse_ready(channel.receive(time.monotonic() + 10)).count(".") == 2
                yield channel, connection, worker
        finally:
            worker.kill()
            worker.wait()


def test_the_worker_serves_over_the_socket_it_connects_to(short_dir: Path) -> None:
    source = "def add(a, b):\n    print('adding')\n    return a + b\n"
    with connected_worker(short_dir, source) as (channel, connection, worker):
        deadline = time.monotonic() + 10
        channel.send(wire.load_request(1, 100), deadline)
        assert wire.parse_load_reply(channel.receive(deadline), 1).status is LoadStatus.OK
        channel.send(wire.call_request(2, CallRequest("add", (2, 3))), deadline)
        called = wire.parse_call_reply(channel.receive(deadline), 2)
        assert (called.outcome, called.value, called.stdout) == (Outcome.OK, 5, "adding\n")
        connection.shutdown(socket.SHUT_WR)
        assert worker.wait(timeout=10) == 0  # the channel's EOF ends it
        assert worker.stdout is not None and worker.stdout.read() == b""  # fd 1 never used


@pytest.mark.parametrize(
    "request_payload",
    [
        b"not marshal",
        marshal.dumps(("call", 2)),
        marshal.dumps(("call", 2, "add", [1, 2], False, False, ())),
        marshal.dumps(("call", {2}, "add", (1, 2), False, False, ())),
        marshal.dumps(("call", 2, "add", (1, 2), False, True, ())),
        marshal.dumps(("call", 2, "add", (1, 2), False, False)),
        marshal.dumps(("call", 2, "add", (1, 2), False, False, (2,))),
        marshal.dumps(("call", 2, "add", (1, 2), False, False, (-1,))),
        marshal.dumps(("call", 2, "add", (1, 2), False, False, ("a",))),
        marshal.dumps(("call", 2, "add", (1, 2), True, False, (0,))),
    ],
    ids=[
        "garbage",
        "short",
        "args-not-a-tuple",
        "id-not-an-int",
        "batch-of-non-tuples",
        "protocol-3",
        "in-place-past-the-arguments",
        "in-place-negative",
        "in-place-not-a-position",
        "in-place-class",
    ],
)
def test_a_malformed_request_gets_a_protocol_violation_reply(
    short_dir: Path, request_payload: bytes
) -> None:
    with connected_worker(short_dir, "def add(a, b):\n    return a + b\n") as (channel, _, _):
        deadline = time.monotonic() + 10
        channel.send(wire.load_request(1, 100), deadline)
        assert wire.parse_load_reply(channel.receive(deadline), 1).status is LoadStatus.OK
        channel.send(len(request_payload).to_bytes(4, "big") + request_payload, deadline)
        reply = dict(zip(CALL_REPLY_FIELDS, json.loads(channel.receive(deadline)), strict=True))
        assert reply["outcome"] == "protocol_violation"
        assert reply["detail"].startswith("bad request")


def test_a_malformed_invocation_is_a_usage_error() -> None:
    ran = subprocess.run(
        [sys.executable, "-I", "-S", str(WORKER), "--connect", "only-one-path"],
        capture_output=True,
        check=False,
    )
    assert (ran.returncode, ran.stderr) == (
        2,
        b"usage: python3 -I -S worker.py [--connect SOCKET_PATH] SUBMISSION_PATH\n",
    )
