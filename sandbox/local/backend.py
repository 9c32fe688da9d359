"""The local process sandbox: the worker in a separate, restricted process on this machine.

It is the embedded default where no Docker engine answers, and it is weaker than Docker: the
candidate shares the host's kernel and can read whatever files are readable by everybody.
The worker runs in its own session and process group (``start_new_session``), so the whole group
can be killed; with an empty environment, in ``-I -S`` isolated mode, in a fresh working
directory owned by the judge that holds worker.py and the submission; and behind the namespaces,
rlimits and uid drop that sandbox/local/isolation.py plans and enters between fork and exec.

The complexity stage's CPU time of the worker is read from a cgroup the judge makes for each
worker where it may (sandbox/local/cpu_cgroup.py), else from its process tree (sandbox/cpu_time.py).

Cleanup kills the process group and, with a dedicated uid, every process of that uid. A process
that left the group dies with the init of the worker's process namespace; only where the OS
refuses one and the judge is not root does it escape, until the CPU rlimit ends it.

Outcomes decided here (see sandbox/supervisor.py and sandbox/worker.py for the others):
TIMED_OUT when the CPU rlimit's SIGXCPU killed the worker; CRASHED when the worker died (exit
code or signal in ``detail``, including a SIGKILL it sent itself); PROTOCOL_VIOLATION when the
worker closed its channel but lives on. MEMORY_EXCEEDED comes from the worker's MemoryError
(with RLIMIT_AS allocations fail inside the process rather than waking the kernel's OOM killer,
so a death by signal is never guessed to be memory), or from the sandbox's memory cgroup
(sandbox/local/memory_cgroup.py), where there is one: an OOM kill it counted during a load or call,
of the
worker or of any process the candidate started, whatever the worker replied.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import time

from sandbox import wire
from sandbox.base import Outcome, SandboxInfo, SandboxKind, SandboxLimits
from sandbox.cpu_time import cgroup_cpu_seconds, process_tree_cpu_seconds
from sandbox.errors import SandboxUnavailable
from sandbox.local.cpu_cgroup import CpuCgroup, available, join
from sandbox.local.isolation import kill_uid, plan_isolation, preexec_function, processes_in_group
from sandbox.local.memory_cgroup import MemoryCgroup, NoCgroup, create_memory_cgroup
from sandbox.supervisor import WORKER_FILE, WorkerSupervisor, signal_name

# Interpreter start-up plus the READY frame; far above the ~20 ms it takes.
START_TIMEOUT_S = 10.0
# How long a worker that closed its reply channel gets to exit before it counts as alive.
_EXIT_GRACE_S = 0.5


class _WorkerProcess:
    """A started worker: its process, a pidfd that says when it exits, its channel, and the
    cgroup that accounts its CPU time (None: its process tree is read instead)."""

    def __init__(
        self, process: subprocess.Popen[bytes], limits: SandboxLimits, cgroup: CpuCgroup | None
    ) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process = process
        self.cgroup = cgroup
        self.pidfd = os.pidfd_open(process.pid)
        self._exit_poll = select.poll()  # built once: exited() is asked before every call
        self._exit_poll.register(self.pidfd, select.POLLIN)
        self.channel = wire.Channel(
            process.stdout.fileno(),
            process.stdin.fileno(),
            max_frame=wire.max_reply_bytes(limits.output_bytes),
            watch_fd=self.pidfd,
        )

    def exited(self) -> bool:
        """Whether the process has exited (without reaping it)."""
        return bool(self._exit_poll.poll(0))

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


class LocalSandbox(WorkerSupervisor[_WorkerProcess]):
    """Runs one submission in a restricted local worker process (see the module docstring)."""

    def __init__(self, limits: SandboxLimits, reason: str = "local: asked for") -> None:
        super().__init__(limits, workdir_prefix="judge-local-")
        self.plan = plan_isolation(limits)
        # The whole sandbox's memory, where the judge may make a cgroup
        # (sandbox/local/memory_cgroup.py):
        # as much as one worker's address space, so an honest allocation still fails there.
        made = create_memory_cgroup(self.plan.address_space_mb * 1024 * 1024)
        self.cgroup: MemoryCgroup | None = None if isinstance(made, NoCgroup) else made
        self._oom_kills = 0 if self.cgroup is None else self.cgroup.oom_kills()
        memory = made.describe() if isinstance(made, MemoryCgroup) else _unlimited_memory(made)
        accounting = (
            "a cgroup of its own"
            if available()
            else "its process tree (the children it reaped in 10 ms ticks)"
        )
        self.info = SandboxInfo(
            kind=SandboxKind.LOCAL,
            reason=reason,
            isolation=f"{self.plan.describe()}; {memory}; CPU time read from {accounting}",
        )

    @property
    def worker_pid(self) -> int | None:
        """The pid of the running worker's process (with a process namespace, its relay), which
        is also its process group's id; None when none runs."""
        return self._worker.process.pid if self._worker is not None else None

    def _start_worker(self) -> _WorkerProcess:
        """Start the worker process in its sandbox and wait for its READY frame."""
        assert self._workdir is not None
        log_path = self._workdir / "worker.log"
        # A fresh file each time, never through a link planted where the last one was.
        log_path.unlink(missing_ok=True)
        log_flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
        log_fd = os.open(log_path, log_flags, 0o600)
        cgroup = CpuCgroup.create()
        members_fd = None if cgroup is None else cgroup.open_members()
        isolate = preexec_function(
            self.plan,
            self.limits,
            self._cpu,
            None if self.cgroup is None else self.cgroup.enter_path,
        )

        def enter_sandbox() -> None:
            if members_fd is not None:
                join(members_fd)  # first: every process the sandbox forks is then in it
            isolate()

        try:
            process = subprocess.Popen(
                [
                    self.plan.python,
                    "-I",  # isolated: no PYTHON* variables, no user site, no script dir on path
                    "-S",  # no site-packages: the candidate gets the standard library only
                    WORKER_FILE,
                    self._submission,
                ],
                cwd=self._workdir,
                env={},  # nothing of the judge's environment (tokens, paths) reaches the candidate
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log_fd,  # only Python's own start-up errors land here
                start_new_session=True,  # own session and group: killed as one
                preexec_fn=enter_sandbox,
                close_fds=True,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            if cgroup is not None:
                cgroup.remove()
            raise SandboxUnavailable(
                f"the local sandbox could not start {self.plan.python!r}: {exc}"
            ) from exc
        finally:
            os.close(log_fd)
            if members_fd is not None:
                os.close(members_fd)
        self._worker = worker = _WorkerProcess(process, self.limits, cgroup)
        try:
            wire.parse_ready(worker.channel.receive(time.monotonic() + START_TIMEOUT_S))
        except (wire.ReplyTimeout, wire.ChannelClosed, wire.ProtocolViolation) as exc:
            self._stop_worker()
            lines = log_path.read_text(errors="replace").strip().splitlines() or [str(exc)]
            raise SandboxUnavailable(
                f"the local sandbox worker ({self.plan.python}) did not start: {lines[-1]}"
            ) from exc
        return worker

    def _why_ended(self, worker: _WorkerProcess) -> tuple[Outcome, str]:
        """How the worker process ended, from its exit status."""
        info = worker.exit_status(_EXIT_GRACE_S)
        if info is None:
            return Outcome.PROTOCOL_VIOLATION, "the worker closed its reply channel"
        if info.si_code == os.CLD_EXITED:
            return Outcome.CRASHED, f"the worker exited with code {info.si_status}"
        name = signal_name(info.si_status)
        if info.si_status == signal.SIGXCPU:
            return Outcome.TIMED_OUT, f"killed by {name}: CPU time limit"
        return Outcome.CRASHED, f"killed by signal {name}"

    def _cpu_seconds(self, worker: _WorkerProcess) -> float | None:
        """The CPU time of the worker's cgroup, else of its process tree: its relay, init, and
        what they started."""
        if worker.cgroup is not None:
            return cgroup_cpu_seconds(worker.cgroup.usage_file)
        return process_tree_cpu_seconds(worker.process.pid)

    def _cpu_complete(self, worker: _WorkerProcess) -> bool:
        """Only a cgroup counts what the process tree no longer shows (a child reaped unseen)."""
        return worker.cgroup is not None

    def close(self) -> None:
        """Stop the worker and everything it started, remove the directory and the cgroup."""
        try:
            super().close()
        finally:
            if self.cgroup is not None:
                self.cgroup.remove()

    def _memory_exceeded(self) -> bool:
        """Whether the cgroup counted an OOM kill since last asked (any process of the sandbox)."""
        if self.cgroup is None:
            return False
        seen, self._oom_kills = self._oom_kills, self.cgroup.oom_kills()
        return self._oom_kills != seen

    def _memory_detail(self) -> str:
        assert self.cgroup is not None
        mib = self.cgroup.limit_bytes // (1024 * 1024)
        return f"killed by the kernel: the sandbox's processes held more than {mib} MiB"

    def _pin(self, worker: _WorkerProcess, cpu: int) -> None:
        """Set the CPU affinity of every process in the worker's group (its relay and init
        too, with a process namespace); children inherit it."""
        for pid in processes_in_group(worker.process.pid):
            # Gone already, or a CPU this process may not use: the timing is only less steady.
            with contextlib.suppress(OSError):
                os.sched_setaffinity(pid, {cpu})

    def _kill(self, worker: _WorkerProcess) -> None:
        """Kill the worker's process group (and, with a dedicated uid, that uid), then reap it."""
        # Kill before reaping: until the worker is reaped its pid (the group id) is not reused.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.process.pid, signal.SIGKILL)
        if self.plan.uid is not None:
            kill_uid(self.plan.uid)
        worker.close()
        if worker.cgroup is not None:
            worker.cgroup.remove()
        if self.cgroup is not None:  # whatever left the group (without a process namespace)
            self.cgroup.kill_all()


def _unlimited_memory(missing: NoCgroup) -> str:
    """What the isolation line says when there is no memory cgroup."""
    return (
        f"no memory cgroup ({missing.reason}): memory is limited per process, by address "
        "space only, so memory never mapped (a memfd, a tmpfs file) and the sum over "
        "several processes are not limited"
    )
