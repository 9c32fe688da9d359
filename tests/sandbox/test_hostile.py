"""Hostile submissions, on both backends: each gets its specific outcome, in time, and leaves
nothing running (the ``harness`` fixture checks that after close). The judge is this process.
"""

from __future__ import annotations

import socket
import subprocess
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sandbox.base import LoadStatus, Opaque, Outcome, SandboxKind

if TYPE_CHECKING:
    from conftest import Harness


@pytest.fixture
def canary() -> Iterator[subprocess.Popen[bytes]]:
    """A process of the judge's own user that no sandbox may kill."""
    process = subprocess.Popen(["sleep", "60"])
    try:
        yield process
    finally:
        process.kill()
        process.wait()


def loaded(harness: Harness, source: str) -> None:
    """Load ``source`` (dedented) plus the ``ok`` task, which must load cleanly."""
    result = harness.load(textwrap.dedent(source) + OK_TASK)
    assert (result.outcome, result.status, result.error) == (Outcome.OK, LoadStatus.OK, None)


def assert_recovers(harness: Harness) -> None:
    """The next call gets a working worker (a dead one is replaced and the file reloaded)."""
    result = harness.call("ok")
    assert (result.outcome, result.value) == (Outcome.OK, "fine")


OK_TASK = """
def ok():
    return "fine"
"""

# ---- resource exhaustion --------------------------------------------------------------------


def test_fork_bomb_times_out_and_every_child_dies(harness: Harness) -> None:
    loaded(
        harness,
        """
        import os
        def bomb():
            while True:
                try:
                    os.fork()
                except OSError:
                    pass
        """,
    )
    result = harness.call("bomb")
    assert result.outcome is Outcome.TIMED_OUT
    assert harness.within_limit()
    assert_recovers(harness)


@pytest.mark.parametrize(
    "body",
    [
        "chunks = []\n    while True:\n        chunks.append('x' * 10**7)",
        "return 'x' * 10**10",
    ],
    ids=["gradual", "one-huge-allocation"],
)
def test_memory_bomb_is_memory_exceeded(harness: Harness, body: str) -> None:
    loaded(harness, f"def bomb():\n    {body}\n")
    result = harness.call("bomb")
    assert result.outcome is Outcome.MEMORY_EXCEEDED
    assert harness.within_limit()
    assert_recovers(harness)


@pytest.mark.parametrize(
    "body", ["while True:\n        pass", "import time\n    time.sleep(100)"], ids=["loop", "sleep"]
)
def test_endless_call_times_out(harness: Harness, body: str) -> None:
    loaded(harness, f"def endless():\n    {body}\n")
    result = harness.call("endless")
    assert result.outcome is Outcome.TIMED_OUT
    assert harness.limits.time_per_call_s <= harness.elapsed_s and harness.within_limit()
    assert_recovers(harness)


def test_sleep_at_import_times_out_the_load(harness: Harness) -> None:
    result = harness.load("import time\ntime.sleep(100)\n")
    assert (result.outcome, result.status) == (Outcome.TIMED_OUT, LoadStatus.CRASHED_AT_IMPORT)
    assert harness.within_limit()


def test_input_does_not_block_on_stdin(harness: Harness) -> None:
    loaded(harness, "def ask():\n    return input('number? ')\n")
    result = harness.call("ask")
    assert result.outcome is Outcome.RAISED
    assert result.error is not None and result.error.type_name == "EOFError"
    assert result.stdout == "number? "
    assert harness.within_limit()


def test_megabytes_of_print_are_output_exceeded_and_capped(harness: Harness) -> None:
    loaded(harness, "def chatty():\n    for _ in range(100_000):\n        print('x' * 99)\n")
    result = harness.call("chatty")
    assert result.outcome is Outcome.OUTPUT_EXCEEDED
    assert 0 < len(result.stdout.encode()) <= harness.limits.output_bytes
    assert result.stdout.startswith("x" * 99 + "\n")
    assert harness.within_limit()


