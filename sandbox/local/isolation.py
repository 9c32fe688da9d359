"""How the local sandbox isolates its worker: planned once per sandbox, entered in the child.

What it does, in the child between fork and exec (a preexec function, never in the judge):

- when the OS allows: a new mount namespace with a private, size-limited tmpfs on /tmp (and
  empty read-only ones on the other world-writable places) and every other mount read-only
  (mount_setattr, Linux 5.12 and later); a new network namespace with no interfaces but a down
  loopback; and a new process namespace with its own /proc, in which the worker runs under an
  init of its own (``_split_under_init``): kill(-1) and every pid it can name stay inside, and
  whatever it leaves running dies with the init. As root they are made directly; otherwise
  through an unprivileged user namespace that maps only the judge's own uid, and then the
  read-only mounts and the process namespace are what keep a candidate of the judge's own uid
  from the user's files and processes. What worked is probed once per sandbox
  (``plan_isolation``) and stated in ``LocalPlan.describe()``;
- rlimits: address space (memory), CPU (a backstop: the per-call limit is the judge's wall
  clock), file size, open files, processes, core dumps 0;
- as root: drop to a dedicated numeric uid/gid picked at random per sandbox (present in neither
  /etc/passwd nor /etc/group), no supplementary groups, and no_new_privs, so the candidate can
  write none of the user's files and every process it starts can be found and killed by uid;
- inside the mount namespace the working directory (owned by the judge, holding worker.py and
  the submission) is bound read-only at /tmp/judge-work, so not even a same-uid candidate can
  plant anything where the judge writes. The interpreter is the judge's own unless the dedicated
  uid cannot reach it (pyenv under /root, mode 0700): then the first of /usr/bin/python3,
  /usr/local/bin/python3 whose binary and directories everybody may read and search. Without
  namespaces the candidate sees the host's /tmp (files it leaves there are not removed).

With a dedicated uid, ``kill_uid`` finds every process of that uid (a fork bomb's children may
have left the worker's group with setsid()): a child forked from the judge becomes that uid and
calls kill(-1, SIGKILL), repeated until /proc shows none left.
"""

from __future__ import annotations

import contextlib
import ctypes
import grp
import os
import pwd
import resource
import secrets
import select
import signal
import stat
import sys
import sysconfig
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from sandbox.base import SandboxLimits
from sandbox.errors import SandboxUnavailable

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
CLONE_NEWPID = 0x20000000
CLONE_NEWIPC = 0x08000000
MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 0x40000
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_NO_NEW_PRIVS = 38
# mount_setattr(2), Linux 5.12: the same number on every architecture.
SYS_MOUNT_SETATTR = 442
AT_FDCWD = -100
AT_RECURSIVE = 0x8000
MOUNT_ATTR_RDONLY = 0x1

# A range no distribution hands out to accounts, so a random pick is nobody's uid.
SANDBOX_UID_RANGE = range(2_000_000, 2_100_000_000)
# The address space limit adds this to memory_mb: the interpreter's own mappings (binary,
# shared libraries, arenas) count towards RLIMIT_AS but not towards what a solution allocates.
ADDRESS_SPACE_HEADROOM_MB = 64
# RLIMIT_CPU only ends a worker the judge lost track of; calls are limited by wall clock.
CPU_BACKSTOP_S = 600
OPEN_FILES = 64
# How often the relay looks whether the judge that started it is still alive.
RELAY_POLL_S = 0.5
# Where the working directory appears inside the private /tmp (bound read-only).
SANDBOX_WORKDIR = "/tmp/judge-work"
# World-writable places besides /tmp: covered with empty read-only tmpfs in the mount namespace
# so the candidate can neither fill them nor leave files behind.
OTHER_WRITABLE_DIRS = ("/var/tmp", "/dev/shm", "/run/lock", "/dev/mqueue")


