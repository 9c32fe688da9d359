"""The Docker backend and the engine behind it: the only module that imports docker.

Engine wraps the docker SDK for everything the judge asks of an engine (status, images, leftover
containers); DockerSandbox runs one submission in one hardened container. Every exception the SDK
or its HTTP stack raises becomes SandboxUnavailable here, at the boundary.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import docker
import docker.errors
import docker.types
import requests

from sandbox.base import Outcome, SandboxInfo, SandboxKind, SandboxLimits
from sandbox.cpu_time import cgroup_cpu_seconds, cgroup_usage_file
from sandbox.docker.attach import SOCKET_NAME, AttachedContainer, WorkerListener
from sandbox.docker.detach import detached
from sandbox.docker.image import (
    SANDBOX_PYTHON,
    SANDBOX_USER,
    ImageRecord,
    ImageState,
    ImageStatus,
    default_image_name,
    image_status,
)
from sandbox.errors import SandboxUnavailable
from sandbox.processes import process_alive
from sandbox.supervisor import WORKER_FILE, WorkerSupervisor, signal_name
from sandbox.wire import (
    ChannelClosed,
    ProtocolViolation,
    ReplyTimeout,
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
# Labels this process adds to every container it starts (a grading worker adds its name).
_EXTRA_LABELS: dict[str, str] = {}
# Creating a container and starting Python in it is the judge's cost, not the candidate's.
STARTUP_TIMEOUT_S = 30.0
# How long a worker that closed its channel gets to exit before it counts as alive.
EXIT_GRACE_S = 1.0
# Where the worker and the submission appear in the container (read-only).
MOUNT_POINT = "/judge"
# Where the container finds the judge's socket: a directory of its own (see
# sandbox/docker/attach.py).
SOCKET_MOUNT_POINT = "/judge-socket"


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

    def stray_containers(self, label: str = JUDGE_LABEL) -> tuple[str, ...]:
        """Ids of the judge's containers (those with ``label`` among them) whose judge process is
        gone from this machine: left by a judge that was killed, or whose removal failed after
        the judge exited."""
        with _unavailable("listing containers"):
            found = self.client.api.containers(all=True, filters={"label": [JUDGE_LABEL, label]})
        return tuple(
            container["Id"]
            for container in found
            if not _owner_alive(container.get("Labels") or {})
        )

    def remove_container(self, container_id: str) -> None:
        """Kill and remove a container; one that is gone already is fine."""
        with (
            _unavailable(f"removing container {container_id[:12]}"),
            contextlib.suppress(docker.errors.NotFound),
        ):
            self.client.api.remove_container(container_id, force=True)


def label_containers(labels: Mapping[str, str]) -> None:
    """Add ``labels`` to every container this process (and those it forks) starts from now on."""
    _EXTRA_LABELS.update(labels)


def _owner_alive(labels: Mapping[str, str]) -> bool:
    """Whether the judge process named in a container's owner label still runs."""
    pid = _owner_pid(labels)
    return pid is not None and process_alive(pid)


def _owner_pid(labels: Mapping[str, str]) -> int | None:
    """The pid in a container's owner label; None when the label is missing or malformed."""
    try:
        pid = int(labels.get(OWNER_LABEL, ""))
    except ValueError:
        return None
    return pid if pid > 0 else None


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
    engine, status = usable_engine(timeout_s, image)
    if engine is not None:
        engine.close()
    return status


def usable_engine(
    timeout_s: float = CONNECT_TIMEOUT_S, image: str | None = None
) -> tuple[Engine | None, DockerStatus]:
    """The status, and the engine still connected when the backend is usable (the caller closes
    it): opening a sandbox then asks the engine once, not twice. Never raises."""
    address = engine_address()
    try:
        engine = Engine.connect(timeout_s)
    except SandboxUnavailable as exc:
        return None, DockerStatus(address, None, None, str(exc))
    try:
        found = image_status(engine, image)
    except SandboxUnavailable as exc:
        engine.close()
        return None, DockerStatus(address, engine.version, None, str(exc))
    engine_text = f"Docker {engine.version} at {address}"
    if found.state is ImageState.CURRENT:
        reason = f"{engine_text} holds {found.name} (current)"
    elif found.state is ImageState.STALE:
        reason = f"{engine_text} holds {found.name}, but it is stale: run `judge sandbox build`"
    else:
        reason = f"{engine_text} lacks image {found.name}: run `judge sandbox build`"
    status = DockerStatus(address, engine.version, found, reason)
    if not status.usable:
        engine.close()
        return None, status
    return engine, status