# Memory no address space counts: memfds (each under the file size limit) grown with
# fallocate and never mapped, in the worker or in children that sleep on while it replies.
UNMAPPED_MEMORY = """
import os, time
def grab(mib):
    held = []
    for _ in range(mib // 4):
        fd = os.memfd_create("held")
        os.posix_fallocate(fd, 0, 4 << 20)
        held.append(fd)
    return held
def hold(mib):
    return len(grab(mib))
def hold_in_children(children, mib):
    for _ in range(children):
        if os.fork() == 0:
            try:
                grab(mib)
            finally:
                time.sleep(100)
    time.sleep(0.5)
    return children
"""


@pytest.mark.parametrize(
    ("task", "args"), [("hold", (1024,)), ("hold_in_children", (4, 96))], ids=["one", "children"]
)
def test_memory_that_is_never_mapped_is_memory_exceeded(
    harness: Harness, task: str, args: tuple[int, ...]
) -> None:
    if harness.kind is SandboxKind.LOCAL and harness.sandbox.cgroup is None:  # type: ignore[attr-defined]
        # The OS gave the judge no cgroup: the isolation line must say what is not limited.
        assert (
            "memory never mapped (a memfd, a tmpfs file) and the sum over several processes "
            "are not limited"
        ) in harness.sandbox.info.isolation
        pytest.skip("no memory cgroup here: the isolation line says so")
    loaded(harness, UNMAPPED_MEMORY)
    result = harness.call(task, *args)
    assert result.outcome is Outcome.MEMORY_EXCEEDED, result
    assert harness.within_limit()
    assert_recovers(harness)


def test_flooding_the_inits_stderr_blocks_only_the_candidate(harness: Harness) -> None:
    # In a container, init's stderr is the attach stream the judge reads only at a worker's end;
    # the candidate may open it. Its writes block once the engine's buffers fill, and the
    # container must still be removed at once (the engine waits on that stream until closed).
    loaded(
        harness,
        """
        import os
        def flood():
            try:
                fd = os.open("/proc/1/fd/2", os.O_WRONLY)
            except OSError as exc:
                return exc.strerror
            for _ in range(300):
                os.write(fd, b"x" * 2**20)
            return "wrote 300 MiB"
        """,
    )
    result = harness.call("flood")
    if harness.kind is SandboxKind.DOCKER:
        assert result.outcome is Outcome.TIMED_OUT, result
    else:  # the local init keeps no stdio and is not dumpable: nothing to open
        assert (result.outcome, result.value) == (Outcome.OK, "Permission denied")
    assert harness.within_limit()
    assert_recovers(harness)
    assert harness.elapsed_s < 10  # a fresh worker and one call: no wait on the engine


def test_filling_tmp_stops_at_its_size(harness: Harness) -> None:
    name = f"fill-{uuid.uuid4().hex}"
    loaded(
        harness,
        f"""
        def fill():
            written = 0
            try:
                with open("/tmp/{name}", "wb") as handle:
                    while True:
                        handle.write(b"x" * 2**20)
                        handle.flush()
                        written += 2**20
            except OSError as exc:
                return written, type(exc).__name__
        """,
    )
    result = harness.call("fill")
    assert result.outcome is Outcome.OK
    written, error = result.value
    assert written <= harness.limits.tmpfs_mb * 2**20
    assert error == "OSError"  # ENOSPC or EFBIG, both plain OSError
    assert not Path("/tmp", name).exists()  # the host's /tmp never saw it
    assert harness.within_limit()


@pytest.mark.parametrize(
    "source",
    [
        # Python-level recursion: which limit trips first (time, or memory as address space
        # locally and as cgroup memory in Docker) depends on the backend; both are limits.
        "import sys\nsys.setrecursionlimit(10**6)\ndef bomb(n=0):\n    return bomb(n + 1)\n",
    ],
)
def test_python_recursion_bomb_hits_a_limit(harness: Harness, source: str) -> None:
    loaded(harness, source)
    result = harness.call("bomb")
    assert result.outcome in (Outcome.TIMED_OUT, Outcome.MEMORY_EXCEEDED)
    assert harness.within_limit()
    assert_recovers(harness)


