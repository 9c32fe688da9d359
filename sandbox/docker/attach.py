"""How the judge holds one container: the worker's unix socket, and Docker's attach stream.

Requests and replies go over a unix socket: the judge listens in a fresh directory that only
this container mounts, and the worker connects before it loads any candidate code. Docker's
attach stream would carry them too, but dockerd and the shim relay every byte of it, which costs
a few hundred microseconds per call. A connection is trusted only when the kernel's record of its
peer (SO_PEERCRED) shows the sandbox's user and a process inside this container; any other is
closed and the judge goes on waiting for the worker (until the start's deadline). Once the
worker is in, the socket and its directory disappear.

A fresh directory per container, because a container being removed (after a timeout, say) may
still run a child the candidate left there: in a directory shared with its replacement it could
connect first. It cannot reach a directory it never mounted.

The attach stream remains for the container's stderr (only): a worker that fails before it
connects, or a Python that dies, says why there. With tty off, the engine sends every chunk a
container writes behind an 8-byte header: the stream (2 for stderr), three zero bytes, and the
chunk's length (big-endian). The headers come from dockerd, not from the container, but a chunk
may be cut anywhere between two reads.
"""

from __future__ import annotations

import contextlib
import math
import re
import select
import socket
import struct
import time
from dataclasses import dataclass
from pathlib import Path

from sandbox.base import SandboxLimits
from sandbox.errors import SandboxInternalError, SandboxUnavailable
from sandbox.wire import Channel, ChannelClosed, ReplyTimeout, max_reply_bytes

HEADER_BYTES = 8
STDERR = 2
# A worker that dies says why on stderr (a Python fatal error): keep this much of it.
STDERR_TAIL_BYTES = 4096
# The listening socket's name in the working directory (and so under the container's mount).
SOCKET_NAME = "worker.sock"
# struct ucred, as SO_PEERCRED fills it: pid, uid, gid.
_UCRED = struct.Struct("3i")
_READ_CHUNK = 1 << 16
# What the engine names containers by: a component of the cgroup path of each of its processes.
_CONTAINER_ID = re.compile(r"[0-9a-f]{64}")
PROC = Path("/proc")


class StderrTail:
    """Fed each raw read of the attach stream: keeps a capped tail of what came on stderr."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.stderr = bytearray()
        self._header = bytearray()
        self._stream = 0
        self._remaining = 0

    def feed(self, data: bytes) -> None:
        """Take one read: headers and chunks, each possibly cut anywhere."""
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
            if self._stream == STDERR:  # only stderr is attached; anything else is skipped
                self.stderr += piece
                del self.stderr[: -self.cap]

    def last_line(self) -> str:
        """The last line the container wrote to stderr (Python's last words), or ""."""
        lines = self.stderr.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""


@dataclass(frozen=True, slots=True)
class PeerCredentials:
    """Who is at the other end of a unix socket, as the kernel recorded it at connect()."""

    pid: int  # in the judge's pid namespace; 0 when the peer's is not visible from it
    uid: int
    gid: int


def peer_credentials(connection: socket.socket) -> PeerCredentials:
    """The kernel's record (SO_PEERCRED) of the process that connected."""
    raw = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _UCRED.size)
    return PeerCredentials(*_UCRED.unpack(raw))


class PeerRefused(SandboxUnavailable):
    """A connection that is not the worker's: another user's, another container's, or from a
    process that ended before it could be looked up (a container being removed)."""


def check_peer(
    peer: PeerCredentials, *, uid: int, gid: int, container_id: str, proc: Path = PROC
) -> None:
    """Refuse a peer that is not the sandbox's user inside this container: PeerRefused for a
    wrong peer, SandboxUnavailable when this host does not let the judge check at all.

    Fails closed: when the peer's process cannot be looked up, it is refused too.
    """
    if not _CONTAINER_ID.fullmatch(container_id):
        raise SandboxInternalError(f"not a full container id: {container_id!r}")
    if (peer.uid, peer.gid) != (uid, gid):
        raise PeerRefused(
            f"refused a connection from uid:gid {peer.uid}:{peer.gid}, not {uid}:{gid}"
        )
    if peer.pid <= 0:
        raise SandboxUnavailable(
            "cannot verify the sandbox worker's connection: its process is not visible from the "
            "judge's pid namespace; run the judge in the Docker engine's pid namespace"
        )
    cgroup = proc / str(peer.pid) / "cgroup"
    try:
        text = cgroup.read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, ProcessLookupError) as exc:
        raise PeerRefused(
            f"refused a connection from pid {peer.pid}, which ended before it could be checked"
        ) from exc
    except OSError as exc:
        raise SandboxUnavailable(
            f"cannot verify the sandbox worker's connection: {str(cgroup)!r} is unreadable "
            f"({exc.strerror or exc}); the judge needs the host's /proc, without hidepid"
        ) from exc
    if not _names_container(text, container_id):
        raise PeerRefused(
            f"refused a connection from pid {peer.pid}, which is not in container "
            f"{container_id[:12]}"
        )


