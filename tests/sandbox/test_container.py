"""The Docker backend: the container really is hardened, calls round-trip, and every way a
container can end is told apart, replaced and removed. Needs an engine and the image: skipped
without them, failed under JUDGE_REQUIRE_DOCKER=1.
"""

from __future__ import annotations

import dataclasses
import os
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tiny_image import tiny_image

from sandbox.base import (
    CallRequest,
    LoadStatus,
    Outcome,
    SandboxKind,
    SandboxLimits,
    Submission,
)
from sandbox.choice import open_sandbox
from sandbox.docker.attach import SOCKET_NAME
from sandbox.docker.backend import (
    OWNER_LABEL,
    DockerSandbox,
    Engine,
    docker_status,
)
from sandbox.errors import SandboxInternalError, SandboxUnavailable

LIMITS = SandboxLimits(
    time_per_call_s=1.0, memory_mb=96, output_bytes=4096, pids=24, cpus=0.5, tmpfs_mb=4
)
# Killing, removing and replacing a container is the judge's time, on top of the call's limit.
GRACE_S = 2.0

SOURCE = textwrap.dedent(
    """
    import os, socket, sys, time

    def echo(*args):
        print("seen", len(args))
        return args

    def sleep():
        time.sleep(60)

    def exit_with(code):
        os._exit(code)

    def signal_self(number):
        os.kill(os.getpid(), number)

    def segfault():
        import ctypes
        ctypes.string_at(0)

    def memory_bomb():
        chunks = []
        while True:
            chunks.append(b"\\x01" * 10**7)

    def shout(size):
        print("x" * size)
        return size

    def big(size):
        return list(range(size))

    def connect(path):
        try:
            socket.socket(socket.AF_UNIX).connect(path)
        except OSError as exc:
            return exc.strerror
        return "connected"

    def probe(what):
        if what == "uid":
            return (os.getuid(), os.getgid())
        if what == "environment":
            return sorted(os.environ)
        if what == "status":
            wanted = ("CapEff", "CapBnd", "NoNewPrivs")
            lines = open("/proc/self/status").read().splitlines()
            return {k: v.strip() for k, v in (l.split(":", 1) for l in lines) if k in wanted}
        if what == "write_root":
            try:
                open("/judge/planted.py", "w")
            except OSError as exc:
                return exc.strerror
        if what == "write_tmp":
            with open("/tmp/scratch", "w") as handle:
                return handle.write("x" * 1000)
        if what == "network":
            try:
                socket.create_connection(("1.1.1.1", 53), timeout=1)
            except OSError as exc:
                return exc.strerror
        if what == "python":
            return sys.version_info[:2]
        return "unknown probe"
    """
)


@pytest.fixture
def engine(docker_required: None) -> Iterator[Engine]:
    with Engine.connect() as connected:
        yield connected


@pytest.fixture
def sandbox(engine: Engine) -> Iterator[DockerSandbox]:
    """A loaded Docker sandbox; after close, no container of this process may remain."""
    opened = DockerSandbox(LIMITS, reason="test")
    try:
        result = opened.load(Submission("solution.py", SOURCE.encode()))
        assert (result.outcome, result.status) == (Outcome.OK, LoadStatus.OK)
        yield opened
    finally:
        opened.close()
    assert engine.judge_containers(os.getpid()) == ()


def call(sandbox: DockerSandbox, task: str, *args: Any) -> tuple[Outcome, Any, str, float]:
    started = time.monotonic()
    result = sandbox.call(CallRequest(task, args))
    return result.outcome, result.value, result.detail, time.monotonic() - started


def exists(engine: Engine, container_id: str) -> bool:
    return container_id in engine.judge_containers()


def test_the_container_has_every_hardening_flag(sandbox: DockerSandbox, engine: Engine) -> None:
    assert sandbox.container_id is not None
    attrs = engine.client.api.inspect_container(sandbox.container_id)
    host, config = attrs["HostConfig"], attrs["Config"]
    memory = LIMITS.memory_mb * 1024 * 1024
    assert {
        "NetworkMode": host["NetworkMode"],
        "ReadonlyRootfs": host["ReadonlyRootfs"],
        "CapDrop": host["CapDrop"],
        "SecurityOpt": host["SecurityOpt"],
        "PidsLimit": host["PidsLimit"],
        "Memory": host["Memory"],
        "MemorySwap": host["MemorySwap"],
        "NanoCpus": host["NanoCpus"],
        "Init": host["Init"],
        "LogConfig": host["LogConfig"]["Type"],
        "IpcMode": host["IpcMode"],
        "Tmpfs": host["Tmpfs"],
        "AutoRemove": host["AutoRemove"],
        "Privileged": host["Privileged"],
        "User": config["User"],
        "OpenStdin": config["OpenStdin"],
        "Tty": config["Tty"],
        "Owner": config["Labels"][OWNER_LABEL],
        "Mounts": sorted((m["Destination"], m["RW"]) for m in attrs["Mounts"]),
    } == {
        "NetworkMode": "none",
        "ReadonlyRootfs": True,
        "CapDrop": ["ALL"],
        "SecurityOpt": ["no-new-privileges"],
        "PidsLimit": LIMITS.pids,
        "Memory": memory,
        "MemorySwap": memory,
        "NanoCpus": 500_000_000,
        "Init": True,
        "LogConfig": "none",
        "IpcMode": "none",
        "Tmpfs": {"/tmp": "size=4m,mode=1777,noexec,nosuid,nodev"},
        "AutoRemove": False,
        "Privileged": False,
        "User": "65534:65534",
        "OpenStdin": False,
        "Tty": False,
        "Owner": str(os.getpid()),
        "Mounts": [("/judge", False), ("/judge-socket", False)],
    }