def test_c_recursion_bomb_crashes_with_sigsegv(harness: Harness) -> None:
    loaded(
        harness,
        """
        import sys
        sys.setrecursionlimit(10**6)
        class Nested:
            def __repr__(self):
                return repr(Nested())  # recursion through C: the C stack overflows
        def bomb():
            return repr(Nested())
        """,
    )
    result = harness.call("bomb")
    assert result.outcome is Outcome.CRASHED
    assert "SIGSEGV" in result.detail
    assert harness.within_limit()
    assert_recovers(harness)


def test_ctypes_segfault_crashes_with_sigsegv(harness: Harness) -> None:
    loaded(harness, "import ctypes\ndef crash():\n    return ctypes.string_at(0)\n")
    result = harness.call("crash")
    assert result.outcome is Outcome.CRASHED
    assert "SIGSEGV" in result.detail
    assert harness.within_limit()
    assert_recovers(harness)


# ---- the protocol ---------------------------------------------------------------------------


def test_fake_protocol_replies_on_fd_1_are_just_output(harness: Harness) -> None:
    loaded(
        harness,
        """
        import json, os
        def forge():
            for request_id in range(1, 20):
                reply = {"id": request_id, "outcome": "ok", "value": 42, "error": None,
                         "stdout": "", "stderr": "", "detail": ""}
                body = json.dumps(reply).encode()
                os.write(1, len(body).to_bytes(4, "big") + body)
            return 7
        """,
    )
    result = harness.call("forge")
    assert (result.outcome, result.value) == (Outcome.OK, 7)
    assert '"value": 42' in result.stdout  # the forgery is the candidate's output, nothing more
    assert harness.within_limit()


def test_garbage_on_the_real_reply_channel_is_a_protocol_violation(harness: Harness) -> None:
    loaded(
        harness,
        """
        import os, stat
        def sabotage():
            for fd in range(3, 64):
                try:
                    if stat.S_ISFIFO(os.fstat(fd).st_mode) or stat.S_ISSOCK(os.fstat(fd).st_mode):
                        os.write(fd, b"\\xff" * 16)
                except OSError:
                    pass
            return 1
        """,
    )
    result = harness.call("sabotage")
    assert result.outcome is Outcome.PROTOCOL_VIOLATION
    assert harness.within_limit()
    assert_recovers(harness)


def test_closing_fds_0_to_2_does_not_break_the_protocol(harness: Harness) -> None:
    loaded(
        harness,
        """
        import os
        def close_all():
            for fd in (0, 1, 2):
                os.close(fd)
            return 5
        def speak():
            print("still captured", flush=True)
            return 6
        """,
    )
    closed = harness.call("close_all")
    assert (closed.outcome, closed.value) == (Outcome.OK, 5)
    result = harness.call("speak")
    assert (result.outcome, result.value, result.stdout) == (Outcome.OK, 6, "still captured\n")


# ---- exits and kills ------------------------------------------------------------------------


def test_sys_exit_at_import_is_a_crash_at_import(harness: Harness) -> None:
    result = harness.load("import sys\nsys.exit(3)\n")
    assert (result.outcome, result.status) == (Outcome.CRASHED, LoadStatus.CRASHED_AT_IMPORT)
    assert "sys.exit(3)" in result.detail
    assert harness.within_limit()


def test_os_exit_at_import_is_a_crash_at_import(harness: Harness) -> None:
    result = harness.load("import os\nos._exit(3)\n")
    assert (result.outcome, result.status) == (Outcome.CRASHED, LoadStatus.CRASHED_AT_IMPORT)
    assert "code 3" in result.detail
    assert harness.within_limit()


