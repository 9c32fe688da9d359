"""The judge's side of the worker protocol: framing with deadlines, and strict reply decoding.

The message formats are specified in sandbox/worker.py. Nothing the worker sends is trusted:
a reply must have exactly the expected keys and types, or it is a ProtocolViolation. This module
knows pipes and sockets only as file descriptors, so both backends use it: the local backend
reads and writes the worker's pipes, the Docker backend the unix socket the worker connected to.
"""

from __future__ import annotations

import errno
import json
import math
import os
import select
import time
from typing import Any

from sandbox.base import (
    CallRequest,
    CallResult,
    CandidateError,
    Definition,
    LoadResult,
    LoadStatus,
    Outcome,
)
from sandbox.decoding import CostlyValue, decode_value
from sandbox.errors import SandboxInternalError
from sandbox.worker import (
    CALL_REPLY_FIELDS,
    HEADER_BYTES,
    PROTOCOL_VERSION,
    encode_request,
    max_reply_bytes,
)

__all__ = [
    "Channel",
    "ChannelClosed",
    "FrameDecoder",
    "ProtocolViolation",
    "ReplyTimeout",
    "call_request",
    "load_request",
    "max_reply_bytes",
    "parse_call_reply",
    "parse_load_reply",
    "parse_ready",
]

_READ_CHUNK = 1 << 16
_JSON = json.JSONDecoder()
_LOAD_KEYS = frozenset(
    {"id", "outcome", "status", "definitions", "error", "stdout", "stderr", "detail"}
)
_ERROR_KEYS = frozenset({"type", "message", "traceback"})
# What a worker may claim; TIMED_OUT and the like are for the judge alone to decide.
_WORKER_OUTCOMES = {
    outcome.value: outcome
    for outcome in (
        Outcome.OK,
        Outcome.RAISED,
        Outcome.MEMORY_EXCEEDED,
        Outcome.OUTPUT_EXCEEDED,
        Outcome.CRASHED,
        Outcome.PROTOCOL_VIOLATION,
    )
}


class ProtocolViolation(Exception):
    """The worker sent bytes that are not the reply the protocol allows; never trusted."""


class ReplyTimeout(Exception):
    """The deadline passed before a whole frame arrived (or could be sent)."""


class ChannelClosed(Exception):
    """The other end closed the channel, or the watched process exited, before a whole frame."""


# --------------------------------------------------------------------------------------------
# Framing
# --------------------------------------------------------------------------------------------


class FrameDecoder:
    """Cuts a byte stream into frames; a header announcing more than ``max_frame`` is refused."""

    def __init__(self, max_frame: int) -> None:
        self.max_frame = max_frame
        self._buffer = bytearray()

    def feed(self, data: bytes) -> None:
        """Append bytes read from the channel."""
        self._buffer += data

    def next_frame(self) -> bytes | None:
        """The next whole frame's payload, or None until more bytes arrive."""
        if len(self._buffer) < HEADER_BYTES:
            return None
        size = int.from_bytes(self._buffer[:HEADER_BYTES], "big")
        if size > self.max_frame:
            raise ProtocolViolation(
                f"a reply frame announced {size} bytes, more than the {self.max_frame} allowed"
            )
        end = HEADER_BYTES + size
        if len(self._buffer) < end:
            return None
        payload = bytes(self._buffer[HEADER_BYTES:end])
        del self._buffer[:end]
        return payload

    @property
    def pending(self) -> int:
        """Bytes received but not yet returned as a frame."""
        return len(self._buffer)


