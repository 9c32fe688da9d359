"""The local process sandbox: the worker in a separate, restricted process on this machine.

It is the embedded default where no Docker engine answers, and it is weaker than Docker: the
candidate shares the host's kernel and can read whatever files are readable by everybody.
What it does, in the child between fork and exec (a preexec function, never in the judge):

- a new session and process group (``start_new_session``), so the whole group can be killed;
- when the OS allows: a new mount namespace with a private, size-limited tmpfs on /tmp (and
  empty read-only ones on the other world-writable places), and a new network namespace with
  no interfaces but a down loopback. As root they are made directly; otherwise through an
  unprivileged user namespace that maps only the judge's own uid. Whether it worked is probed
  once per sandbox and stated in ``info.isolation``;
- rlimits: address space (memory), CPU (a backstop: the per-call limit is the judge's wall
  clock), file size, open files, processes, core dumps 0;
- as root: drop to a dedicated numeric uid/gid picked at random per sandbox (present in neither
  /etc/passwd nor /etc/group), no supplementary groups, and no_new_privs, so the candidate can
  write none of the user's files and every process it starts can be found and killed by uid;
- an empty environment, ``-I -S`` isolated mode, and a fresh working directory owned by the
  judge holding worker.py and the submission; inside the mount namespace it is bound read-only
  at /tmp/judge-work, so not even a same-uid candidate can plant anything where the judge
  writes. The interpreter is the judge's own unless the dedicated uid cannot reach it (pyenv
  under /root, mode 0700): then the first of /usr/bin/python3, /usr/local/bin/python3 whose
  binary and directories everybody may read and search. Without namespaces the candidate sees
  the host's /tmp (files it leaves there are not removed).

Cleanup kills the process group and, with a dedicated uid, every process of that uid (a fork
bomb's children may have left the group with setsid()): a child forked from the judge becomes
that uid and calls kill(-1, SIGKILL), repeated until /proc shows none left. Without a dedicated
uid, a process that left the group escapes the group kill; the CPU rlimit ends it eventually.

Outcomes the judge decides here (see sandbox/worker.py for the ones the worker reports):
TIMED_OUT when no reply comes within time_per_call_s x repeat (or the CPU rlimit's SIGXCPU
killed it); CRASHED when the worker died (exit code or signal in ``detail``, including a
SIGKILL it sent itself); PROTOCOL_VIOLATION when the reply does not parse or the worker closed
its channel but lives on. MEMORY_EXCEEDED comes from the worker's MemoryError: with RLIMIT_AS
allocations fail inside the process rather than waking the kernel's OOM killer, so a death by
signal is never guessed to be memory. A worker that died, timed out or misbehaved is killed
and replaced (and the file reloaded) on the next call.
"""

from __future__ import annotations

import contextlib
import ctypes
import grp
import os
import pwd
import re
import resource
import secrets
import select
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from judge.errors import InternalError, SandboxUnavailable
from sandbox import wire
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

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000
PR_SET_NO_NEW_PRIVS = 38

# A range no distribution hands out to accounts, so a random pick is nobody's uid.
SANDBOX_UID_RANGE = range(2_000_000, 2_100_000_000)
# Interpreter start-up plus the READY frame; far above the ~20 ms it takes.
START_TIMEOUT_S = 10.0
# The address space limit adds this to memory_mb: the interpreter's own mappings (binary,
# shared libraries, arenas) count towards RLIMIT_AS but not towards what a solution allocates.
ADDRESS_SPACE_HEADROOM_MB = 64
# RLIMIT_CPU only ends a worker the judge lost track of; calls are limited by wall clock.
CPU_BACKSTOP_S = 600
OPEN_FILES = 64
# Where the working directory appears inside the private /tmp (bound read-only).
SANDBOX_WORKDIR = "/tmp/judge-work"
# World-writable places besides /tmp: covered with empty read-only tmpfs in the mount namespace
# so the candidate can neither fill them nor leave files behind.
OTHER_WRITABLE_DIRS = ("/var/tmp", "/dev/shm", "/run/lock", "/dev/mqueue")
WORKER_SOURCE = Path(__file__).with_name("worker.py")
_SAFE_FILENAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\.py")
# How long a worker that closed its reply channel gets to exit before it counts as alive.
_EXIT_GRACE_S = 0.5


