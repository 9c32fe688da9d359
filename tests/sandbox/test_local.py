"""What only the local backend does: its isolation, as the candidate sees it, and its cleanup."""

from __future__ import annotations

import dataclasses
import errno
import os
import pwd
import resource
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from waiting import within

from sandbox.base import CallRequest, LoadStatus, Outcome, SandboxLimits, Submission
from sandbox.errors import SandboxInternalError
from sandbox.local.backend import LocalSandbox
from sandbox.local.isolation import (
    ADDRESS_SPACE_HEADROOM_MB,
    SANDBOX_UID_RANGE,
    kill_uid,
    proc_files,
    processes_of_uid,
)
from sandbox.local.memory_cgroup import NAME_PREFIX, NoCgroup, find_hierarchy, remove_stale

LIMITS = SandboxLimits(time_per_call_s=1.0, memory_mb=128, output_bytes=4096, pids=32, tmpfs_mb=8)
AS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="the uid drop and namespaces need root")

INSPECT = """
import ctypes, os, resource
def inspect():
    return {
        "uid": os.getuid(),
        "gid": os.getgid(),
        "groups": os.getgroups(),
        "pid": os.getpid(),
        "parent": os.getppid(),
        "processes": sorted(int(entry) for entry in os.listdir("/proc") if entry.isdigit()),
        "pid_ns": os.readlink("/proc/self/ns/pid"),
        "net": os.readlink("/proc/self/ns/net"),
        "mnt": os.readlink("/proc/self/ns/mnt"),
        "cwd": os.getcwd(),
        "tmp": sorted(os.listdir("/tmp")),
        "limits": {
            name: resource.getrlimit(getattr(resource, name))[0]
            for name in ("RLIMIT_AS", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_CORE",
                         "RLIMIT_NPROC")
        },
        "no_new_privs": open("/proc/self/status").read().split("NoNewPrivs:")[1].split()[0],
        "capabilities": open("/proc/self/status").read().split("CapEff:")[1].split()[0],
        "unmount_tmp": ctypes.CDLL(None).umount2(b"/tmp", 2),
    }
def write_here():
    try:
        open("planted.py", "w").close()
        return "written"
    except OSError as exc:
        return type(exc).__name__
def leave():
    os._exit(1)
"""


@pytest.fixture
def sandbox() -> Iterator[LocalSandbox]:
    """A local sandbox with INSPECT loaded."""
    with LocalSandbox(LIMITS) as local:
        result = local.load(Submission("solution.py", INSPECT.encode()))
        assert result.status is LoadStatus.OK
        yield local


@AS_ROOT
def test_as_root_the_worker_runs_as_a_fresh_uid_in_its_own_namespaces(
    sandbox: LocalSandbox,
) -> None:
    seen = sandbox.call(CallRequest("inspect", ())).value
    uid = sandbox.plan.uid
    assert uid in SANDBOX_UID_RANGE
    with pytest.raises(KeyError):
        pwd.getpwuid(uid)
    assert (seen["uid"], seen["gid"], seen["groups"]) == (uid, uid, [])
    # Its own process namespace, under its own init: it sees its init and itself, nothing else.
    assert seen["pid_ns"] != os.readlink("/proc/self/ns/pid")
    assert (seen["parent"], seen["processes"]) == (1, [1, seen["pid"]])
    assert seen["net"] != os.readlink("/proc/self/ns/net")
    assert seen["mnt"] != os.readlink("/proc/self/ns/mnt")
    assert (seen["cwd"], seen["tmp"]) == ("/tmp/judge-work", ["judge-work"])
    assert seen["no_new_privs"] == "1"
    assert (seen["capabilities"], seen["unmount_tmp"]) == ("0000000000000000", -1)
    assert "dedicated uid" in sandbox.info.isolation
    assert "network namespace: yes" in sandbox.info.isolation
    assert "process namespace: yes" in sandbox.info.isolation


