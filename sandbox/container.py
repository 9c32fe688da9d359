"""The Docker backend and the engine behind it: the only module that imports docker.

Engine wraps the docker SDK for everything the judge asks of an engine (status, images, leftover
containers); DockerSandbox runs one submission in one hardened container. Every exception the SDK
or its HTTP stack raises becomes SandboxUnavailable here, at the boundary.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

import docker
import docker.errors
import docker.types
import requests

from judge.errors import InternalError, SandboxUnavailable
from sandbox.base import (
    CallRequest,
    CallResult,
    LoadResult,
    LoadStatus,
    Outcome,
    SandboxInfo,
    SandboxKind,
    SandboxLimits,
    Submission,
)
from sandbox.demux import Demultiplexer
from sandbox.image import (
    SANDBOX_PYTHON,
    SANDBOX_USER,
    ImageState,
    ImageStatus,
    default_image_name,
    image_status,
)
from sandbox.wire import (
    Channel,
    ChannelClosed,
    ProtocolViolation,
    ReplyTimeout,
    call_request,
    load_request,
    max_reply_bytes,
    parse_call_reply,
    parse_load_reply,
    parse_ready,
)

# Where the SDK looks when DOCKER_HOST is unset.
DEFAULT_ADDRESS = "unix:///var/run/docker.sock"
# Short, so `--sandbox auto` falls back to local at once when no engine answers.
CONNECT_TIMEOUT_S = 2.0
# For ordinary API requests once connected (create, start, inspect, remove) on a busy engine.
REQUEST_TIMEOUT_S = 60.0
# Every container the judge starts carries this label, so leftovers can be found and removed.
JUDGE_LABEL = "judge.sandbox"
# ... and the pid of the judge process that started it (a test session checks its own).
OWNER_LABEL = "judge.sandbox.owner-pid"
# Creating a container and starting Python in it is the judge's cost, not the candidate's.
STARTUP_TIMEOUT_S = 30.0
# How long a worker that closed its channel gets to exit before it counts as alive.
EXIT_GRACE_S = 1.0
# Where the worker and the submission appear in the container (read-only).
MOUNT_POINT = "/judge"
# A worker that dies says why on stderr (a Python fatal error): keep this much of it.
STDERR_TAIL_BYTES = 4096
_SAFE_FILENAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\.py")


@dataclass(frozen=True, slots=True)
class ImageRecord:
    """An image the engine holds: its id and its labels."""

    id: str
    labels: Mapping[str, str]


@contextlib.contextmanager
def _unavailable(doing: str) -> Iterator[None]:
    """Turn the SDK's (and its HTTP stack's) exceptions into one-line SandboxUnavailable."""
    try:
        yield
    except (docker.errors.DockerException, requests.RequestException, OSError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise SandboxUnavailable(f"Docker engine: {doing} failed: {reason}") from exc


def engine_address() -> str:
    """The engine address the SDK uses: DOCKER_HOST, else the default socket."""
    return os.environ.get("DOCKER_HOST") or DEFAULT_ADDRESS


class Engine:
    """One connection to the Docker engine."""

    def __init__(self, client: docker.DockerClient, address: str, version: str) -> None:
        self.client = client
        self.address = address
        self.version = version

    @classmethod
    def connect(cls, timeout_s: float = CONNECT_TIMEOUT_S) -> Engine:
        """Connect and ask the engine its version; SandboxUnavailable when none answers in time."""
        address = engine_address()
        client = None
        try:
            # Making the client asks the engine for its API version: that is the ping.
            client = docker.from_env(timeout=timeout_s)
            version = str(client.version().get("Version", "?"))
        except (docker.errors.DockerException, requests.RequestException, OSError) as exc:
            if client is not None:
                client.close()
            if "Permission denied" in str(exc):
                raise SandboxUnavailable(
                    f"the Docker engine at {address} refuses this user (permission denied): "
                    "join the docker group, or run as root"
                ) from exc
            raise SandboxUnavailable(
                f"no Docker engine answers at {address}: start dockerd, or set DOCKER_HOST"
            ) from exc
        client.api.timeout = REQUEST_TIMEOUT_S
        return cls(client, address, version)

    def close(self) -> None:
        """Close the HTTP connections to the engine."""
        self.client.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def find_image(self, name: str) -> ImageRecord | None:
        """The image tagged ``name``, or None."""
        with _unavailable(f"looking up image {name}"):
            try:
                image = self.client.images.get(name)
            except docker.errors.ImageNotFound:
                return None
            return ImageRecord(id=image.id, labels=dict(image.labels or {}))

    def import_rootfs(self, tarball: Path, name: str, changes: Sequence[str]) -> None:
        """Import a root filesystem tarball as image ``name`` (the API's `docker import`)."""
        repository, _, tag = name.rpartition(":")
        with _unavailable(f"importing {tarball}"):
            self.client.api.import_image_from_file(
                str(tarball), repository=repository, tag=tag, changes=list(changes)
            )

    def build_dockerfile(self, dockerfile: bytes, name: str, labels: Mapping[str, str]) -> None:
        """Build image ``name`` from a Dockerfile that needs no build context."""
        with _unavailable(f"building {name}"):
            stream = self.client.api.build(
                fileobj=io.BytesIO(dockerfile),
                tag=name,
                labels=dict(labels),
                rm=True,
                forcerm=True,
                decode=True,
            )
            for chunk in stream:
                if "error" in chunk:
                    reason = " ".join(str(chunk["error"]).split())
                    raise SandboxUnavailable(
                        f"building {name} from the Dockerfile failed: {reason} "
                        "(without a registry, use --route offline)"
                    )

    def remove_image(self, image_id: str) -> None:
        """Remove an image; one still in use by a container stays (it is only disk space)."""
        with (
            _unavailable(f"removing image {image_id}"),
            contextlib.suppress(docker.errors.APIError),
        ):
            self.client.images.remove(image_id, noprune=False)

    def judge_containers(self, owner_pid: int | None = None) -> tuple[str, ...]:
        """Ids of the containers (running or not) the judge started; only one process's if asked."""
        label = JUDGE_LABEL if owner_pid is None else f"{OWNER_LABEL}={owner_pid}"
        with _unavailable("listing containers"):
            found = self.client.api.containers(all=True, quiet=True, filters={"label": label})
            return tuple(container["Id"] for container in found)


@dataclass(frozen=True, slots=True)
class DockerStatus:
    """Can the Docker backend run? The engine's address and version, the image, and why."""

    address: str
    engine_version: str | None  # None: no engine answered
    image: ImageStatus | None  # None: no engine to ask, or it failed to answer
    reason: str

    @property
    def usable(self) -> bool:
        """An engine answers and holds the image (a stale image still runs the mounted worker)."""
        return self.image is not None and self.image.state is not ImageState.MISSING


def docker_status(timeout_s: float = CONNECT_TIMEOUT_S, image: str | None = None) -> DockerStatus:
    """Ask the engine (briefly) whether it answers and holds a current image; never raises."""
    address = engine_address()
    try:
        engine = Engine.connect(timeout_s)
    except SandboxUnavailable as exc:
        return DockerStatus(address, None, None, str(exc))
    with engine:
        try:
            found = image_status(engine, image)
        except SandboxUnavailable as exc:
            return DockerStatus(address, engine.version, None, str(exc))
    engine_text = f"Docker {engine.version} at {address}"
    if found.state is ImageState.CURRENT:
        reason = f"{engine_text} holds {found.name} (current)"
    elif found.state is ImageState.STALE:
        reason = f"{engine_text} holds {found.name}, but it is stale: run `judge sandbox build`"
    else:
        reason = f"{engine_text} lacks image {found.name}: run `judge sandbox build`"
    return DockerStatus(address, engine.version, found, reason)


class DockerSandbox:
    """Runs one submission in one hardened container; a container that timed out, died or
    misbehaved is removed, and replaced (the file reloaded) before the next call.

    Outcomes the judge decides here (the worker reports the others, see sandbox/worker.py):
    TIMED_OUT when no reply comes within time_per_call_s x repeat; MEMORY_EXCEEDED when the
    engine says the OOM killer struck; CRASHED when the worker died (exit code or signal in
    ``detail``); PROTOCOL_VIOLATION when the reply does not parse or the worker closed its
    channel but lives on.
    """

    def __init__(
        self,
        limits: SandboxLimits,
        reason: str = "docker: chosen explicitly",
        *,
        image: str | None = None,
    ) -> None:
        self.limits = limits
        self.image = image or default_image_name()
        self.info = SandboxInfo(
            kind=SandboxKind.DOCKER,
            reason=reason,
            isolation=(
                f"Docker container from {self.image}: no network, read-only root, user nobody, "
                f"no capabilities, no-new-privileges, {limits.memory_mb} MiB memory and no swap, "
                f"{limits.cpus:g} CPU, {limits.pids} processes, {limits.tmpfs_mb} MiB /tmp"
            ),
        )
        self._engine = Engine.connect()
        try:
            if self._engine.find_image(self.image) is None:
                raise SandboxUnavailable(
                    f"the sandbox image {self.image} is missing: run `judge sandbox build`"
                )
        except BaseException:
            self._engine.close()
            raise
        self._workdir: Path | None = None
        self._command: list[str] = []
        self._container: _Container | None = None
        self._loaded = False
        self._request_id = 0

    @property
    def container_id(self) -> str | None:
        """The current container's id; None when none runs (before load, after a kill)."""
        return None if self._container is None else self._container.id

    def __enter__(self) -> DockerSandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- the Sandbox protocol ------------------------------------------------------------

    def load(self, submission: Submission) -> LoadResult:
        """Start a container on a fresh directory and load the submission into it."""
        self._stop_container()
        self._remove_workdir()
        self._loaded = False
        self._workdir, submission_name = _prepare_workdir(submission)
        self._command = _worker_command(submission_name)
        result = self._start_and_load()
        self._loaded = result.status is LoadStatus.OK
        if not self._loaded:
            self._stop_container()
        return result

    def call(self, request: CallRequest) -> CallResult:
        """Run one call in the container, replacing a container that is gone first."""
        if not self._loaded:
            raise InternalError("DockerSandbox.call() before a successful load()")
        if self._container is None:
            reloaded = self._start_and_load()
            if reloaded.status is not LoadStatus.OK:
                self._stop_container()
                return CallResult(
                    outcome=Outcome.CRASHED,
                    detail="the container was replaced and the file no longer loads "
                    f"({reloaded.outcome.value}: {reloaded.detail or reloaded.status.value})",
                )
        container = self._container
        assert container is not None
        request_id = self._next_id()
        frame = call_request(request_id, request)
        limit_s = self.limits.time_per_call_s * request.repeat
        started = time.monotonic()
        try:
            container.channel.send(frame, started + limit_s)
            payload = container.channel.receive(started + limit_s)
            result = parse_call_reply(payload, request_id, time.monotonic() - started)
        except ReplyTimeout:
            self._stop_container()
            return CallResult(
                outcome=Outcome.TIMED_OUT,
                wall_seconds=time.monotonic() - started,
                detail=f"no reply within {limit_s:g} s",
            )
        except ChannelClosed:
            outcome, detail = self._classify_end()
            return CallResult(
                outcome=outcome, wall_seconds=time.monotonic() - started, detail=detail
            )
        except ProtocolViolation as exc:
            self._stop_container()
            return CallResult(
                outcome=Outcome.PROTOCOL_VIOLATION,
                wall_seconds=time.monotonic() - started,
                detail=str(exc),
            )
        if result.outcome is Outcome.PROTOCOL_VIOLATION:
            # The worker refused the request: its state is unknown, so it is not reused.
            self._stop_container()
        return result

    def close(self) -> None:
        """Kill and remove the container, delete the mounted directory, close the engine."""
        self._loaded = False
        try:
            self._stop_container()
        finally:
            self._remove_workdir()
            self._engine.close()

    # ---- one container's life --------------------------------------------------------------

    def _start_and_load(self) -> LoadResult:
        container = self._start()
        request_id = self._next_id()
        limit_s = self.limits.time_per_call_s
        deadline = time.monotonic() + limit_s
        try:
            container.channel.send(load_request(request_id, self.limits.output_bytes), deadline)
            return parse_load_reply(container.channel.receive(deadline), request_id)
        except ReplyTimeout:
            self._stop_container()
            return _failed_load(Outcome.TIMED_OUT, f"loading took longer than {limit_s:g} s")
        except ChannelClosed:
            return _failed_load(*self._classify_end())
        except ProtocolViolation as exc:
            self._stop_container()
            return _failed_load(Outcome.PROTOCOL_VIOLATION, str(exc))

    def _start(self) -> _Container:
        """Create, attach and start a container, then wait for its worker's READY frame."""
        assert self._workdir is not None
        api = self._engine.client.api
        try:
            self._create_attach_start(api)
        except SandboxUnavailable:
            with contextlib.suppress(SandboxUnavailable):  # the first failure is the one to tell
                self._stop_container()
            raise
        assert self._container is not None
        try:
            parse_ready(self._container.channel.receive(time.monotonic() + STARTUP_TIMEOUT_S))
        except (ReplyTimeout, ChannelClosed, ProtocolViolation) as exc:
            tail = self._container.demux.stderr_tail() or str(exc)
            self._stop_container()
            raise SandboxUnavailable(
                f"the sandbox worker did not start in {self.image}: {tail}"
            ) from exc
        return self._container

    def _create_attach_start(self, api: docker.APIClient) -> None:
        """The three API requests that make a running container with our end attached."""
        assert self._workdir is not None
        with _unavailable(f"starting a container from {self.image}"):
            created = api.create_container(
                self.image,
                command=self._command,
                user=SANDBOX_USER,  # nobody: owns no file in the image
                working_dir="/tmp",
                hostname="sandbox",  # rather than the container id
                stdin_open=True,  # the request channel
                tty=False,  # keeps stdout and stderr apart, binary-safe
                labels={JUDGE_LABEL: "1", OWNER_LABEL: str(os.getpid())},
                host_config=api.create_host_config(**_host_config(self.limits, self._workdir)),
            )
            self._container = _Container(created["Id"])
            # Attach before start, so not one byte the worker writes can be missed.
            raw = api.attach_socket(
                created["Id"], params={"stdin": 1, "stdout": 1, "stderr": 1, "stream": 1}
            )
            self._container.attach(getattr(raw, "_sock", raw), self.limits)
            api.start(created["Id"])

    def _classify_end(self) -> tuple[Outcome, str]:
        """Why the channel closed, from the engine's record; the container is removed after."""
        container = self._container
        assert container is not None
        api = self._engine.client.api
        with _unavailable("waiting for a sandbox container"):
            try:
                api.wait(container.id, timeout=EXIT_GRACE_S)
            except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
                self._stop_container()
                return Outcome.PROTOCOL_VIOLATION, "the worker closed its reply channel"
            state = api.inspect_container(container.id)["State"]
        tail = container.demux.stderr_tail()
        self._stop_container()
        if state.get("OOMKilled"):
            return Outcome.MEMORY_EXCEEDED, "killed by the kernel: more memory than allowed"
        code = int(state.get("ExitCode", 0))
        # The init process reports a worker killed by signal N as 128 + N.
        detail = (
            f"killed by signal {_signal_name(code - 128)}"
            if code > 128
            else f"the worker exited with code {code}"
        )
        return Outcome.CRASHED, f"{detail}: {tail}" if tail else detail

    def _stop_container(self) -> None:
        """Kill and remove the container (force-remove kills it); idempotent."""
        container, self._container = self._container, None
        if container is None:
            return
        container.close()
        with _unavailable("removing a sandbox container"):
            self._engine.client.api.remove_container(container.id, force=True)

    def _remove_workdir(self) -> None:
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def _next_id(self) -> int:
        self._request_id += 1
        return self._request_id


class _Container:
    """One started container: its id, its attach socket and the channel over it."""

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

    def close(self) -> None:
        """Close the attach socket."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
            self._channel = None


def _failed_load(outcome: Outcome, detail: str) -> LoadResult:
    return LoadResult(outcome=outcome, status=LoadStatus.CRASHED_AT_IMPORT, detail=detail)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _worker_command(submission_name: str) -> list[str]:
    """The worker's invocation (see sandbox/worker.py), under an emptied environment."""
    return [
        # env -i: the image's ENV and the engine's PATH/HOSTNAME are not the candidate's business.
        "/usr/bin/env",
        "-i",
        SANDBOX_PYTHON,
        "-I",  # isolated: no PYTHON* variables, no user site, no script dir on the path
        "-S",  # no site-packages: the standard library only
        f"{MOUNT_POINT}/worker.py",
        f"{MOUNT_POINT}/submission/{submission_name}",
    ]


def _prepare_workdir(submission: Submission) -> tuple[Path, str]:
    """A fresh host directory with the worker and the submission, readable by the container."""
    workdir = Path(tempfile.mkdtemp(prefix="judge-docker-"))
    workdir.chmod(0o755)  # mkdtemp makes 0700; the container's user is not the owner
    worker = workdir / "worker.py"
    worker.write_bytes(resources.files("sandbox").joinpath("worker.py").read_bytes())
    worker.chmod(0o644)
    (workdir / "submission").mkdir(mode=0o755)
    name = _safe_filename(submission.filename)
    target = workdir / "submission" / name
    target.write_bytes(submission.source)
    target.chmod(0o644)
    return workdir, name


def _safe_filename(filename: str) -> str:
    """The submission's base name when it is a plain Python file name, else solution.py."""
    name = PurePosixPath(filename).name
    return name if _SAFE_FILENAME.fullmatch(name) else "solution.py"


def _host_config(limits: SandboxLimits, workdir: Path) -> dict[str, object]:
    """Every hardening flag of a sandbox container, each with its reason."""
    memory = f"{limits.memory_mb}m"
    return {
        "network_mode": "none",  # no network at all: nothing to reach, nothing to leak to
        "read_only": True,  # the image cannot be changed, not even for the next container
        # The only writable place, small, and nothing written there can be executed.
        "tmpfs": {"/tmp": f"size={limits.tmpfs_mb}m,mode=1777,noexec,nosuid,nodev"},
        "mem_limit": memory,
        "memswap_limit": memory,  # = mem_limit: no swap, a memory bomb meets the OOM killer
        "oom_score_adj": 1000,  # should the host run short of memory, the sandbox dies first
        "pids_limit": limits.pids,  # a fork bomb hits this, not the host's process table
        "nano_cpus": int(limits.cpus * 1e9),  # a busy loop gets its share of CPU and no more
        "cap_drop": ["ALL"],  # no capability at all, even those Docker grants by default
        "security_opt": ["no-new-privileges"],  # setuid binaries cannot raise privileges
        "ipc_mode": "none",  # no /dev/shm: no shared memory to fill or to talk through
        "ulimits": [
            docker.types.Ulimit(name="core", soft=0, hard=0),  # a crash writes no core file
            docker.types.Ulimit(name="nofile", soft=256, hard=256),  # fd exhaustion stays small
        ],
        "init": True,  # a real PID 1 reaps zombies and passes signals; its exit ends everyone
        "log_config": docker.types.LogConfig(type=docker.types.LogConfig.types.NONE),  # no disk
        # The worker and the file, read-only: the worker always matches this judge's version.
        "mounts": [
            docker.types.Mount(target=MOUNT_POINT, source=str(workdir), type="bind", read_only=True)
        ],
        "auto_remove": False,  # the container must outlive its process so it can be inspected
    }