def test_sys_exit_in_a_call_is_a_crash(harness: Harness) -> None:
    loaded(harness, "import sys\ndef leave():\n    sys.exit(3)\n")
    result = harness.call("leave")
    assert (result.outcome, result.detail) == (Outcome.CRASHED, "called sys.exit(3)")
    assert_recovers(harness)


@pytest.mark.parametrize("builtin", ["exit", "quit"])
def test_the_exit_builtins_end_a_call_as_sys_exit_does(harness: Harness, builtin: str) -> None:
    # The worker runs with -S (no site.py, which defines them): a script's exit() still works.
    loaded(harness, f"def leave():\n    {builtin}(4)\n")
    result = harness.call("leave")
    assert (result.outcome, result.detail) == (Outcome.CRASHED, "called sys.exit(4)")
    assert_recovers(harness)


def test_os_exit_in_a_call_is_a_crash(harness: Harness) -> None:
    loaded(harness, "import os\ndef leave():\n    os._exit(7)\n")
    result = harness.call("leave")
    assert result.outcome is Outcome.CRASHED
    assert "code 7" in result.detail
    assert harness.within_limit()
    assert_recovers(harness)


def test_killing_its_own_process_group_is_a_crash(
    harness: Harness, canary: subprocess.Popen[bytes]
) -> None:
    loaded(harness, "import os\ndef suicide():\n    os.killpg(os.getpgrp(), 9)\n")
    result = harness.call("suicide")
    assert result.outcome is Outcome.CRASHED
    assert "SIGKILL" in result.detail
    assert canary.poll() is None
    assert_recovers(harness)


def test_kill_minus_one_reaches_nothing_of_the_judge(
    harness: Harness, canary: subprocess.Popen[bytes]
) -> None:
    if harness.kind is SandboxKind.LOCAL and harness.sandbox.plan.uid is None:  # type: ignore[attr-defined]
        pytest.skip("not root: the local sandbox shares the judge's uid, so kill(-1) would hit it")
    loaded(
        harness,
        """
        import os
        def kill_all():
            try:
                os.kill(-1, 9)
            except ProcessLookupError:  # nothing else of its own to kill
                pass
            return "survived"
        """,
    )
    result = harness.call("kill_all")
    # kill(-1) spares the caller: the worker lives, and nothing outside the sandbox is reached.
    assert (result.outcome, result.value) == (Outcome.OK, "survived")
    assert canary.poll() is None


def test_threads_left_running_do_not_block_the_reply_or_outlive_close(harness: Harness) -> None:
    loaded(
        harness,
        """
        import threading, time
        def spin():
            while True:
                time.sleep(0.001)
        def start():
            threading.Thread(target=spin).start()  # not a daemon: it would block a normal exit
            threading.Thread(target=spin, daemon=True).start()
            return threading.active_count()
        """,
    )
    result = harness.call("start")
    assert (result.outcome, result.value) == (Outcome.OK, 3)
    assert harness.within_limit()
    again = harness.call("start")
    assert (again.outcome, again.value) == (Outcome.OK, 5)


# ---- reaching outside -----------------------------------------------------------------------


def test_writing_outside_tmp_fails(harness: Harness, tmp_path: Path) -> None:
    tmp_path.chmod(0o777)  # even a directory everybody may write to stays out of reach
    targets = [
        Path.cwd() / f"hostile-{uuid.uuid4().hex}",
        tmp_path / "hostile",
        Path.home() / f"hostile-{uuid.uuid4().hex}",
    ]
    loaded(
        harness,
        """
        def write(paths):
            written = []
            for path in paths:
                try:
                    with open(path, "w") as handle:
                        handle.write("owned")
                    written.append(path)
                except OSError:
                    pass
            return written
        """,
    )
    result = harness.call("write", [str(target) for target in targets])
    assert (result.outcome, result.value) == (Outcome.OK, [])
    assert [target for target in targets if target.exists()] == []