class DockerSandbox(WorkerSupervisor[AttachedContainer]):
    """Runs one submission in one hardened container at a time.

    Outcomes decided here (see sandbox/supervisor.py and sandbox/worker.py for the others):
    MEMORY_EXCEEDED when the engine says the OOM killer struck; CRASHED when the worker died
    (exit code or signal in ``detail``); PROTOCOL_VIOLATION when the worker closed its channel
    but lives on.
    """

    # A container's start is mostly waiting for the engine (~250 ms): the judge works meanwhile.
    _starts_in_background = True

    def __init__(
        self,
        limits: SandboxLimits,
        reason: str = "docker: chosen explicitly",
        *,
        image: str | None = None,
        engine: Engine | None = None,
    ) -> None:
        """Connect to the engine and check that the image exists, unless given ``engine``, an
        open connection whose image was just checked (see usable_engine), which it then owns."""
        super().__init__(limits, workdir_prefix="judge-docker-")
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
        if engine is not None:
            self._engine = engine
            return
        self._engine = Engine.connect()
        try:
            if self._engine.find_image(self.image) is None:
                raise SandboxUnavailable(
                    f"the sandbox image {self.image} is missing: run `judge sandbox build`"
                )
        except BaseException:
            self._engine.close()
            raise

    @property
    def container_id(self) -> str | None:
        """The current container's id; None when none runs (before load, after a kill)."""
        return None if self._worker is None else self._worker.id

    def close(self) -> None:
        """Kill and remove the container, delete the mounted directory, close the engine."""
        try:
            super().close()
        finally:
            self._engine.close()

    def _start_worker(self) -> AttachedContainer:
        """Create, attach and start a container, take its worker's connection and READY frame."""
        assert self._workdir is not None
        # Listening before the container exists: the worker connects as soon as it starts. In a
        # directory only this container mounts, removed once the worker is in.
        with (
            tempfile.TemporaryDirectory(prefix="judge-socket-") as socket_dir,
            WorkerListener(Path(socket_dir) / SOCKET_NAME) as listener,
        ):
            # Searchable by the sandbox's user, who is not the owner; nothing to list or write.
            Path(socket_dir).chmod(0o711)
            try:
                container = self._create_attach_start(self._engine.client.api, Path(socket_dir))
                deadline = time.monotonic() + STARTUP_TIMEOUT_S
                container.accept(listener, self.limits, deadline, user=SANDBOX_USER)
                parse_ready(container.channel.receive(deadline))
            except (ReplyTimeout, ChannelClosed, ProtocolViolation) as exc:
                assert self._worker is not None
                tail = self._worker.stderr_tail(time.monotonic() + EXIT_GRACE_S) or str(exc)
                self._stop_worker()
                raise SandboxUnavailable(
                    f"the sandbox worker did not start in {self.image}: {tail}"
                ) from exc
            except SandboxUnavailable:
                with contextlib.suppress(SandboxUnavailable):  # the first failure is the one
                    self._stop_worker()
                raise
        return container

    def _create_attach_start(self, api: docker.APIClient, socket_dir: Path) -> AttachedContainer:
        """The three API requests that make a running container with its stderr attached."""
        with _unavailable(f"starting a container from {self.image}"):
            try:
                created = self._create(api, socket_dir, self._cpu)
            except docker.errors.APIError:
                if self._cpu is None:
                    raise
                # A CPU the engine will not use: pinning is best effort, the container is not.
                created = self._create(api, socket_dir, None)
            # Held at once: whatever fails from here on, stopping the worker removes it.
            self._worker = container = AttachedContainer(created["Id"])
            # Attach before start, so not one byte the worker writes can be missed.
            raw = api.attach_socket(created["Id"], params={"stderr": 1, "stream": 1})
            container.attach(getattr(raw, "_sock", raw))
            api.start(created["Id"])
        return container

    def _create(self, api: docker.APIClient, socket_dir: Path, cpu: int | None) -> dict[str, str]:
        """Create (not start) the worker's container, on ``cpu`` when one is given."""
        assert self._workdir is not None
        created: dict[str, str] = api.create_container(
            self.image,
            command=_worker_command(self._submission),
            user=SANDBOX_USER,  # nobody: owns no file in the image
            working_dir="/tmp",
            hostname="sandbox",  # rather than the container id
            stdin_open=False,  # requests go over the worker's socket
            tty=False,  # keeps stdout and stderr apart, binary-safe
            labels={**_EXTRA_LABELS, JUDGE_LABEL: "1", OWNER_LABEL: str(os.getpid())},
            host_config=api.create_host_config(
                **_host_config(self.limits, self._workdir, socket_dir, cpu)
            ),
        )
        return created

    def _why_ended(self, worker: AttachedContainer) -> tuple[Outcome, str]:
        """How the container ended, from the engine's record and the worker's last words."""
        api = self._engine.client.api
        with _unavailable("waiting for a sandbox container"):
            try:
                api.wait(worker.id, timeout=EXIT_GRACE_S)
            except (requests.exceptions.ReadTimeout, requests.exceptions.ConnectionError):
                return Outcome.PROTOCOL_VIOLATION, "the worker closed its reply channel"
            state = api.inspect_container(worker.id)["State"]
        if state.get("OOMKilled"):
            return Outcome.MEMORY_EXCEEDED, "killed by the kernel: more memory than allowed"
        code = int(state.get("ExitCode", 0))
        # The init process reports a worker killed by signal N as 128 + N.
        detail = (
            f"killed by signal {signal_name(code - 128)}"
            if code > 128
            else f"the worker exited with code {code}"
        )
        tail = worker.stderr_tail(time.monotonic() + EXIT_GRACE_S)
        return Outcome.CRASHED, f"{detail}: {tail}" if tail else detail

    def _cpu_seconds(self, worker: AttachedContainer) -> float | None:
        """The container's CPU time from its cgroup, as this host shows it."""
        usage_file = cgroup_usage_file(worker.id)
        return None if usage_file is None else cgroup_cpu_seconds(usage_file)

    def _cpu_complete(self, worker: AttachedContainer) -> bool:
        """A container's cgroup counts every task it ever ran."""
        return True

    def _pin(self, worker: AttachedContainer, cpu: int) -> None:
        """Move the running container to one CPU (its cpuset), through the engine."""
        # An engine or kernel without cpusets: the timing is only less steady.
        with contextlib.suppress(docker.errors.DockerException, requests.RequestException):
            self._engine.client.api.update_container(worker.id, cpuset_cpus=str(cpu))

    def _kill(self, worker: AttachedContainer) -> None:
        """Close our sockets, then kill and remove the container (force-remove kills it): in a
        detached process when this one allows it (sandbox/docker/detach.py), else here."""
        worker.close()
        api_version = self._engine.client.api.api_version
        if not detached(lambda: _remove_container(worker.id, api_version)):
            self._engine.remove_container(worker.id)