@dataclass(frozen=True, slots=True)
class LocalPlan:
    """How this machine lets the local sandbox isolate the worker."""

    python: str
    uid: int | None  # the dedicated uid when the judge runs as root
    namespace_flags: int  # CLONE_* flags unshare() accepted in a probe, 0 when none
    address_space_mb: int

    @property
    def user_namespace(self) -> bool:
        """Whether the namespaces come through an unprivileged user namespace."""
        return bool(self.namespace_flags & CLONE_NEWUSER)

    def describe(self) -> str:
        """The isolation, said plainly, for SandboxInfo.isolation."""
        if self.uid is not None:
            user = f"dedicated uid {self.uid} (dropped from root)"
        else:
            user = "the judge's own user (not root: no uid drop, other processes of it exposed)"
        namespaces = "yes" if self.namespace_flags else "no"
        via = " (via a user namespace)" if self.user_namespace else ""
        return (
            "local process sandbox, weaker than Docker: host kernel, the host's process list and "
            f"files readable by everybody stay visible; runs as {user}; "
            f"network namespace: {namespaces}{via}; "
            f"private /tmp: {namespaces}; rlimits: {self.address_space_mb} MiB address space, "
            f"CPU, file size, {OPEN_FILES} open files, processes, no core dumps"
        )


def plan_isolation(limits: SandboxLimits) -> LocalPlan:
    """Probe what this machine allows: root or not, and which namespaces unshare() accepts."""
    uid = _free_uid() if os.geteuid() == 0 else None
    wanted = CLONE_NEWNS | CLONE_NEWNET | (0 if uid is not None else CLONE_NEWUSER)
    return LocalPlan(
        python=_python_for(uid),
        uid=uid,
        namespace_flags=wanted if _namespaces_work(wanted, limits.tmpfs_mb) else 0,
        address_space_mb=limits.memory_mb + ADDRESS_SPACE_HEADROOM_MB,
    )