@dataclass(frozen=True, slots=True)
class LocalPlan:
    """How this machine lets the local sandbox isolate the worker."""

    python: str
    uid: int | None  # the dedicated uid when the judge runs as root
    namespace_flags: int  # CLONE_* flags unshare() accepted in a probe, 0 when none
    address_space_mb: int
    # Every mount read-only in the mount namespace but the private /tmp (Linux 5.12 and later).
    read_only_root: bool = False

    @property
    def user_namespace(self) -> bool:
        """Whether the namespaces come through an unprivileged user namespace."""
        return bool(self.namespace_flags & CLONE_NEWUSER)

    @property
    def pid_namespace(self) -> bool:
        """Whether the worker runs in a process namespace of its own, under its own init."""
        return bool(self.namespace_flags & CLONE_NEWPID)

    def describe(self) -> str:
        """The isolation, said plainly, for SandboxInfo.isolation."""
        if self.uid is not None:
            user = f"dedicated uid {self.uid} (dropped from root)"
        else:
            if self.read_only_root and self.pid_namespace:
                exposed = "the user's files readable, not writable"
            elif self.pid_namespace:
                exposed = "the user's files exposed"
            else:
                exposed = "the user's files and other processes exposed"
            user = f"the judge's own user (not root: no uid drop, {exposed})"
        namespaces = "yes" if self.namespace_flags else "no"
        via = " (via a user namespace)" if self.user_namespace else ""
        processes = "yes" if self.pid_namespace else "no"
        ipc = "yes" if self.namespace_flags & CLONE_NEWIPC else "no"
        read_only = "yes" if self.read_only_root else "no"
        visible = "files" if self.pid_namespace else "process list and files"
        return (
            f"local process sandbox, weaker than Docker: host kernel, the host's {visible} "
            f"readable by everybody stay visible; runs as {user}; "
            f"network namespace: {namespaces}{via}; process namespace: {processes}; "
            f"IPC namespace: {ipc}; "
            f"private /tmp: {namespaces}; read-only elsewhere: {read_only}; "
            f"rlimits: {self.address_space_mb} MiB address space, "
            f"CPU, file size, {OPEN_FILES} open files, processes, no core dumps"
        )


def plan_isolation(limits: SandboxLimits) -> LocalPlan:
    """Probe what this machine allows: root or not, and which namespaces unshare() accepts."""
    uid = _free_uid() if os.geteuid() == 0 else None
    # A new IPC namespace: System V objects and POSIX message queues the candidate makes die
    # with it, and none of the host's (or another submission's) are reachable.
    wanted = CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | (0 if uid is not None else CLONE_NEWUSER)
    python = _python_for(uid)
    address_space_mb = limits.memory_mb + ADDRESS_SPACE_HEADROOM_MB
    # The most isolation this machine allows, tried from the most to the least.
    tried = (
        LocalPlan(python, uid, wanted | CLONE_NEWPID, address_space_mb, read_only_root=True),
        LocalPlan(python, uid, wanted | CLONE_NEWPID, address_space_mb),
        LocalPlan(python, uid, wanted, address_space_mb),
    )
    fallback = LocalPlan(python, uid, 0, address_space_mb)
    return next((plan for plan in tried if _isolation_works(plan, limits)), fallback)


# --------------------------------------------------------------------------------------------
# Inside the child, between fork and exec
# --------------------------------------------------------------------------------------------