def test_the_worker_runs_under_rlimits(sandbox: LocalSandbox) -> None:
    limits = sandbox.call(CallRequest("inspect", ())).value["limits"]
    assert limits == {
        "RLIMIT_AS": (LIMITS.memory_mb + ADDRESS_SPACE_HEADROOM_MB) * 2**20,
        "RLIMIT_FSIZE": LIMITS.tmpfs_mb * 2**20,
        "RLIMIT_NOFILE": 64,
        "RLIMIT_CORE": 0,
        "RLIMIT_NPROC": limits["RLIMIT_NPROC"],
    }
    if sandbox.plan.uid is not None:
        # With a process namespace the relay and the init are two more processes of the uid.
        assert limits["RLIMIT_NPROC"] == LIMITS.pids + (2 if sandbox.plan.pid_namespace else 0)
    assert resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY  # not the judge's


def test_the_working_directory_is_read_only_for_the_candidate(sandbox: LocalSandbox) -> None:
    assert sandbox.call(CallRequest("write_here", ())).value in ("PermissionError", "OSError")


@AS_ROOT
def test_the_python_is_one_the_sandbox_user_can_run(sandbox: LocalSandbox) -> None:
    python = Path(os.path.realpath(sandbox.plan.python))
    assert not python.is_relative_to("/root")
    assert python.stat().st_mode & 0o005 == 0o005


def test_a_link_planted_where_the_judge_writes_its_log_is_not_followed(
    sandbox: LocalSandbox, tmp_path: Path
) -> None:
    target = tmp_path / "precious"
    target.write_text("keep")
    workdir = Path(sandbox._workdir)  # type: ignore[arg-type]
    (workdir / "worker.log").unlink()
    (workdir / "worker.log").symlink_to(target)
    assert sandbox.call(CallRequest("leave", ())).outcome is Outcome.CRASHED
    assert sandbox.call(CallRequest("inspect", ())).outcome is Outcome.OK  # a new worker
    assert target.read_text() == "keep"
    assert not (workdir / "worker.log").is_symlink()


def test_close_removes_the_directory_and_is_idempotent(sandbox: LocalSandbox) -> None:
    workdir = Path(sandbox._workdir)  # type: ignore[arg-type]
    pid = sandbox.worker_pid
    sandbox.close()
    sandbox.close()
    assert not workdir.exists()
    assert sandbox.worker_pid is None
    assert pid is not None and not Path(f"/proc/{pid}").exists()


def test_calling_before_a_successful_load_is_the_judges_bug() -> None:
    with LocalSandbox(LIMITS) as local:
        local.load(Submission("broken.py", b"def f(:\n"))
        with pytest.raises(SandboxInternalError):
            local.call(CallRequest("f", ()))


def test_a_submission_name_is_kept_only_when_it_is_a_plain_file_name() -> None:
    with LocalSandbox(LIMITS) as local:
        result = local.load(Submission("../../etc/evil name.py", b"x = (\n"))
        assert result.error is not None
        assert result.error.traceback[0] == '  File "solution.py", line 1'
        result = local.load(Submission("my_answer.py", b"x = (\n"))
        assert result.error is not None
        assert result.error.traceback[0] == '  File "my_answer.py", line 1'


@AS_ROOT
def test_kill_uid_kills_processes_that_left_their_group() -> None:
    uid = SANDBOX_UID_RANGE.start + 12345

    def become() -> None:
        os.setsid()
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)

    script = "import os, time\nif os.fork() == 0:\n    os.setsid()\ntime.sleep(60)\n"
    runaway = subprocess.Popen(
        ["/usr/bin/python3", "-c", textwrap.dedent(script)], preexec_fn=become
    )
    try:
        within(5, lambda: len(processes_of_uid(uid)) >= 2)
        assert len(processes_of_uid(uid)) == 2  # the child and its grandchild in a new session
        kill_uid(uid)
        assert processes_of_uid(uid) == []
    finally:
        runaway.kill()
        runaway.wait()