class Channel:
    """Frames over file descriptors, each send and receive bounded by a monotonic deadline.

    ``watch_fd`` (e.g. a pidfd) becomes readable when the worker is gone: a forked child still
    holding the pipe must not turn a crash into a timeout.
    """

    def __init__(
        self,
        read_fd: int,
        write_fd: int,
        *,
        max_frame: int,
        watch_fd: int | None = None,
    ) -> None:
        self.read_fd = read_fd
        self.write_fd = write_fd
        self.watch_fd = watch_fd
        self.decoder = FrameDecoder(max_frame)
        os.set_blocking(read_fd, False)
        os.set_blocking(write_fd, False)
        self._read_poll = select.poll()
        self._read_poll.register(read_fd, select.POLLIN)
        self._write_poll = select.poll()
        self._write_poll.register(write_fd, select.POLLOUT)
        if watch_fd is not None:
            self._read_poll.register(watch_fd, select.POLLIN)
            self._write_poll.register(watch_fd, select.POLLIN)

    def quiet(self) -> bool:
        """Whether nothing has arrived, not even the end: what an idle, living worker reads as."""
        return not self._read_poll.poll(0)

    def send(self, frame: bytes, deadline: float) -> None:
        """Write the whole frame; ReplyTimeout or ChannelClosed when that is not possible."""
        view = memoryview(frame)
        while view:
            try:
                view = view[os.write(self.write_fd, view) :]
                continue
            except BlockingIOError:
                pass
            except (BrokenPipeError, ConnectionResetError) as exc:
                raise ChannelClosed("the worker closed its request channel") from exc
            for fd, _ in self._poll(self._write_poll, deadline):
                if fd == self.watch_fd:
                    raise ChannelClosed("the worker exited")

    def receive(self, deadline: float) -> bytes:
        """The next frame's payload; ReplyTimeout, ChannelClosed or ProtocolViolation otherwise."""
        while True:
            frame = self.decoder.next_frame()
            if frame is not None:
                return frame
            events = self._poll(self._read_poll, deadline)
            if any(fd == self.read_fd for fd, _ in events) and self._read_available():
                continue
            for fd, _ in events:
                if fd == self.watch_fd:
                    # Gone: whatever it wrote before exiting is still in the pipe. A child it
                    # left may write on; each read either completes a frame or counts towards
                    # the frame cap, so this ends.
                    while (frame := self.decoder.next_frame()) is None:
                        if not self._read_available():
                            raise ChannelClosed("the worker exited")
                    return frame

    def _read_available(self) -> bool:
        """Read what is there now: True if bytes arrived, False if none; EOF raises."""
        try:
            data = os.read(self.read_fd, _READ_CHUNK)
        except BlockingIOError:
            return False
        except ConnectionResetError as exc:
            raise ChannelClosed("the worker reset its reply channel") from exc
        if not data:
            raise ChannelClosed("the worker closed its reply channel")
        self.decoder.feed(data)
        return True

    @staticmethod
    def _poll(poller: select.poll, deadline: float) -> list[tuple[int, int]]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise ReplyTimeout("the deadline passed")
        try:
            return poller.poll(math.ceil(remaining * 1000))
        except InterruptedError:  # pragma: no cover - PEP 475 retries, kept for clarity
            return []
        except OSError as exc:
            if exc.errno == errno.EINTR:  # pragma: no cover
                return []
            raise


# --------------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------------


def load_request(request_id: int, output_bytes: int) -> bytes:
    """The frame asking the worker to load its submission."""
    return encode_request(("load", request_id, output_bytes))


def call_request(request_id: int, request: CallRequest) -> bytes:
    """The frame asking the worker to run one call.

    SandboxInternalError when the arguments hold a type marshal cannot carry: the judge's bug, which
    must not come back as the candidate's protocol violation.
    """
    call = (
        "call",
        request_id,
        request.task,
        tuple(request.args),
        request.is_class,
        request.timed,
        tuple(request.in_place),
    )
    try:
        return encode_request(call)
    except ValueError as exc:
        raise SandboxInternalError(f"arguments for {request.task!r}: {exc}") from exc


# --------------------------------------------------------------------------------------------
# Replies
# --------------------------------------------------------------------------------------------


def parse_ready(payload: bytes) -> str:
    """The worker's Python version from its READY frame."""
    message = _object(payload, frozenset({"ready", "python"}))
    if message["ready"] != PROTOCOL_VERSION or type(message["ready"]) is not int:
        raise ProtocolViolation(
            f"the worker speaks protocol {message['ready']!r}, the judge {PROTOCOL_VERSION}"
        )
    return _text(message, "python")


def parse_load_reply(payload: bytes, request_id: int) -> LoadResult:
    """The LoadResult a load reply states, checked field by field."""
    message = _object(payload, _LOAD_KEYS)
    _check_id(message, request_id)
    outcome = _outcome(message)
    try:
        status = LoadStatus(_text(message, "status"))
    except ValueError as exc:
        raise ProtocolViolation(f"unknown load status {message['status']!r:.80}") from exc
    if (outcome is Outcome.OK) != (status is LoadStatus.OK):
        raise ProtocolViolation(f"load outcome {outcome.value} with status {status.value}")
    return LoadResult(
        outcome=outcome,
        status=status,
        definitions=_definitions(message["definitions"]),
        error=_error(message, required=outcome is Outcome.RAISED),
        stdout=_text(message, "stdout"),
        stderr=_text(message, "stderr"),
        detail=_text(message, "detail"),
    )