def preexec_function(
    plan: LocalPlan, limits: SandboxLimits, cpu: int | None = None, cgroup: str | None = None
) -> Callable[[], None]:
    """The worker's preexec function: the memory cgroup, namespaces, (with a process namespace)
    the split into relay, init and worker, then rlimits and the uid drop (the order matters).

    Everything it needs is looked up here, in the judge: the child only makes system calls.
    On ``cpu`` when given, before the split, so that every process of the sandbox is pinned.
    Into the cgroup whose cgroup.procs is ``cgroup`` when given (see
    sandbox/local/memory_cgroup.py), first,
    so that relay, init, worker and all the candidate starts are counted together.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    enter_namespaces = _namespace_setup(plan, limits.tmpfs_mb, libc)
    process_limit = limits.pids if plan.uid is not None else _own_processes() + limits.pids
    # The relay and the init are two more processes of the same uid (see _split_under_init).
    process_limit += 2 if plan.pid_namespace else 0
    open_fds_bound = os.sysconf("SC_OPEN_MAX")
    judge_pid = os.getpid()
    rlimits = (
        (resource.RLIMIT_AS, plan.address_space_mb * 1024 * 1024),
        (resource.RLIMIT_CPU, CPU_BACKSTOP_S),
        (resource.RLIMIT_FSIZE, limits.tmpfs_mb * 1024 * 1024),
        (resource.RLIMIT_NOFILE, OPEN_FILES),
        (resource.RLIMIT_CORE, 0),
        # Counted per real uid: exact with a dedicated uid, approximate for the judge's own.
        (resource.RLIMIT_NPROC, process_limit),
    )

    def drop_privileges() -> None:
        if plan.uid is not None:
            os.setgroups([])
            os.setresgid(plan.uid, plan.uid, plan.uid)
            os.setresuid(plan.uid, plan.uid, plan.uid)
        # No setuid binary (su, ping, ...) can give the candidate privileges back.
        _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")

    def enter() -> None:
        if cgroup is not None:
            _write(cgroup, "0")  # "0": this process (and so everything it starts)
        if cpu is not None:
            # A CPU this process may not use: the timing is only less steady.
            with contextlib.suppress(OSError):
                os.sched_setaffinity(0, {cpu})
        # Namespaces first: creating them needs the privileges the uid drop gives up.
        enter_namespaces()
        if plan.pid_namespace:
            _split_under_init(libc, drop_privileges, open_fds_bound, judge_pid)  # in the worker
        for which, value in rlimits:
            resource.setrlimit(which, (value, value))
        drop_privileges()
        # Should memory run short (the sandbox's cgroup, or the host), the kernel kills the
        # worker and what it starts before the relay and the init, and before the host's.
        with contextlib.suppress(OSError):
            _write("/proc/self/oom_score_adj", "1000")
        if plan.pid_namespace:
            _die_with_parent(libc)  # the init's child; after the uid drop, which would clear it

    return enter


def _split_under_init(
    libc: ctypes.CDLL, drop_privileges: Callable[[], None], open_fds_bound: int, judge_pid: int
) -> None:
    """Split this child, which has just entered a new process namespace, in three; return in
    the worker, which goes on to exec.

    - This process stays outside the namespace as the relay: the judge's Popen, whose process
      group the judge kills. It ends as the worker ends (same exit code, or same signal).
    - Its child is PID 1 of the namespace: an init that mounts the namespace's own /proc, reaps
      whatever the worker orphans and reports the worker's end to the relay. When it exits the
      kernel kills every process left in the namespace, even those that left the group.
    - The init's child is the worker. It is not PID 1, so the candidate's signals behave as
      anywhere (PID 1 ignores the signals it has no handler for). In the namespace kill(-1)
      reaches the candidate's own processes only, and no process of the host has a pid there.

    Relay and init hold none of the judge's pipes (so the judge still sees a worker close its
    reply channel), drop privileges as the worker does and are not dumpable: the candidate can
    neither trace nor read them.

    Nothing outlives the judge, even a SIGKILLed one: the init and the worker get SIGKILL when
    their parent dies (PR_SET_PDEATHSIG; both parents are single-threaded), and the relay, whose
    parent is one thread of the judge (a thread that ends would fire a death signal too early),
    looks every RELAY_POLL_S whether the judge is still its parent, and kills the init if not.
    """

    def become_helper(kept_fd: int) -> None:
        """What relay and init do first: hold ``kept_fd`` alone, unprivileged, not dumpable."""
        _keep_only(kept_fd, open_fds_bound)
        drop_privileges()
        _check(libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0), "prctl(PR_SET_DUMPABLE)")

    status_read, status_write = os.pipe()
    init = os.fork()
    if init:
        become_helper(status_read)
        while not select.select([status_read], [], [], RELAY_POLL_S)[0]:
            if os.getppid() != judge_pid:  # the judge is gone: so is everything it started
                os.kill(init, signal.SIGKILL)
                break
        reported = os.read(status_read, 4)
        _, own_status = os.waitpid(init, 0)
        _end_as(int.from_bytes(reported, "big") if len(reported) == 4 else own_status)
    os.close(status_read)
    proc_flags = MS_NOSUID | MS_NODEV | MS_NOEXEC
    _check(libc.mount(b"proc", b"/proc", b"proc", proc_flags, None), "mount /proc")
    worker = os.fork()
    if worker:
        become_helper(status_write)
        _die_with_parent(libc)  # after the uid drop, which would clear it
        while True:
            ended, status = os.waitpid(-1, 0)
            if ended == worker:
                os.write(status_write, status.to_bytes(4, "big"))
                os._exit(0)
    os.close(status_write)


def _die_with_parent(libc: ctypes.CDLL) -> None:
    """SIGKILL for this process when its (single-threaded) parent dies; at once if it has."""
    parent = os.getppid()
    _check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "prctl(PR_SET_PDEATHSIG)")
    if os.getppid() != parent:  # died before the signal was armed
        os._exit(1)


def _keep_only(fd: int, open_fds_bound: int) -> None:
    """Close every file descriptor but ``fd``."""
    os.closerange(0, fd)
    os.closerange(fd + 1, open_fds_bound)


def _end_as(status: int) -> NoReturn:
    """Exit as a child with wait status ``status`` ended: with its exit code, or its signal."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        if number not in (signal.SIGKILL, signal.SIGSTOP):
            signal.signal(number, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {number})
        os.kill(os.getpid(), number)
        os._exit(128 + number)  # only if the signal did not end this process
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1)