def test_network_connections_fail(harness: Harness) -> None:
    listener = socket.create_server(("0.0.0.0", 0))
    listener.setblocking(False)
    port = listener.getsockname()[1]
    addresses = ["127.0.0.1", socket.gethostbyname(socket.gethostname()), "1.1.1.1"]
    loaded(
        harness,
        """
        import socket
        def connect(addresses, port):
            outcomes = []
            for address in addresses:
                try:
                    socket.create_connection((address, port), timeout=0.2).close()
                    outcomes.append("connected")
                except OSError as exc:
                    outcomes.append(type(exc).__name__)
            return outcomes
        """,
    )
    with listener:
        result = harness.call("connect", addresses, port)
        assert result.outcome is Outcome.OK
        assert "connected" not in result.value
        with pytest.raises(BlockingIOError):
            listener.accept()
    assert harness.within_limit()


def test_environment_holds_no_secret_of_the_judge(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUDGE_SECRET", "hunter2")
    loaded(harness, "import os\ndef environment():\n    return dict(os.environ)\n")
    result = harness.call("environment")
    assert result.outcome is Outcome.OK
    assert "JUDGE_SECRET" not in result.value
    assert not any("hunter2" in value for value in result.value.values())
    # Python itself may set LC_CTYPE when coercing the C locale; nothing else is there.
    assert set(result.value) <= {"LC_CTYPE"}


def test_planted_symlinks_never_redirect_a_judge_write(harness: Harness, tmp_path: Path) -> None:
    target = tmp_path / "judge-owned.txt"
    target.write_text("judge data")
    loaded(
        harness,
        """
        import os
        def plant(target):
            planted = []
            names = ["worker.log", "stdout", "stderr", "capture", "solution.py", "worker.py"]
            for directory in (os.getcwd(), "/tmp", "/judge", "/tmp/judge-work"):
                for name in names:
                    try:
                        os.symlink(target, os.path.join(directory, name))
                        planted.append(os.path.join(directory, name))
                    except OSError:
                        pass
            return planted
        def leave():
            os._exit(1)
        """,
    )
    planted = harness.call("plant", str(target))
    assert planted.outcome is Outcome.OK
    # Only in the sandbox's own /tmp: never in the directory the judge prepared.
    assert all(path.startswith("/tmp/") for path in planted.value)
    assert not any(path.startswith(("/tmp/judge-work/", "/judge/")) for path in planted.value)
    assert harness.call("leave").outcome is Outcome.CRASHED
    assert_recovers(harness)  # the replacement worker: a fresh log and fresh captures
    harness.sandbox.close()
    assert target.read_text() == "judge data"


# ---- returned values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "type_name"),
    [
        (
            "class Liar:\n        def __eq__(self, other):\n            return True\n"
            "    return Liar()",
            "Liar",
        ),
        (
            "class Sneaky(int):\n        def __eq__(self, other):\n            return True\n"
            "    return Sneaky(6)",
            "Sneaky",
        ),
        ("return (n for n in range(3))", "generator"),
        ("return {1, 2, 3}", "set"),
        ("return print", "builtin_function_or_method"),
    ],
    ids=["rigged-eq", "rigged-int-subclass", "generator", "set", "function"],
)
def test_values_the_wire_does_not_carry_arrive_opaque(
    harness: Harness, body: str, type_name: str
) -> None:
    loaded(harness, f"def value():\n    {body}\n")
    result = harness.call("value")
    assert (result.outcome, result.value) == (Outcome.OK, Opaque(type_name))
    assert result.value != 6 and result.value != Opaque("int")


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("return [0] * 5_000_000", "larger"),
        ("nested = []\n    nested.append(nested)\n    return nested", "deeper"),
    ],
    ids=["huge-list", "self-referential-list"],
)
def test_values_too_big_to_carry_are_output_exceeded(harness: Harness, body: str, why: str) -> None:
    loaded(harness, f"def value():\n    {body}\n")
    result = harness.call("value")
    assert result.outcome is Outcome.OUTPUT_EXCEEDED
    assert why in result.detail
    assert harness.within_limit()
