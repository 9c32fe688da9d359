"""Docker's multiplexed attach stream, cut anywhere, comes apart into stdout and stderr."""

from __future__ import annotations

import pytest

from sandbox.attach import Demultiplexer


def frame(stream: int, payload: bytes) -> bytes:
    return bytes([stream, 0, 0, 0]) + len(payload).to_bytes(4, "big") + payload


STREAM = frame(1, b"\x00\x00\x00\x02{}") + frame(2, b"Fatal Python error\n") + frame(1, b"tail")


@pytest.mark.parametrize("cut", range(len(STREAM) + 1))
def test_a_stream_cut_at_any_point_gives_the_same_stdout(cut: int) -> None:
    demux = Demultiplexer(stderr_cap=1024)
    assert demux(STREAM[:cut]) + demux(STREAM[cut:]) == b"\x00\x00\x00\x02{}tail"
    assert bytes(demux.stderr) == b"Fatal Python error\n"


def test_byte_by_byte() -> None:
    demux = Demultiplexer(stderr_cap=1024)
    assert b"".join(demux(bytes([byte])) for byte in STREAM) == b"\x00\x00\x00\x02{}tail"


def test_stderr_keeps_only_a_capped_tail_and_its_last_line() -> None:
    demux = Demultiplexer(stderr_cap=10)
    assert demux(frame(2, b"a" * 100 + b"\nlast words\n")) == b""
    assert bytes(demux.stderr) == b"ast words\n"
    assert demux.stderr_tail() == "ast words"
    assert Demultiplexer(stderr_cap=10).stderr_tail() == ""


def test_an_empty_frame_and_an_unknown_stream_carry_nothing() -> None:
    demux = Demultiplexer(stderr_cap=10)
    assert demux(frame(1, b"") + frame(0, b"stdin echo") + frame(1, b"x")) == b"x"
