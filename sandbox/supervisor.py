"""The judge's side of one worker's life, shared by both backends: start, load, call, replace.

A backend says how a worker starts (up to its READY frame), how it is killed, and why it ended;
this module holds the rest: the directory that carries the worker and the submission, the load
and call exchanges with their deadlines, and when a worker is given up. A worker that timed out,
died or misbehaved is stopped, and a new one is started (the file reloaded) before the next call.
prepare() starts the first worker ahead of load(): in a background thread for a backend whose
start is mostly waiting for an engine, so that the caller's work overlaps it.

Outcomes decided here: TIMED_OUT when no reply comes within time_per_call_s (a timed batch: within
TIMED_BATCH_LIMITS of them, however many calls it holds);
PROTOCOL_VIOLATION when a reply does not parse or the worker refused the request. Why a worker's
channel closed (CRASHED, MEMORY_EXCEEDED, ...) is the backend's to tell. The worker reports the
rest (see sandbox/worker.py).
"""

from __future__ import annotations

import abc
import contextlib
import dataclasses
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Generic, Protocol, Self, TypeVar

from sandbox import wire
from sandbox.base import (
    CallRequest,
    CallResult,
    LoadResult,
    LoadStatus,
    Outcome,
    SandboxInfo,
    SandboxLimits,
    Submission,
)
from sandbox.errors import SandboxInternalError, SandboxUnavailable

# The working directory holds the worker under this name, and the submission in a subdirectory.
WORKER_FILE = "worker.py"
_SUBMISSION_DIR = "submission"
# A timed batch gets this many per-call limits whatever its length: the judge sizes batches to
# milliseconds, and a deadline that grew with the calls asked for would let a candidate that was
# quick once hold the judge for thousands of limits.
TIMED_BATCH_LIMITS = 2
# A submission keeps its own name only when it is a plain Python file name.
_SAFE_FILENAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}\.py")


class RunningWorker(Protocol):
    """A started worker as the supervisor sees it."""

    @property
    def channel(self) -> wire.Channel:
        """The framed channel to the worker."""
        ...

    def exited(self) -> bool:
        """Whether the worker is known to have exited already."""
        ...


Worker = TypeVar("Worker", bound=RunningWorker)