@pytest.mark.parametrize(
    ("probe", "expected"),
    [
        ("uid", (65534, 65534)),
        # Python itself sets LC_CTYPE (PEP 538); nothing of the host or the image gets in.
        ("environment", ["LC_CTYPE"]),
        ("status", {"CapEff": "0000000000000000", "CapBnd": "0000000000000000", "NoNewPrivs": "1"}),
        ("write_root", "Read-only file system"),
        ("write_tmp", 1000),
        ("network", "Network is unreachable"),
        ("python", (3, 11)),
    ],
)
def test_inside_the_container(sandbox: DockerSandbox, probe: str, expected: object) -> None:
    assert call(sandbox, "probe", probe)[:2] == (Outcome.OK, expected)


def test_values_round_trip_with_their_types(sandbox: DockerSandbox) -> None:
    args = (10**5000, -(2**70), 1.5, float("inf"), "naïve\udcff", None, True, (1, [2]), {3: (4,)})
    result = sandbox.call(CallRequest("echo", args))
    assert (result.outcome, result.value, result.stdout) == (Outcome.OK, args, "seen 9\n")
    assert 0 < result.wall_seconds < 1


def test_big_values_and_the_output_cap_cross_the_socket(sandbox: DockerSandbox) -> None:
    # ~1.9 MB of reply, far beyond one socket buffer; then the cap on captured output.
    assert call(sandbox, "big", 300_000)[:2] == (Outcome.OK, list(range(300_000)))
    assert call(sandbox, "shout", LIMITS.output_bytes)[:3] == (
        Outcome.OUTPUT_EXCEEDED,
        None,
        f"wrote more than {LIMITS.output_bytes} bytes to stdout",
    )
    assert call(sandbox, "shout", 10)[:2] == (Outcome.OK, 10)


def test_the_socket_and_its_directory_are_gone_once_the_worker_connected(
    sandbox: DockerSandbox, engine: Engine
) -> None:
    assert sandbox.container_id is not None and sandbox._workdir is not None
    mounts = engine.client.api.inspect_container(sandbox.container_id)["Mounts"]
    (socket_dir,) = (Path(m["Source"]) for m in mounts if m["Destination"] == "/judge-socket")
    # Its own directory, not the working directory that every container of this file mounts.
    assert socket_dir.parent != sandbox._workdir and socket_dir != sandbox._workdir
    assert not socket_dir.exists() and not (sandbox._workdir / SOCKET_NAME).exists()
    # Nor can the candidate, from inside, reach the judge a second time.
    for inside in (f"/judge-socket/{SOCKET_NAME}", f"/judge/{SOCKET_NAME}"):
        assert call(sandbox, "connect", inside)[:2] == (Outcome.OK, "No such file or directory")


def test_the_container_serves_many_calls(sandbox: DockerSandbox) -> None:
    first = sandbox.container_id
    for number in range(200):
        assert call(sandbox, "echo", number)[:2] == (Outcome.OK, (number,))
    assert sandbox.container_id == first


def test_a_timeout_replaces_the_container(sandbox: DockerSandbox, engine: Engine) -> None:
    first = sandbox.container_id
    assert first is not None
    outcome, _, detail, elapsed = call(sandbox, "sleep")
    assert (outcome, detail) == (Outcome.TIMED_OUT, "no reply within 1 s")
    assert elapsed < LIMITS.time_per_call_s + GRACE_S
    assert sandbox.container_id is None
    assert not exists(engine, first)
    assert call(sandbox, "echo", 1)[:2] == (Outcome.OK, (1,))
    assert sandbox.container_id not in (None, first)


# The bomb races a wall clock: filling 96 MiB takes ~70 ms of CPU, but on a loaded 2-CPU
# machine its half CPU quota gave it a fifth of a CPU or less (0.3-0.9 s to the OOM killer),
# and within LIMITS' 1 s per call that race was sometimes lost (Time Limit Exceeded). The
# classification is what is tested here, so the clock is left far behind the memory limit.
OOM_LIMITS = dataclasses.replace(LIMITS, time_per_call_s=30.0)


