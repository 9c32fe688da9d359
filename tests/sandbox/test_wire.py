"""The judge's side of the protocol: frames with deadlines, and replies checked to the letter."""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import select
import subprocess
import time
from collections.abc import Iterator

import pytest
from exact import identical
from hypothesis import given
from hypothesis import strategies as st

from sandbox.base import (
    CallRequest,
    CandidateError,
    Definition,
    LoadStatus,
    Opaque,
    Outcome,
)
from sandbox.errors import SandboxInternalError
from sandbox.wire import (
    Channel,
    ChannelClosed,
    FrameDecoder,
    ProtocolViolation,
    ReplyTimeout,
    call_request,
    load_request,
    parse_call_reply,
    parse_load_reply,
    parse_ready,
)
from sandbox.worker import CALL_REPLY_FIELDS, PROTOCOL_VERSION, encode_frame

CALL_REPLY = {
    "id": 7,
    "outcome": "ok",
    "value": {"t": [1, {"i": hex(2**80)}, {"o": "set"}]},
    "error": None,
    "stdout": "out",
    "stderr": "",
    "detail": "",
}
LOAD_REPLY = {
    "id": 1,
    "outcome": "ok",
    "status": "ok",
    "definitions": [["gcd", "function", ["a", "b"], False], ["Stack", "class", [], True]],
    "error": None,
    "stdout": "",
    "stderr": "",
    "detail": "",
}
ERROR = {"type": "ValueError", "message": "bad", "traceback": ['  File "s.py", line 1, in f']}


def payload(message: object) -> bytes:
    return encode_frame(message)[4:]


def call_payload(reply: dict[str, object]) -> bytes:
    """A call reply as the worker sends it: its fields' values, in order."""
    return payload([reply[field] for field in CALL_REPLY_FIELDS])


def test_a_call_reply_parses_to_its_result() -> None:
    result = parse_call_reply(call_payload(CALL_REPLY), 7, wall_seconds=0.5)
    assert result.outcome is Outcome.OK
    assert result.value == (1, 2**80, Opaque("set"))
    assert (result.stdout, result.wall_seconds, result.cpu_seconds) == ("out", 0.5, None)


def test_a_raised_reply_carries_the_candidate_error() -> None:
    reply = {**CALL_REPLY, "outcome": "raised", "value": None, "error": ERROR}
    result = parse_call_reply(call_payload(reply), 7)
    assert result.error == CandidateError("ValueError", "bad", ('  File "s.py", line 1, in f',))


def test_a_load_reply_parses_to_its_result() -> None:
    result = parse_load_reply(payload(LOAD_REPLY), 1)
    assert (result.outcome, result.status) == (Outcome.OK, LoadStatus.OK)
    assert result.definitions == (
        Definition("gcd", "function", ("a", "b")),
        Definition("Stack", "class", (), variadic=True),
    )


@pytest.mark.parametrize(
    "change",
    [
        {"id": 8},  # a reply to another request
        {"id": True},
        {"id": "7"},
        {"outcome": "timed_out"},  # only the judge decides that
        {"outcome": "accepted"},
        {"outcome": None},
        {"value": 1.5},  # an untagged float
        {"value": {"i": "zz"}},
        {"outcome": "raised"},  # raised, but no error
        {"outcome": "raised", "value": None, "error": {"type": "E"}},
        {"outcome": "raised", "value": None, "error": {**ERROR, "traceback": [1]}},
        {"outcome": "crashed"},  # a value with an outcome that has none
        {"error": ERROR},  # an error with outcome ok
        {"stdout": None},
        {"stdout": 5},
        {"detail": ["no"]},
    ],
    ids=repr,
)
def test_call_replies_of_the_wrong_shape_are_protocol_violations(change: dict) -> None:
    with pytest.raises(ProtocolViolation):
        parse_call_reply(call_payload({**CALL_REPLY, **change}), 7)


@pytest.mark.parametrize(
    "raw",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        json.dumps(CALL_REPLY).encode(),  # the object a load reply would be
        json.dumps([CALL_REPLY[field] for field in CALL_REPLY_FIELDS] + [None]).encode(),
        json.dumps([{**CALL_REPLY, "value": float("nan")}[f] for f in CALL_REPLY_FIELDS]).encode(),
        b"[" * 100_000,
        b'[7,"ok",' + b"1" * 5000 + b',null,"","",""]',
    ],
    ids=["text", "bytes", "short", "object", "long", "nan", "deep", "5000-digit-number"],
)
def test_call_replies_that_are_not_their_json_array_are_protocol_violations(raw: bytes) -> None:
    with pytest.raises(ProtocolViolation):
        parse_call_reply(raw, 7)


def test_a_missing_field_is_a_protocol_violation() -> None:
    fields = [CALL_REPLY[field] for field in CALL_REPLY_FIELDS if field != "stderr"]
    with pytest.raises(ProtocolViolation, match="wrong shape"):
        parse_call_reply(payload(fields), 7)


def test_a_load_reply_with_a_missing_key_is_a_protocol_violation() -> None:
    reply = {key: value for key, value in LOAD_REPLY.items() if key != "stderr"}
    with pytest.raises(ProtocolViolation, match="wrong shape"):
        parse_load_reply(payload(reply), 1)


@pytest.mark.parametrize(
    "change",
    [
        {"status": "syntax_error"},  # outcome ok with a failed status
        {"outcome": "raised", "error": ERROR},  # a failed outcome with status ok
        {"status": "exploded"},
        {"definitions": [["f", "method", []]]},
        {"definitions": [["f", "function", "ab"]]},
        {"definitions": [["f", "function"]]},
        {"definitions": [["f", "function", []]]},
        {"definitions": [["f", "function", [], 1]]},
        {"definitions": {}},
    ],
    ids=repr,
)
def test_load_replies_of_the_wrong_shape_are_protocol_violations(change: dict) -> None:
    with pytest.raises(ProtocolViolation):
        parse_load_reply(payload({**LOAD_REPLY, **change}), 1)