class LocalSandbox:
    """Runs one submission in a restricted local worker process (see the module docstring)."""

    def __init__(self, limits: SandboxLimits, reason: str = "local: asked for") -> None:
        self.limits = limits
        self.plan = plan_isolation(limits)
        self.info = SandboxInfo(
            kind=SandboxKind.LOCAL, reason=reason, isolation=self.plan.describe()
        )
        self._libc = ctypes.CDLL(None, use_errno=True)
        self._workdir: Path | None = None
        self._submission_path: Path | None = None
        self._worker: _WorkerProcess | None = None
        self._loaded = False
        self._request_id = 0

    @property
    def worker_pid(self) -> int | None:
        """The running worker's pid, which is also its process group's id; None when none runs."""
        return self._worker.process.pid if self._worker is not None else None

    def __enter__(self) -> LocalSandbox:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- the Sandbox protocol ------------------------------------------------------------

    def load(self, submission: Submission) -> LoadResult:
        """Start a fresh worker in a fresh directory and load the submission into it."""
        self.close()
        self._workdir = Path(tempfile.mkdtemp(prefix="judge-local-"))
        # The sandbox user must read (never write) the directory the judge prepared.
        self._workdir.chmod(0o755)
        shutil.copyfile(WORKER_SOURCE, self._workdir / "worker.py")
        (self._workdir / "worker.py").chmod(0o644)
        submission_dir = self._workdir / "submission"
        submission_dir.mkdir(mode=0o755)
        self._submission_path = submission_dir / _safe_filename(submission.filename)
        self._submission_path.write_bytes(submission.source)
        self._submission_path.chmod(0o644)
        result = self._start_and_load()
        self._loaded = result.status is LoadStatus.OK
        if not self._loaded:
            self._stop_worker()
        return result

    def call(self, request: CallRequest) -> CallResult:
        """Run one call in the worker, replacing a worker that is gone first."""
        if not self._loaded:
            raise InternalError("LocalSandbox.call() before a successful load()")
        if self._worker is None or self._worker.exited():
            self._stop_worker()
            reloaded = self._start_and_load()
            if reloaded.status is not LoadStatus.OK:
                self._stop_worker()
                return CallResult(
                    outcome=Outcome.CRASHED,
                    detail=f"the worker was restarted and the file no longer loads "
                    f"({reloaded.outcome.value}: {reloaded.detail or reloaded.status.value})",
                )
        worker = self._worker
        assert worker is not None
        self._request_id += 1
        request_id = self._request_id
        frame = wire.call_request(request_id, request)
        limit_s = self.limits.time_per_call_s * request.repeat
        started = time.monotonic()
        try:
            worker.channel.send(frame, started + limit_s)
            payload = worker.channel.receive(started + limit_s)
            result = wire.parse_call_reply(payload, request_id, time.monotonic() - started)
        except wire.ReplyTimeout:
            self._stop_worker()
            return CallResult(
                outcome=Outcome.TIMED_OUT,
                wall_seconds=time.monotonic() - started,
                detail=f"no reply within {limit_s:g} s",
            )
        except wire.ChannelClosed:
            outcome, detail = self._classify_end()
            return CallResult(
                outcome=outcome, wall_seconds=time.monotonic() - started, detail=detail
            )
        except wire.ProtocolViolation as exc:
            self._stop_worker()
            return CallResult(
                outcome=Outcome.PROTOCOL_VIOLATION,
                wall_seconds=time.monotonic() - started,
                detail=str(exc),
            )
        if result.outcome is Outcome.PROTOCOL_VIOLATION:
            # The worker refused the request: its state is unknown, so it is not reused.
            self._stop_worker()
        return result

    def close(self) -> None:
        """Kill every process of this sandbox and remove its directory."""
        self._loaded = False
        self._stop_worker()
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    # ---- the worker's lifecycle ----------------------------------------------------------

    def _start_and_load(self) -> LoadResult:
        worker = self._spawn()
        self._worker = worker
        self._request_id += 1
        request_id = self._request_id
        limit_s = self.limits.time_per_call_s
        deadline = time.monotonic() + limit_s
        try:
            worker.channel.send(wire.load_request(request_id, self.limits.output_bytes), deadline)
            return wire.parse_load_reply(worker.channel.receive(deadline), request_id)
        except wire.ReplyTimeout:
            self._stop_worker()
            return _failed_load(Outcome.TIMED_OUT, f"loading took longer than {limit_s:g} s")
        except wire.ChannelClosed:
            return _failed_load(*self._classify_end())
        except wire.ProtocolViolation as exc:
            self._stop_worker()
            return _failed_load(Outcome.PROTOCOL_VIOLATION, str(exc))

    def _spawn(self) -> _WorkerProcess:
        assert self._workdir is not None and self._submission_path is not None
        log_path = self._workdir / "worker.log"
        # A fresh file each time, never through a link planted where the last one was.
        log_path.unlink(missing_ok=True)
        log_flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        log_fd = os.open(log_path, log_flags, 0o600)
        try:
            process = subprocess.Popen(
                [
                    self.plan.python,
                    "-I",  # isolated: no PYTHON* variables, no user site, no script dir on path
                    "-S",  # no site-packages: the candidate gets the standard library only
                    "worker.py",
                    str(self._submission_path.relative_to(self._workdir)),
                ],
                cwd=self._workdir,
                env={},  # nothing of the judge's environment (tokens, paths) reaches the candidate
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log_fd,  # only Python's own start-up errors land here
                start_new_session=True,  # own session and group: killed as one
                preexec_fn=_enter_sandbox(self.plan, self.limits, self._libc),
                close_fds=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise SandboxUnavailable(
                f"the local sandbox could not start {self.plan.python!r}: {exc}"
            ) from exc
        finally:
            os.close(log_fd)
        worker = _WorkerProcess(process, self.limits)
        try:
            wire.parse_ready(worker.channel.receive(time.monotonic() + START_TIMEOUT_S))
        except (wire.ReplyTimeout, wire.ChannelClosed, wire.ProtocolViolation) as exc:
            self._worker = worker
            self._stop_worker()
            lines = log_path.read_text(errors="replace").strip().splitlines() or [str(exc)]
            raise SandboxUnavailable(
                f"the local sandbox worker ({self.plan.python}) did not start: {lines[-1]}"
            ) from exc
        return worker

    def _classify_end(self) -> tuple[Outcome, str]:
        """Why the worker's channel closed; the worker is stopped afterwards."""
        worker = self._worker
        assert worker is not None
        info = worker.exit_status(_EXIT_GRACE_S)
        self._stop_worker()
        if info is None:
            return Outcome.PROTOCOL_VIOLATION, "the worker closed its reply channel"
        if info.si_code == os.CLD_EXITED:
            return Outcome.CRASHED, f"the worker exited with code {info.si_status}"
        signal_name = _signal_name(info.si_status)
        if info.si_status == signal.SIGXCPU:
            return Outcome.TIMED_OUT, f"killed by {signal_name}: CPU time limit"
        return Outcome.CRASHED, f"killed by signal {signal_name}"

    def _stop_worker(self) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        # Kill before reaping: until the worker is reaped its pid (the group id) is not reused.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.process.pid, signal.SIGKILL)
        if self.plan.uid is not None:
            kill_uid(self.plan.uid)
        worker.close()


class _WorkerProcess:
    """A started worker: its process, a pidfd that says when it exits, and its channel."""

    def __init__(self, process: subprocess.Popen[bytes], limits: SandboxLimits) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process = process
        self.pidfd = os.pidfd_open(process.pid)
        self.channel = wire.Channel(
            process.stdout.fileno(),
            process.stdin.fileno(),
            max_frame=wire.max_reply_bytes(limits.output_bytes),
            watch_fd=self.pidfd,
        )

    def exited(self) -> bool:
        """Whether the process has exited (without reaping it)."""
        return bool(select.select([self.pidfd], [], [], 0)[0])

    def exit_status(self, wait_s: float) -> os.waitid_result | None:
        """How the process ended, waiting up to ``wait_s``; None while it lives. Not reaped."""
        if not select.select([self.pidfd], [], [], wait_s)[0]:
            return None
        return os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOWAIT)

    def close(self) -> None:
        """Reap the (killed) process and close its fds."""
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
        os.close(self.pidfd)