class WorkerSupervisor(abc.ABC, Generic[Worker]):
    """A Sandbox over workers that a backend starts and kills (see the module docstring)."""

    info: SandboxInfo
    # Whether prepare() starts the worker in a background thread (see prepare).
    _starts_in_background = False

    def __init__(self, limits: SandboxLimits, *, workdir_prefix: str) -> None:
        self.limits = limits
        self._workdir_prefix = workdir_prefix
        self._workdir: Path | None = None
        self._submission = ""  # the submission's path relative to the working directory
        self._worker: Worker | None = None
        self._loaded = False
        self._request_id = 0
        self._cpu: int | None = None
        self._prepared: _WorkerStart[Worker] | None = None  # not yet loaded

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ---- the Sandbox protocol ------------------------------------------------------------

    def prepare(self, submission: Submission) -> None:
        """Start a fresh worker, in a fresh directory, for a file of the submission's name, unless
        one is starting for it already; load() gives it the file's content.

        A backend whose start is mostly waiting (a container's) starts in a background thread,
        so that what the caller does meanwhile (importing the problem set, the style review, a
        candidate editing the file) overlaps the start. Every other method waits for it first.
        """
        if self._prepared is not None and self._prepared.filename == submission.filename:
            return
        self._loaded = False
        self._settle()
        self._remove_workdir()
        filename = submission.filename
        self._workdir, self._submission = _prepare_workdir(filename, self._workdir_prefix)
        # The last worker is stopped in the same thread, first: a judge that just reported its
        # verdict does not wait for a container's removal either.
        last, self._worker = self._worker, None

        def replace_last() -> Worker:
            if last is not None:
                self._kill(last)
            return self._start_worker()

        self._prepared = _WorkerStart(filename, replace_last, self._starts_in_background)

    def load(self, submission: Submission) -> LoadResult:
        """Load the submission into the worker prepared for its name (prepared now, if none was)."""
        if self._prepared is None or self._prepared.filename != submission.filename:
            self.prepare(submission)
        assert self._prepared is not None and self._workdir is not None
        start, self._prepared = self._prepared, None
        _write_submission(self._workdir / self._submission, submission.source)
        self._worker = worker = start.result()
        if not worker.channel.quiet():
            # It died, or spoke unasked, while it waited: nothing of the candidate's ran in it yet,
            # so this is not the candidate's doing. A new one takes its place.
            self._stop_worker()
            self._worker = self._start_worker()
        result = self._send_load()
        self._loaded = result.status is LoadStatus.OK
        if not self._loaded:
            self._stop_worker()
        return result

    def call(self, request: CallRequest) -> CallResult:
        """Run one call in the worker, replacing a worker that is gone first."""
        if not self._loaded:
            raise SandboxInternalError(f"{type(self).__name__}.call() before a successful load()")
        if self._worker is None or self._worker.exited():
            self._stop_worker()
            reloaded = self._start_and_load()
            if reloaded.status is not LoadStatus.OK:
                self._stop_worker()
                return CallResult(
                    outcome=Outcome.CRASHED,
                    detail="the worker was replaced and the file no longer loads "
                    f"({reloaded.outcome.value}: {reloaded.detail or reloaded.status.value})",
                )
        worker = self._worker
        assert worker is not None
        result = self._exchange(worker, request)
        if self._memory_exceeded():
            # A process of the sandbox was killed for memory, perhaps not the worker: whatever it
            # replied, the call went past the limit.
            self._stop_worker()
            return CallResult(
                outcome=Outcome.MEMORY_EXCEEDED,
                wall_seconds=result.wall_seconds,
                detail=self._memory_detail(),
            )
        return result

    def _exchange(self, worker: Worker, request: CallRequest) -> CallResult:
        """Send one call and take its reply, or say why none came."""
        request_id = self._next_id()
        frame = wire.call_request(request_id, request)
        limit_s = self.limits.time_per_call_s * (TIMED_BATCH_LIMITS if request.timed else 1)
        cpu_before = self._cpu_seconds(worker) if request.timed else None
        started = time.monotonic()
        try:
            worker.channel.send(frame, started + limit_s)
            payload = worker.channel.receive(started + limit_s)
            wall_seconds = time.monotonic() - started
            cpu_after = self._cpu_seconds(worker) if cpu_before is not None else None
            result = wire.parse_call_reply(payload, request_id, wall_seconds)
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
        if cpu_before is not None and cpu_after is not None:
            return dataclasses.replace(
                result,
                cpu_seconds=max(0.0, cpu_after - cpu_before),
                cpu_complete=self._cpu_complete(worker),
            )
        return result

    def pin_to_cpu(self, cpu: int) -> None:
        """Run the worker, and any that replaces it, on this one CPU (best effort)."""
        if cpu == self._cpu:
            return  # every worker is pinned as it starts: the current one is there already
        if self._prepared is not None:
            self._prepared.wait()  # it stays prepared for load(), now pinned with the rest
        self._cpu = cpu
        if self._worker is not None:
            self._pin(self._worker, cpu)

    def close(self) -> None:
        """Stop the worker and everything it started, and remove the working directory."""
        self._loaded = False
        try:
            self._settle()
            self._stop_worker()
        finally:
            self._remove_workdir()

    # ---- what a backend supplies -----------------------------------------------------------

    @abc.abstractmethod
    def _start_worker(self) -> Worker:
        """Start a worker on the working directory and wait for its READY frame.

        On CPU ``self._cpu`` when one is set (see pin_to_cpu). SandboxUnavailable when it cannot
        start. Set ``self._worker`` as soon as there is something to kill, so that close()
        reaches it whatever fails afterwards.
        """

    @abc.abstractmethod
    def _kill(self, worker: Worker) -> None:
        """Kill the worker and everything it started, and release what holds it."""

    @abc.abstractmethod
    def _pin(self, worker: Worker, cpu: int) -> None:
        """Confine the worker to one CPU; silently nothing when this machine will not."""

    @abc.abstractmethod
    def _cpu_seconds(self, worker: Worker) -> float | None:
        """The CPU seconds every process and thread of the worker's sandbox has used, read from
        outside it (sandbox/cpu_time.py); None when this host does not show them."""

    @abc.abstractmethod
    def _cpu_complete(self, worker: Worker) -> bool:
        """Whether _cpu_seconds counts everything the sandbox ran, reaped or not (a cgroup)."""

    @abc.abstractmethod
    def _why_ended(self, worker: Worker) -> tuple[Outcome, str]:
        """Why the worker's channel closed: how it died, or PROTOCOL_VIOLATION if it lives on."""

    def _memory_exceeded(self) -> bool:
        """Whether the kernel killed a process of the sandbox for memory since last asked: for a
        backend whose limit covers every process (a child may die while the worker replies)."""
        return False

    def _memory_detail(self) -> str:
        """What a memory kill found by _memory_exceeded is reported as."""
        return "killed by the kernel: more memory than allowed"

    # ---- one worker's life -----------------------------------------------------------------

    def _settle(self) -> None:
        """Wait for a prepared start that load() has not taken; its failure is no one's now."""
        start, self._prepared = self._prepared, None
        if start is not None:
            with contextlib.suppress(SandboxUnavailable):
                self._worker = start.result()

    def _start_and_load(self) -> LoadResult:
        self._worker = self._start_worker()
        return self._send_load()

    def _send_load(self) -> LoadResult:
        result = self._exchange_load()
        if self._memory_exceeded():
            self._stop_worker()
            return _failed_load(Outcome.MEMORY_EXCEEDED, self._memory_detail())
        return result

    def _exchange_load(self) -> LoadResult:
        worker = self._worker
        assert worker is not None
        request_id = self._next_id()
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

    def _classify_end(self) -> tuple[Outcome, str]:
        """Why the worker's channel closed; the worker is stopped afterwards."""
        assert self._worker is not None
        try:
            return self._why_ended(self._worker)
        finally:
            self._stop_worker()

    def _stop_worker(self) -> None:
        """Kill the current worker, if any; idempotent."""
        worker, self._worker = self._worker, None
        if worker is not None:
            self._kill(worker)

    def _remove_workdir(self) -> None:
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def _next_id(self) -> int:
        self._request_id += 1
        return self._request_id