def _names_container(cgroup_text: str, container_id: str) -> bool:
    """Whether a /proc/PID/cgroup places the process in the container (cgroupfs or systemd)."""
    for line in cgroup_text.splitlines():
        for component in line.split(":", 2)[-1].split("/"):
            if component == container_id or component.endswith(f"-{container_id}.scope"):
                return True
    return False


class WorkerListener:
    """A listening unix socket at ``path``, until closed (which unlinks it)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._socket: socket.socket | None = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._socket.bind(str(path))
            # The sandbox's user is not the owner; anyone else who connects is refused by
            # check_peer. Set before listen(), so no connection can come in before it.
            path.chmod(0o666)
            self._socket.listen(1)
        except OSError as exc:
            self.close()
            raise SandboxUnavailable(
                f"cannot listen for the sandbox worker at {str(path)!r}: {exc.strerror or exc}; "
                "set TMPDIR to a short local directory"
            ) from exc

    def __enter__(self) -> WorkerListener:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def fileno(self) -> int:
        """The listening socket's fd, to poll."""
        assert self._socket is not None
        return self._socket.fileno()

    def accept(self) -> socket.socket:
        """The next connection (blocking); the listener stays until closed."""
        assert self._socket is not None
        connection, _ = self._socket.accept()
        return connection

    def close(self) -> None:
        """Stop listening and remove the socket's name, so nothing else can connect; idempotent."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class AttachedContainer:
    """One started container as the judge holds it: its id, attach stream, worker connection."""

    def __init__(self, container_id: str) -> None:
        self.id = container_id
        self.stderr = StderrTail(STDERR_TAIL_BYTES)
        self._stream: socket.socket | None = None
        self._connection: socket.socket | None = None
        self._channel: Channel | None = None

    def attach(self, stream: socket.socket) -> None:
        """Take the attach stream (the container's stderr)."""
        stream.setblocking(False)
        self._stream = stream

    def accept(
        self,
        listener: WorkerListener,
        limits: SandboxLimits,
        deadline: float,
        *,
        user: str,
        proc: Path = PROC,
    ) -> None:
        """Take the worker's connection: the first whose peer checks out (see check_peer);
        every other is closed, and the listener too once the worker is in.

        ReplyTimeout when none comes in time (saying what was refused), ChannelClosed when the
        container ends first, SandboxUnavailable when this host does not let peers be checked.
        """
        poller = select.poll()
        poller.register(listener.fileno(), select.POLLIN)
        if self._stream is not None:
            poller.register(self._stream.fileno(), select.POLLIN)
        uid, _, gid = user.partition(":")
        refused = ""
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ReplyTimeout(f"the worker did not connect in time{refused}")
            fds = {fd for fd, _ in poller.poll(math.ceil(remaining * 1000))}
            stream_ready = self._stream is not None and self._stream.fileno() in fds
            if stream_ready and not self._read_stream():
                raise ChannelClosed("the container ended before its worker connected")
            if listener.fileno() not in fds:
                continue
            connection = listener.accept()
            try:
                peer = peer_credentials(connection)
                check_peer(peer, uid=int(uid), gid=int(gid), container_id=self.id, proc=proc)
                break
            except PeerRefused as exc:
                connection.close()
                refused = f" ({exc})"
            except BaseException:
                connection.close()
                raise
        listener.close()
        self._connection = connection
        self._channel = Channel(
            connection.fileno(),
            connection.fileno(),
            max_frame=max_reply_bytes(limits.output_bytes),
        )

    @property
    def channel(self) -> Channel:
        """The framed channel to the worker."""
        assert self._channel is not None
        return self._channel

    def exited(self) -> bool:
        """Never known in advance: only the engine could say, so a closed channel tells."""
        return False

    def stderr_tail(self, deadline: float) -> str:
        """The container's last line on stderr, read until its stream ends or the deadline."""
        if self._stream is not None:
            poller = select.poll()
            poller.register(self._stream.fileno(), select.POLLIN)
            # At least one look, even past the deadline: what is there already is the tail.
            while poller.poll(max(0, math.ceil((deadline - time.monotonic()) * 1000))):
                if not self._read_stream() or time.monotonic() >= deadline:
                    break
        return self.stderr.last_line()

    def _read_stream(self) -> bool:
        """Feed what the attach stream holds now to the stderr tail; False once it ended."""
        assert self._stream is not None
        try:
            data = self._stream.recv(_READ_CHUNK)
        except BlockingIOError:
            return True
        except OSError:
            return False
        self.stderr.feed(data)
        return bool(data)

    def close(self) -> None:
        """Close the worker's connection and the attach stream."""
        for held in (self._connection, self._stream):
            if held is not None:
                # Shut down first: the SDK's response objects still hold the attach stream's fd,
                # so close() alone leaves it open, and a container that flooded its stderr (the
                # candidate can write to init's, /proc/1/fd/2) keeps the engine blocked on it:
                # removing the container would then hang for the request's whole timeout.
                with contextlib.suppress(OSError):
                    held.shutdown(socket.SHUT_RDWR)
                held.close()
        self._connection = self._stream = None
        self._channel = None