# --------------------------------------------------------------------------------------------
# Inside the child, between fork and exec
# --------------------------------------------------------------------------------------------


def _enter_sandbox(plan: LocalPlan, limits: SandboxLimits, libc: ctypes.CDLL) -> Callable[[], None]:
    """The preexec function: namespaces, rlimits, then the uid drop (the order matters)."""
    enter_namespaces = _namespace_setup(plan.namespace_flags, limits.tmpfs_mb, libc)
    process_limit = limits.pids if plan.uid is not None else _own_processes() + limits.pids
    rlimits = (
        (resource.RLIMIT_AS, plan.address_space_mb * 1024 * 1024),
        (resource.RLIMIT_CPU, CPU_BACKSTOP_S),
        (resource.RLIMIT_FSIZE, limits.tmpfs_mb * 1024 * 1024),
        (resource.RLIMIT_NOFILE, OPEN_FILES),
        (resource.RLIMIT_CORE, 0),
        # Counted per real uid: exact with a dedicated uid, approximate for the judge's own.
        (resource.RLIMIT_NPROC, process_limit),
    )

    def enter() -> None:
        # Namespaces first: creating them needs the privileges the uid drop gives up.
        enter_namespaces()
        for which, value in rlimits:
            resource.setrlimit(which, (value, value))
        if plan.uid is not None:
            os.setgroups([])
            os.setresgid(plan.uid, plan.uid, plan.uid)
            os.setresuid(plan.uid, plan.uid, plan.uid)
        # No setuid binary (su, ping, ...) can give the candidate privileges back.
        _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")

    return enter


def _namespace_setup(flags: int, tmpfs_mb: int, libc: ctypes.CDLL) -> Callable[[], None]:
    """Enter new namespaces (none when ``flags`` is 0) and build the private /tmp in them.

    Runs in a forked child: in the worker's preexec function, and in the probe that decides
    whether this machine allows it at all. The working directory must be the judge's.
    """
    tmpfs_options = f"size={tmpfs_mb}m,mode=1777".encode()
    other_dirs = tuple(
        path.encode()
        for path in OTHER_WRITABLE_DIRS
        if os.path.isdir(path) and not os.path.islink(path)
    )
    own_uid, own_gid = os.getuid(), os.getgid()
    workdir = SANDBOX_WORKDIR.encode()

    def enter_namespaces() -> None:
        if not flags:
            return
        _check(libc.unshare(flags), "unshare")
        if flags & CLONE_NEWUSER:
            # Unprivileged: the new user namespace maps just the judge's own ids.
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"{own_uid} {own_uid} 1")
            _write("/proc/self/gid_map", f"{own_gid} {own_gid} 1")
        # Private propagation: the mounts below never reach the host.
        _check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "make / private")
        _check(
            libc.mount(b"tmpfs", b"/tmp", b"tmpfs", MS_NOSUID | MS_NODEV, tmpfs_options),
            "mount /tmp",
        )
        # The working directory (the cwd, hidden if it was under /tmp) comes back read-only.
        os.mkdir(SANDBOX_WORKDIR, 0o755)
        _check(libc.mount(b".", workdir, None, MS_BIND, None), "bind the working directory")
        readonly = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV
        _check(libc.mount(None, workdir, None, readonly, None), "remount it read-only")
        os.chdir(SANDBOX_WORKDIR)
        for path in other_dirs:
            libc.mount(b"tmpfs", path, b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, b"size=4k")

    return enter_namespaces