def test_without_namespaces_it_still_runs_and_says_so() -> None:
    with LocalSandbox(LIMITS) as local:
        # As on a machine that refuses unshare(): what the probe would have planned there.
        local.plan = dataclasses.replace(local.plan, namespace_flags=0, read_only_root=False)
        assert "network namespace: no" in local.plan.describe()
        assert local.load(Submission("solution.py", INSPECT.encode())).status is LoadStatus.OK
        seen = local.call(CallRequest("inspect", ())).value
        assert seen["net"] == os.readlink("/proc/self/ns/net")
        assert seen["cwd"] == str(local._workdir)
        written = local.call(CallRequest("write_here", ())).value
        if local.plan.uid is not None:  # root: a fresh uid, which owns nothing here
            assert written in ("PermissionError", "OSError")
        else:  # the judge's own uid, with no read-only mounts: it can, and the report says so
            assert written == "written"
            assert "the user's files and other processes exposed" in local.plan.describe()


@pytest.fixture
def own_uid_sandbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalSandbox]:
    """A local sandbox planned as for a judge that is not root: the worker keeps the judge's
    uid (so only its namespaces stand between it and the judge's other processes)."""
    with monkeypatch.context() as planning:
        planning.setattr(os, "geteuid", lambda: 1000)  # not root, as far as the plan knows
        local = LocalSandbox(LIMITS)
    with local:
        if not local.plan.pid_namespace:
            pytest.skip("this machine refuses a process namespace in a user namespace")
        assert local.plan.uid is None and local.plan.user_namespace
        yield local


# A harmless signal for probing (ignored unless handled): were the namespace to leak, kill(-1)
# would reach every process of the judge's uid.
PROBE = """
import os, signal, time

def probe(outside):
    try:
        os.kill(-1, signal.SIGWINCH)
    except ProcessLookupError:
        pass
    try:
        os.kill(outside, signal.SIGWINCH)
        reached = True
    except ProcessLookupError:
        reached = False
    return reached, sorted(int(entry) for entry in os.listdir("/proc") if entry.isdigit())

def plant(path):
    try:
        open(path, "w").close()
        return "written"
    except OSError as exc:
        return exc.errno

def leave_a_process_behind():
    if os.fork() == 0:
        os.setsid()  # out of the worker's process group, which the judge kills
        os.execv("/bin/sleep", ["sleep", "987654"])
    time.sleep(0.2)
"""

SENTINEL = """
import signal, sys, time
signal.signal(signal.SIGWINCH, lambda *_: open(sys.argv[1], "w").write("reached"))
print("ready", flush=True)
time.sleep(60)
"""