def _remove_container(container_id: str, api_version: str) -> None:
    """Kill and remove a container over a connection of its own: the judge's may be busy."""
    client = docker.from_env(version=api_version, timeout=REQUEST_TIMEOUT_S)
    client.api.remove_container(container_id, force=True)


def _worker_command(submission: str) -> list[str]:
    """The worker's invocation (see sandbox/worker.py), under an emptied environment."""
    return [
        # env -i: the image's ENV and the engine's PATH/HOSTNAME are not the candidate's business.
        "/usr/bin/env",
        "-i",
        SANDBOX_PYTHON,
        "-I",  # isolated: no PYTHON* variables, no user site, no script dir on the path
        "-S",  # no site-packages: the standard library only
        f"{MOUNT_POINT}/{WORKER_FILE}",
        "--connect",  # to the judge's listening socket, in a directory of this container's own
        f"{SOCKET_MOUNT_POINT}/{SOCKET_NAME}",
        f"{MOUNT_POINT}/{submission}",  # relative to the working directory
    ]


def _host_config(
    limits: SandboxLimits, workdir: Path, socket_dir: Path, cpu: int | None
) -> dict[str, object]:
    """Every hardening flag of a sandbox container, each with its reason; on ``cpu`` if set."""
    memory = f"{limits.memory_mb}m"
    # Set at creation: moving a running container is one more request to the engine.
    pinned = {} if cpu is None else {"cpuset_cpus": str(cpu)}
    return {
        **pinned,
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
        # The judge's socket, read-only too (connect() needs no write access to the mount), in
        # a directory no other container mounts.
        "mounts": [
            docker.types.Mount(
                target=MOUNT_POINT, source=str(workdir), type="bind", read_only=True
            ),
            docker.types.Mount(
                target=SOCKET_MOUNT_POINT, source=str(socket_dir), type="bind", read_only=True
            ),
        ],
        "auto_remove": False,  # the container must outlive its process so it can be inspected
    }