def _namespace_setup(plan: LocalPlan, tmpfs_mb: int, libc: ctypes.CDLL) -> Callable[[], None]:
    """Enter the plan's new namespaces (none when it has no flags), make every mount read-only
    when it says so, and build the private /tmp in them.

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
    # A venv or a Python installed under /tmp (or /var/tmp, ...) would vanish under the tmpfs
    # that covers it: its installation comes back read-only, at the same path (the worker runs
    # it with -I -S).
    kept_from_tmp = tuple(path.encode() for path in _interpreter_dirs_under(plan.python, "/tmp"))
    kept_from_other = {
        path: tuple(kept.encode() for kept in _interpreter_dirs_under(plan.python, path.decode()))
        for path in other_dirs
    }
    flags = plan.namespace_flags
    read_only = _MountAttr(attr_set=MOUNT_ATTR_RDONLY)

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
        if plan.read_only_root:
            # Every mount there is, the candidate's home included; the /tmp below is new.
            _check(
                libc.syscall(
                    SYS_MOUNT_SETATTR,
                    AT_FDCWD,
                    b"/",
                    AT_RECURSIVE,
                    ctypes.byref(read_only),
                    ctypes.sizeof(read_only),
                ),
                "make every mount read-only",
            )
        # The host's /tmp stays reachable through this descriptor until the tmpfs covers it.
        host_tmp = os.open("/tmp", os.O_PATH | os.O_DIRECTORY) if kept_from_tmp else -1
        _check(
            libc.mount(b"tmpfs", b"/tmp", b"tmpfs", MS_NOSUID | MS_NODEV, tmpfs_options),
            "mount /tmp",
        )
        bind_back(host_tmp, b"/tmp", kept_from_tmp)
        # The working directory (the cwd, hidden if it was under /tmp) comes back read-only.
        os.mkdir(SANDBOX_WORKDIR, 0o755)
        _check(libc.mount(b".", workdir, None, MS_BIND, None), "bind the working directory")
        readonly = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV
        _check(libc.mount(None, workdir, None, readonly, None), "remount it read-only")
        os.chdir(SANDBOX_WORKDIR)
        for path in other_dirs:
            kept = kept_from_other[path]
            if not kept:
                libc.mount(b"tmpfs", path, b"tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, b"size=4k")
                continue
            host = os.open(path, os.O_PATH | os.O_DIRECTORY)
            _check(libc.mount(b"tmpfs", path, b"tmpfs", MS_NOSUID | MS_NODEV, b"size=64k"), "mount")
            bind_back(host, path, kept)
            remount = MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV
            _check(libc.mount(None, path, None, remount, None), "remount it read-only")

    def bind_back(host_fd: int, top: bytes, kept: tuple[bytes, ...]) -> None:
        """Bring ``kept`` (under ``top``, now covered) back read-only from the host's ``top``,
        reached through ``host_fd``, which is then closed."""
        for path in kept:
            os.makedirs(path, 0o755, exist_ok=True)
            source = b"/proc/self/fd/%d/%s" % (host_fd, os.path.relpath(path, top))
            _check(libc.mount(source, path, None, MS_BIND | MS_REC, None), "bind the interpreter")
            readonly_bind = MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV
            _check(libc.mount(None, path, None, readonly_bind, None), "remount it read-only")
        if host_fd >= 0:
            os.close(host_fd)

    return enter_namespaces


class _MountAttr(ctypes.Structure):
    """struct mount_attr of mount_setattr(2)."""

    _fields_ = (
        ("attr_set", ctypes.c_uint64),
        ("attr_clr", ctypes.c_uint64),
        ("propagation", ctypes.c_uint64),
        ("userns_fd", ctypes.c_uint64),
    )


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


def proc_files(name: str) -> Iterator[tuple[int, bytes]]:
    """(pid, /proc/PID/``name``'s bytes) of every process, skipping those that end meanwhile."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/{name}", "rb") as handle:
                contents = handle.read()
        except OSError:  # gone meanwhile
            continue
        yield int(entry), contents


def stat_fields(stat: bytes) -> list[bytes]:
    """The fields of a /proc/PID/stat after the command name: state, ppid, pgrp, ...

    "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so split after ')'.
    """
    return stat.rsplit(b")", 1)[1].split()


def processes_in_group(group: int) -> list[int]:
    """Pids of the processes whose process group is ``group``."""
    return [pid for pid, stat in proc_files("stat") if int(stat_fields(stat)[2]) == group]


def processes_of_uid(uid: int) -> list[int]:
    """Pids of live (not zombie) processes whose real uid is ``uid``."""
    found = []
    for pid, status in proc_files("status"):
        fields = dict(line.split(b":", 1) for line in status.splitlines() if b":" in line)
        uids = fields.get(b"Uid", b"").split()
        state = fields.get(b"State", b"").strip()[:1]
        if uids and int(uids[0]) == uid and state not in (b"Z", b"X"):
            found.append(pid)
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


def _isolation_works(plan: LocalPlan, limits: SandboxLimits) -> bool:
    """Whether the plan's whole setup succeeds here, tried in a throwaway child: with a process
    namespace, up to a worker started under its init (see _split_under_init)."""
    enter = preexec_function(plan, limits)
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the forked child
        try:
            enter()
        except BaseException:
            os._exit(1)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _interpreter_dirs_under(python: str, top: str) -> tuple[str, ...]:
    """The installation folders of ``python`` (the venv that names it, and the Python the venv
    was made from) that lie under ``top`` (a folder the sandbox covers), outermost only."""
    real = os.path.realpath(python)
    candidates = {
        os.path.dirname(os.path.dirname(os.path.abspath(python))),  # a venv: VENV/bin/python
        os.path.dirname(os.path.dirname(real)),  # the installation: PREFIX/bin/python3.x
    }
    if os.path.abspath(python) == os.path.abspath(sys.executable):
        candidates |= {sys.prefix, sys.base_prefix}
    covered = os.path.realpath(top)
    under = sorted(
        path for path in map(os.path.realpath, candidates) if path.startswith(covered + os.sep)
    )
    # /tmp/a and /tmp/a/b: binding /tmp/a brings /tmp/a/b with it
    return tuple(path for path in under if not any(path.startswith(o + os.sep) for o in under))


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
    # The folders of the path as named count too: a venv's python links to a public binary, but
    # the worker is started through the venv's folder (a 0700 mktemp folder, say).
    named = Path(os.path.abspath(path))
    try:
        if not real.stat().st_mode & stat.S_IROTH or not real.stat().st_mode & stat.S_IXOTH:
            return False
        parents = (*real.parents, *named.parents)
        return all(parent.stat().st_mode & stat.S_IXOTH for parent in parents)
    except OSError:
        return False