def test_the_oom_killer_is_memory_exceeded(engine: Engine) -> None:
    with DockerSandbox(OOM_LIMITS, reason="test") as sandbox:
        assert sandbox.load(Submission("solution.py", SOURCE.encode())).status is LoadStatus.OK
        outcome, _, detail, _ = call(sandbox, "memory_bomb")
        assert (outcome, detail) == (
            Outcome.MEMORY_EXCEEDED,
            "killed by the kernel: more memory than allowed",
        )
        assert call(sandbox, "echo", 2)[:2] == (Outcome.OK, (2,))
    assert engine.judge_containers(os.getpid()) == ()


@pytest.mark.parametrize(
    ("task", "args", "detail"),
    [
        ("exit_with", (3,), "the worker exited with code 3"),
        ("segfault", (), "killed by signal SIGSEGV"),
        ("signal_self", (9,), "killed by signal SIGKILL"),
    ],
)
def test_a_dead_worker_is_a_crash_and_is_replaced(
    sandbox: DockerSandbox, engine: Engine, task: str, args: tuple[int, ...], detail: str
) -> None:
    first = sandbox.container_id
    assert first is not None
    assert call(sandbox, task, *args)[:3] == (Outcome.CRASHED, None, detail)
    assert not exists(engine, first)
    assert call(sandbox, "echo", 3)[:2] == (Outcome.OK, (3,))


def test_close_removes_the_container_even_after_a_crash_and_an_exception(engine: Engine) -> None:
    seen = []
    with pytest.raises(RuntimeError, match="the caller failed"), DockerSandbox(LIMITS) as sandbox:
        sandbox.load(Submission("solution.py", SOURCE.encode()))
        assert call(sandbox, "segfault")[0] is Outcome.CRASHED
        assert call(sandbox, "echo")[0] is Outcome.OK
        seen.append(sandbox.container_id)
        raise RuntimeError("the caller failed")
    assert seen[0] is not None
    assert not exists(engine, seen[0])


def test_a_file_that_fails_to_load_leaves_no_container(engine: Engine) -> None:
    with DockerSandbox(LIMITS) as sandbox:
        result = sandbox.load(Submission("solution.py", b"def broken(:\n"))
        assert (result.outcome, result.status) == (Outcome.RAISED, LoadStatus.SYNTAX_ERROR)
        assert sandbox.container_id is None
        with pytest.raises(SandboxInternalError):
            sandbox.call(CallRequest("broken", ()))
    assert engine.judge_containers(os.getpid()) == ()


def test_a_missing_image_is_sandbox_unavailable(engine: Engine) -> None:
    with pytest.raises(SandboxUnavailable) as raised:
        DockerSandbox(LIMITS, image="judge-sandbox:no-such-tag")
    assert str(raised.value) == (
        "the sandbox image judge-sandbox:no-such-tag is missing: run `judge sandbox build`"
    )


def test_an_image_that_cannot_run_the_worker_is_unavailable_and_leaves_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    with tiny_image(engine, tmp_path, {}) as name, DockerSandbox(LIMITS, image=name) as sandbox:
        expected = f"the sandbox worker did not start in {name}: .*exec /usr/bin/env failed"
        with pytest.raises(SandboxUnavailable, match=expected):
            sandbox.load(Submission("solution.py", SOURCE.encode()))
        assert sandbox.container_id is None
        assert engine.judge_containers(os.getpid()) == ()


def test_an_engine_that_does_not_answer_is_reported_quickly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    started = time.monotonic()
    status = docker_status()
    assert time.monotonic() - started < 3
    assert (status.usable, status.engine_version, status.image, status.reason) == (
        False,
        None,
        None,
        "no Docker engine answers at unix:///nonexistent/docker.sock: "
        "start dockerd, or set DOCKER_HOST",
    )
    with pytest.raises(SandboxUnavailable, match="no Docker engine answers"):
        DockerSandbox(LIMITS)


def test_opening_the_chosen_sandbox_connects_to_the_engine_once(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    connects: list[Engine] = []
    connect = Engine.connect.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Engine], *args: Any, **kwargs: Any) -> Engine:
        connects.append(connect(cls, *args, **kwargs))
        return connects[-1]

    monkeypatch.setattr(Engine, "connect", classmethod(counted))
    with open_sandbox(SandboxKind.AUTO, LIMITS) as sandbox:
        assert isinstance(sandbox, DockerSandbox)
        assert sandbox.info.reason.startswith("docker: Docker ")
        assert sandbox.load(Submission("solution.py", SOURCE.encode())).status is LoadStatus.OK
    assert len(connects) == 1