class _WorkerStart(Generic[Worker]):
    """One worker's start for a file of one name, in a thread of its own or done at once."""

    def __init__(self, filename: str, start: Callable[[], Worker], in_background: bool) -> None:
        self.filename = filename
        self._start_worker = start
        self._worker: Worker | None = None
        self._failure: BaseException | None = None
        self._thread: threading.Thread | None = None
        if in_background:
            self._thread = threading.Thread(target=self._run, name="worker-start", daemon=True)
            self._thread.start()
        else:
            self._run()

    def wait(self) -> None:
        """Until the start has ended, started or failed."""
        if self._thread is not None:
            self._thread.join()

    def result(self) -> Worker:
        """The started worker, once it is; raises what the start raised."""
        self.wait()
        if self._failure is not None:
            raise self._failure
        assert self._worker is not None
        return self._worker

    def _run(self) -> None:
        try:
            self._worker = self._start_worker()
        except BaseException as exc:  # handed to whoever takes the result
            self._failure = exc


def signal_name(number: int) -> str:
    """The signal's name (SIGKILL), or "signal N" for a number that names none."""
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _prepare_workdir(filename: str, prefix: str) -> tuple[Path, str]:
    """A fresh directory with the worker and a folder for the submission (see _write_submission),
    readable (not writable) by others.

    Returns the directory and the submission's path relative to it.
    """
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    workdir.chmod(0o755)  # mkdtemp makes 0700; the sandbox's user is not the owner
    worker = workdir / WORKER_FILE
    worker.write_bytes(resources.files("sandbox").joinpath("worker.py").read_bytes())
    worker.chmod(0o644)
    (workdir / _SUBMISSION_DIR).mkdir(mode=0o755)
    return workdir, f"{_SUBMISSION_DIR}/{_safe_filename(filename)}"


def _write_submission(path: Path, source: bytes) -> None:
    """The submission's content, readable by the sandbox's user: the worker reads it at load."""
    path.write_bytes(source)
    path.chmod(0o644)


def _safe_filename(filename: str) -> str:
    """The submission's base name when it is a plain Python file name, else solution.py."""
    name = PurePosixPath(filename).name
    return name if _SAFE_FILENAME.fullmatch(name) else "solution.py"


def _failed_load(outcome: Outcome, detail: str) -> LoadResult:
    return LoadResult(outcome=outcome, status=LoadStatus.CRASHED_AT_IMPORT, detail=detail)
