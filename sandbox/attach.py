"""Docker's attach stream: split back into the container's stdout and stderr, and framed.

With tty off, the engine sends every chunk a container writes behind an 8-byte header: the
stream (1 stdout, 2 stderr), three zero bytes, and the chunk's length (big-endian). The headers
come from dockerd, not from the container, but a chunk may be cut anywhere between two reads.
"""

from __future__ import annotations

import socket

from sandbox.base import SandboxLimits
from sandbox.wire import Channel, max_reply_bytes

HEADER_BYTES = 8
STDOUT = 1
STDERR = 2
# A worker that dies says why on stderr (a Python fatal error): keep this much of it.
STDERR_TAIL_BYTES = 4096


class Demultiplexer:
    """Called with each raw read: returns its stdout bytes, keeps a capped tail of stderr."""

    def __init__(self, stderr_cap: int) -> None:
        self.stderr_cap = stderr_cap
        self.stderr = bytearray()
        self._header = bytearray()
        self._stream = 0
        self._remaining = 0

    def __call__(self, data: bytes) -> bytes:
        stdout = bytearray()
        view = memoryview(data)
        while view:
            if self._remaining == 0:
                wanted = HEADER_BYTES - len(self._header)
                self._header += view[:wanted]
                view = view[wanted:]
                if len(self._header) == HEADER_BYTES:
                    self._stream = self._header[0]
                    self._remaining = int.from_bytes(self._header[4:], "big")
                    self._header.clear()
                continue
            piece = view[: self._remaining]
            view = view[len(piece) :]
            self._remaining -= len(piece)
            if self._stream == STDOUT:
                stdout += piece
            elif self._stream == STDERR:
                self.stderr += piece
                del self.stderr[: -self.stderr_cap]
        return bytes(stdout)

    def stderr_tail(self) -> str:
        """The last line the container wrote to stderr (Python's last words), or ""."""
        lines = self.stderr.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""


class AttachedContainer:
    """One started container as the judge holds it: its id, its attach socket, the channel."""

    def __init__(self, container_id: str) -> None:
        self.id = container_id
        self.demux = Demultiplexer(STDERR_TAIL_BYTES)
        self._socket: socket.socket | None = None
        self._channel: Channel | None = None

    def attach(self, sock: socket.socket, limits: SandboxLimits) -> None:
        """Take the attach socket; requests and replies go through it."""
        self._socket = sock
        self._channel = Channel(
            sock.fileno(),
            sock.fileno(),
            max_frame=max_reply_bytes(limits.output_bytes),
            unwrap=self.demux,
        )

    @property
    def channel(self) -> Channel:
        """The framed channel to the worker."""
        assert self._channel is not None
        return self._channel

    def exited(self) -> bool:
        """Never known in advance: only the engine could say, so a closed channel tells."""
        return False

    def close(self) -> None:
        """Close the attach socket."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
            self._channel = None