def test_a_worker_of_the_judges_own_uid_reaches_no_process_outside_its_namespace(
    own_uid_sandbox: LocalSandbox, tmp_path: Path
) -> None:
    witness = tmp_path / "witness"
    sentinel = subprocess.Popen(
        [sys.executable, "-c", SENTINEL, str(witness)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert sentinel.stdout is not None and sentinel.stdout.readline() == "ready\n"
        assert own_uid_sandbox.load(Submission("solution.py", PROBE.encode())).status is (
            LoadStatus.OK
        )
        result = own_uid_sandbox.call(CallRequest("probe", (sentinel.pid,)))
        reached, visible = result.value
        # No pid of the host names anything in there, and it sees its init and itself only.
        assert reached is False
        assert len(visible) == 2 and visible[0] == 1
        time.sleep(0.2)  # a signal that got out would have been handled by now
        assert not witness.exists()
        assert sentinel.poll() is None
    finally:
        sentinel.kill()
        sentinel.wait()
    assert "process namespace: yes" in own_uid_sandbox.info.isolation


def _sleepers(marker: bytes) -> list[int]:
    return [pid for pid, cmdline in proc_files("cmdline") if cmdline == b"sleep\0" + marker + b"\0"]


def test_a_process_that_left_the_workers_group_dies_with_the_sandbox(
    own_uid_sandbox: LocalSandbox,
) -> None:
    assert own_uid_sandbox.load(Submission("solution.py", PROBE.encode())).status is LoadStatus.OK
    assert own_uid_sandbox.call(CallRequest("leave_a_process_behind", ())).outcome is Outcome.OK
    assert len(_sleepers(b"987654")) == 1  # alive, in a session of its own
    own_uid_sandbox.close()
    # The group kill misses it; the end of the namespace's init does not.
    assert within(5, lambda: not _sleepers(b"987654"))


def test_a_worker_of_the_judges_own_uid_can_write_none_of_the_users_files(
    own_uid_sandbox: LocalSandbox,
) -> None:
    if not own_uid_sandbox.plan.read_only_root:
        pytest.skip("this kernel has no mount_setattr (Linux 5.12): the user's files are exposed")
    home = Path(tempfile.mkdtemp(prefix="judge-test-", dir=Path.home()))  # not under /tmp
    try:
        assert own_uid_sandbox.load(Submission("solution.py", PROBE.encode())).status is (
            LoadStatus.OK
        )
        result = own_uid_sandbox.call(CallRequest("plant", (str(home / "planted.py"),)))
        assert result.value == errno.EROFS
        assert list(home.iterdir()) == []
        assert own_uid_sandbox.call(CallRequest("plant", ("/tmp/scratch",))).value == "written"
    finally:
        shutil.rmtree(home)
    assert "read-only elsewhere: yes" in own_uid_sandbox.info.isolation
    assert "the user's files readable, not writable" in own_uid_sandbox.info.isolation


SHARED_MEMORY = """
import ctypes
def make_segment(key):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmget.restype = ctypes.c_int
    return libc.shmget(key, 4096, 0o1666)  # IPC_CREAT | 0666: what a channel to later files needs
"""
SEGMENT_KEY = 0x4A554447


def _host_segment_keys() -> set[int]:
    """The System V shared memory keys the host's IPC namespace holds."""
    lines = Path("/proc/sysvipc/shm").read_text().splitlines()[1:]
    return {int(line.split()[0]) for line in lines}


def test_shared_memory_the_candidate_makes_never_reaches_the_host() -> None:
    """An IPC namespace of its own: a segment made inside is gone with the sandbox, and the
    host's IPC namespace never holds it, not even while the sandbox runs."""
    with LocalSandbox(LIMITS) as local:
        assert local.load(Submission("shm.py", SHARED_MEMORY.encode())).status is LoadStatus.OK
        made = local.call(CallRequest("make_segment", (SEGMENT_KEY,)))
        assert made.outcome is Outcome.OK and made.value >= 0
        assert "IPC namespace: yes" in local.info.isolation
        assert SEGMENT_KEY not in _host_segment_keys()
    assert SEGMENT_KEY not in _host_segment_keys()


SLEEPING_JUDGE = """
# {marker}
import sys, time
from sandbox.base import CallRequest, SandboxLimits, Submission
from sandbox.local.backend import LocalSandbox
limits = SandboxLimits(time_per_call_s=600.0, memory_mb=128, output_bytes=4096, pids=16, tmpfs_mb=8)
local = LocalSandbox(limits)
local.load(Submission("{marker}.py", b"import time\\ndef f():\\n    time.sleep(600)\\n"))
print("loaded", flush=True)
local.call(CallRequest("f", ()))
"""


def _processes_naming(marker: str) -> list[int]:
    return [pid for pid, cmdline in proc_files("cmdline") if marker.encode() in cmdline]


def test_nothing_of_the_sandbox_outlives_a_sigkilled_judge(tmp_path: Path) -> None:
    """Relay, init and worker end soon after the judge that started them is SIGKILLed in the
    middle of a call that sleeps."""
    marker = f"judge_killed_{os.getpid()}_{time.monotonic_ns()}"
    script = SLEEPING_JUDGE.format(marker=marker)
    judge = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=tmp_path
    )
    try:
        assert judge.stdout is not None and judge.stdout.readline() == "loaded\n"
        # the relay and the init are forks of the judge (its command line), the worker runs
        # the file named after the marker
        assert within(10.0, lambda: len(_processes_naming(marker)) >= 3)
    finally:
        judge.kill()
        judge.wait()
    assert within(10.0, lambda: _processes_naming(marker) == []), _processes_naming(marker)
    # Its memory cgroup, if it had one, is left empty: the next judge to open a sandbox removes it.
    hierarchy = find_hierarchy()
    if not isinstance(hierarchy, NoCgroup):
        left = set(hierarchy.own.glob(f"{NAME_PREFIX}{judge.pid}-*"))
        assert len(left) <= 1

        def swept() -> bool:
            remove_stale(hierarchy.own)
            return not any(path.exists() for path in left)

        assert within(5.0, swept)