def test_ready_checks_the_protocol_version() -> None:
    assert parse_ready(payload({"ready": PROTOCOL_VERSION, "python": "3.11.2"})) == "3.11.2"
    for ready in (PROTOCOL_VERSION + 1, True, str(PROTOCOL_VERSION)):
        with pytest.raises(ProtocolViolation):
            parse_ready(payload({"ready": ready, "python": "3.11.2"}))


def test_requests_carry_what_the_worker_expects() -> None:
    assert marshal.loads(load_request(3, 4096)[4:]) == ("load", 3, 4096)
    request = CallRequest("f", (([1], 10**5000), ([2], 3)), timed=True)
    call = marshal.loads(call_request(4, request)[4:])
    assert call == ("call", 4, "f", (([1], 10**5000), ([2], 3)), False, True, ())


ARGUMENT = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=3) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(st.lists(ARGUMENT, max_size=3).map(tuple))
def test_arguments_reach_the_worker_with_their_exact_types(args: tuple[object, ...]) -> None:
    _, _, _, received, _, _, _ = marshal.loads(call_request(1, CallRequest("f", args))[4:])
    assert identical(received, args)


def test_arguments_the_wire_cannot_carry_are_the_judges_bug() -> None:
    with pytest.raises(SandboxInternalError, match="unmarshallable"):
        call_request(1, CallRequest("f", (object(),)))


def test_a_reply_with_bytes_after_its_json_is_a_protocol_violation() -> None:
    with pytest.raises(ProtocolViolation, match="after the JSON value"):
        parse_call_reply(call_payload(CALL_REPLY) + b" {}", 7)


# ---- framing ------------------------------------------------------------------------------


def test_frames_are_cut_however_the_bytes_arrive() -> None:
    stream = encode_frame({"a": 1}) + encode_frame({"b": "x" * 1000}) + encode_frame([])
    decoder = FrameDecoder(max_frame=10_000)
    frames = []
    for start in range(0, len(stream), 7):
        decoder.feed(stream[start : start + 7])
        while (frame := decoder.next_frame()) is not None:
            frames.append(json.loads(frame))
    assert frames == [{"a": 1}, {"b": "x" * 1000}, []]
    assert decoder.pending == 0


def test_an_oversized_frame_is_refused_at_its_header() -> None:
    decoder = FrameDecoder(max_frame=100)
    decoder.feed((101).to_bytes(4, "big"))
    with pytest.raises(ProtocolViolation, match="101 bytes"):
        decoder.next_frame()


@pytest.fixture
def pipes() -> Iterator[tuple[int, int]]:
    """A pipe (read end, write end), closed afterwards."""
    read_fd, write_fd = os.pipe()
    try:
        yield read_fd, write_fd
    finally:
        for fd in (read_fd, write_fd):
            with contextlib.suppress(OSError):  # the test closed it already
                os.close(fd)


def test_receive_gives_up_at_the_deadline(pipes: tuple[int, int]) -> None:
    read_fd, write_fd = pipes
    channel = Channel(read_fd, write_fd, max_frame=100)
    os.write(write_fd, encode_frame("partial")[:-1])
    started = time.monotonic()
    with pytest.raises(ReplyTimeout):
        channel.receive(started + 0.2)
    assert 0.2 <= time.monotonic() - started < 0.5


def test_receive_reports_a_closed_channel(pipes: tuple[int, int]) -> None:
    read_fd, write_fd = pipes
    channel = Channel(read_fd, os.dup(write_fd), max_frame=100)
    os.write(write_fd, encode_frame("whole"))
    os.close(write_fd)
    os.close(channel.write_fd)
    assert channel.receive(time.monotonic() + 1) == b'"whole"'
    with pytest.raises(ChannelClosed):
        channel.receive(time.monotonic() + 1)


def test_send_gives_up_at_the_deadline_when_nobody_reads(pipes: tuple[int, int]) -> None:
    read_fd, write_fd = pipes
    channel = Channel(read_fd, write_fd, max_frame=100)
    with pytest.raises(ReplyTimeout):
        channel.send(b"x" * (1 << 22), time.monotonic() + 0.2)


def test_a_watched_exit_ends_the_wait_even_while_the_pipe_stays_open(
    pipes: tuple[int, int],
) -> None:
    read_fd, write_fd = pipes  # this process keeps the write end open, like a forked child
    worker = subprocess.Popen(["sleep", "0.1"])
    pidfd = os.pidfd_open(worker.pid)
    try:
        channel = Channel(read_fd, write_fd, max_frame=100, watch_fd=pidfd)
        started = time.monotonic()
        with pytest.raises(ChannelClosed, match="exited"):
            channel.receive(started + 5)
        assert time.monotonic() - started < 2
    finally:
        worker.wait()
        os.close(pidfd)


def test_a_frame_written_just_before_exit_is_still_received(pipes: tuple[int, int]) -> None:
    read_fd, write_fd = pipes
    worker = subprocess.Popen(["true"])
    pidfd = os.pidfd_open(worker.pid)
    try:
        os.write(write_fd, encode_frame("last words"))
        select.select([pidfd], [], [], 5)  # it has exited (not reaped): the pidfd is readable
        channel = Channel(read_fd, write_fd, max_frame=100, watch_fd=pidfd)
        assert channel.receive(time.monotonic() + 1) == b'"last words"'
    finally:
        worker.wait()
        os.close(pidfd)