def parse_call_reply(payload: bytes, request_id: int, wall_seconds: float = 0.0) -> CallResult:
    """The CallResult a call reply states, with the wall time the judge measured."""
    message = _fields(payload, CALL_REPLY_FIELDS)
    _check_id(message, request_id)
    outcome = _outcome(message)
    detail = _text(message, "detail")
    if outcome is Outcome.OK:
        try:
            value = decode_value(message["value"])
        except CostlyValue as exc:
            # Well-formed, but more than the judge compares: a limit, as a value too large is.
            outcome, value, detail = Outcome.OUTPUT_EXCEEDED, None, str(exc)
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            raise ProtocolViolation(f"the returned value does not decode: {exc}") from exc
    elif message["value"] is not None:
        raise ProtocolViolation(f"a value with outcome {outcome.value}")
    else:
        value = None
    return CallResult(
        outcome=outcome,
        value=value,
        error=_error(message, required=outcome is Outcome.RAISED),
        stdout=_text(message, "stdout"),
        stderr=_text(message, "stderr"),
        wall_seconds=wall_seconds,
        detail=detail,
    )


def _json(payload: bytes) -> object:
    try:
        text = payload.decode("utf-8")
        # raw_decode: json.loads adds two regex scans for whitespace no worker sends.
        message, end = _JSON.raw_decode(text)
        if end != len(text):
            raise ValueError(f"{len(text) - end} bytes after the JSON value")
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolViolation(f"a reply that is not JSON: {exc}") from exc
    return message


def _fields(payload: bytes, names: tuple[str, ...]) -> dict[str, Any]:
    """An array reply's fields by name: exactly as many as ``names``."""
    message = _json(payload)
    if type(message) is not list or len(message) != len(names):
        shown = len(message) if type(message) is list else type(message).__name__
        raise ProtocolViolation(f"a reply with the wrong shape: {shown!r:.200}")
    return dict(zip(names, message, strict=True))


def _object(payload: bytes, keys: frozenset[str]) -> dict[str, Any]:
    message = _json(payload)
    if type(message) is not dict or message.keys() != keys:
        shown = sorted(message) if type(message) is dict else type(message).__name__
        raise ProtocolViolation(f"a reply with the wrong shape: {shown!r:.200}")
    return message


def _check_id(message: dict[str, Any], request_id: int) -> None:
    if type(message["id"]) is not int or message["id"] != request_id:
        raise ProtocolViolation(f"a reply to request {message['id']!r:.40}, not {request_id}")


def _outcome(message: dict[str, Any]) -> Outcome:
    outcome = _WORKER_OUTCOMES.get(message["outcome"]) if type(message["outcome"]) is str else None
    if outcome is None:
        raise ProtocolViolation(f"an outcome the worker may not report: {message['outcome']!r:.80}")
    return outcome


def _text(message: dict[str, Any], key: str) -> str:
    value = message[key]
    if type(value) is not str:
        raise ProtocolViolation(f"{key} is not a string: {value!r:.80}")
    return value


def _error(message: dict[str, Any], *, required: bool) -> CandidateError | None:
    error = message["error"]
    if error is None:
        if required:
            raise ProtocolViolation("an exception outcome without the exception")
        return None
    if not required:
        raise ProtocolViolation("an exception with an outcome that has none")
    if type(error) is not dict or error.keys() != _ERROR_KEYS:
        raise ProtocolViolation(f"a malformed exception: {error!r:.200}")
    traceback = error["traceback"]
    if type(traceback) is not list or not all(type(line) is str for line in traceback):
        raise ProtocolViolation(f"a malformed traceback: {traceback!r:.200}")
    return CandidateError(
        type_name=_text(error, "type"), message=_text(error, "message"), traceback=tuple(traceback)
    )


def _definitions(data: object) -> tuple[Definition, ...]:
    if type(data) is not list:
        raise ProtocolViolation(f"definitions is not a list: {data!r:.80}")
    definitions = []
    for entry in data:
        if (
            type(entry) is not list
            or len(entry) != 4
            or type(entry[0]) is not str
            or entry[1] not in ("function", "class")
            or type(entry[2]) is not list
            or not all(type(param) is str for param in entry[2])
            or type(entry[3]) is not bool
        ):
            raise ProtocolViolation(f"a malformed definition: {entry!r:.200}")
        definitions.append(
            Definition(name=entry[0], kind=entry[1], params=tuple(entry[2]), variadic=entry[3])
        )
    return tuple(definitions)