def _check(result: int, doing: str) -> None:
    if result != 0:
        raise OSError(ctypes.get_errno(), f"{doing} failed in the sandbox child")


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


# --------------------------------------------------------------------------------------------
# Killing and finding processes
# --------------------------------------------------------------------------------------------


def kill_uid(uid: int, rounds: int = 50) -> None:
    """Kill every process running as ``uid`` (root only), until /proc shows none alive."""
    for _ in range(rounds):
        if not processes_of_uid(uid):
            return
        killer = os.fork()
        if killer == 0:  # pragma: no cover - runs in the forked child
            try:
                # As that uid, kill(-1) reaches exactly its processes (and not itself).
                os.setresuid(uid, uid, uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(killer, 0)
        time.sleep(0.001)
    raise SandboxUnavailable(f"processes of sandbox uid {uid} survived {rounds} rounds of SIGKILL")


def processes_of_uid(uid: int) -> list[int]:
    """Pids of live (not zombie) processes whose real uid is ``uid``."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", "rb") as handle:
                status = handle.read()
        except OSError:  # gone meanwhile
            continue
        fields = dict(line.split(b":", 1) for line in status.splitlines() if b":" in line)
        uids = fields.get(b"Uid", b"").split()
        state = fields.get(b"State", b"").strip()[:1]
        if uids and int(uids[0]) == uid and state not in (b"Z", b"X"):
            found.append(int(entry))
    return found


def _own_processes() -> int:
    return len(processes_of_uid(os.getuid()))


# --------------------------------------------------------------------------------------------
# Planning
# --------------------------------------------------------------------------------------------


def _free_uid() -> int:
    """A random uid (used as the gid too) that names no account and no group."""
    while True:
        uid = SANDBOX_UID_RANGE.start + secrets.randbelow(len(SANDBOX_UID_RANGE))
        try:
            pwd.getpwuid(uid)
            continue
        except KeyError:
            pass
        try:
            grp.getgrgid(uid)
            continue
        except KeyError:
            return uid


def _namespaces_work(flags: int, tmpfs_mb: int) -> bool:
    """Whether the whole namespace setup succeeds here, tried in a throwaway child."""
    enter_namespaces = _namespace_setup(flags, tmpfs_mb, ctypes.CDLL(None, use_errno=True))
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked child
        try:
            enter_namespaces()
        except BaseException:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _python_for(uid: int | None) -> str:
    """An interpreter the sandbox user can run.

    The judge's own when it runs unprivileged; as root the dedicated uid may not reach it
    (pyenv under /root, which is 0700), so the first of it, /usr/bin/python3 and
    /usr/local/bin/python3 whose binary and standard library everybody can read.
    """
    if uid is None:
        return sys.executable
    own = (sys.executable, sysconfig.get_paths()["stdlib"])
    choices = [own, ("/usr/bin/python3", None), ("/usr/local/bin/python3", None)]
    for executable, stdlib in choices:
        if (
            executable
            and _open_to_everybody(executable)
            and (stdlib is None or _open_to_everybody(stdlib))
        ):
            return executable
    raise SandboxUnavailable(
        "no Python 3 that an unprivileged user can run: install python3 at /usr/bin/python3, "
        "run the judge as a non-root user, or use --sandbox docker"
    )


def _open_to_everybody(path: str) -> bool:
    real = Path(os.path.realpath(path))
    try:
        if not real.stat().st_mode & stat.S_IROTH or not real.stat().st_mode & stat.S_IXOTH:
            return False
        return all(parent.stat().st_mode & stat.S_IXOTH for parent in real.parents)
    except OSError:
        return False


def _safe_filename(filename: str) -> str:
    """The submission's base name when it is a plain Python file name, else solution.py."""
    name = os.path.basename(filename)
    return name if _SAFE_FILENAME.fullmatch(name) else "solution.py"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _failed_load(outcome: Outcome, detail: str) -> LoadResult:
    return LoadResult(outcome=outcome, status=LoadStatus.CRASHED_AT_IMPORT, detail=detail)
