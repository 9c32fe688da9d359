"""The Executor interface (a batch of jobs in, each outcome handed back as it comes) and the local
pool: one process per judging CPU, each pinned to a CPU of its own, claimed across the machine
(judge/grading/cpus.py: a `judge worker` beside it claims others).

Processes, not threads: differential testing runs the reference and Hypothesis in the judge's
own process, so two judging threads would share one interpreter lock. Each pool process judges
on its CPU with its workers (the engine's pinning, through ``JudgeOptions.cpu``).

Nothing outlives the coordinator: each pool process gets SIGKILL when the coordinator dies, even
by SIGKILL (PR_SET_PDEATHSIG, armed before its first job), and the local sandbox's processes die
with their pool process (sandbox/local/isolation.py).

Ctrl-C: the pool processes ignore SIGINT; the coordinator stops handing out jobs, waits for the
judgings in progress, hands their outcomes back (so they are stored), and stops.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from judge.catalog.discovery import Catalogue, discover
from judge.grading.cpus import claim_cpu
from judge.grading.jobs import Job, JobFailure, JobOutcome

# A message for the person waiting ("lost the broker...").
Say = Callable[[str], None]
Done = Callable[[JobOutcome], None]


class Executor(Protocol):
    """Judges a batch of jobs somewhere, handing back each outcome as it comes."""

    processes: int  # judgings at once, as far as it knows

    def run(self, jobs: Sequence[Job], done: Done, say: Say) -> None:
        """Judge every job; call ``done`` once per job, from the calling thread."""
        ...


@dataclass(frozen=True, slots=True)
class _ProcessSetup:
    """What a pool process needs before its first job."""

    problems_dirs: tuple[Path, ...]
    coordinator_pid: int


class LocalPool:
    """An Executor on this machine: ``processes`` judging processes, each on a CPU of its own."""

    def __init__(self, processes: int, problems_dirs: Sequence[Path] = ()) -> None:
        if processes < 1:
            raise ValueError(f"a pool has at least one process, got {processes!r}")
        self.processes = processes
        self._setup = _ProcessSetup(tuple(problems_dirs), os.getpid())

    def run(self, jobs: Sequence[Job], done: Done, say: Say) -> None:
        """Judge ``jobs`` in the pool's processes (started now, stopped at the end)."""
        context = multiprocessing.get_context("spawn")  # no inherited threads or locks
        indexes = context.SimpleQueue()
        for index in range(self.processes):
            indexes.put(index)
        pool = ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=context,
            initializer=_start_process,
            initargs=(self._setup, indexes),
        )
        futures: dict[Future[JobOutcome], Job] = {}
        try:
            futures = {pool.submit(_judge_in_process, job): job for job in jobs}
            for future in as_completed(futures):
                done(_outcome(future, futures[future]))
        except KeyboardInterrupt:
            running = [future for future in futures if not future.cancel()]
            running = [future for future in running if not future.done()]
            say(f"stopping: waiting for the {len(running)} judgings in progress to be stored")
            for future in as_completed(running):
                done(_outcome(future, futures[future]))
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _outcome(future: Future[JobOutcome], job: Job) -> JobOutcome:
    """The future's outcome; a pool process that died or raised is the judge's failure."""
    try:
        return future.result()
    except Exception as exc:  # a judge bug or a killed process: this job's failure only
        return JobFailure(job.key, "local", f"the judging process failed: {exc!r}")


@dataclass(frozen=True, slots=True)
class _ProcessState:
    """This pool process's CPU and problems."""

    cpu: int
    catalogue: Catalogue


# Set once per pool process, by _start_process, before its first job.
_STATE: _ProcessState | None = None


def _start_process(setup: _ProcessSetup, indexes: multiprocessing.SimpleQueue[int]) -> None:
    global _STATE  # per pool process, set once before its first job
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the coordinator decides what Ctrl-C stops
    _die_with_coordinator(setup.coordinator_pid)
    cpu = claim_cpu(indexes.get())
    _STATE = _ProcessState(cpu, discover(setup.problems_dirs))


# prctl(2): the signal this process gets when the thread that started it ends. The pool starts its
# processes from the coordinator's main thread (ProcessPoolExecutor.submit), which ends with it.
_PR_SET_PDEATHSIG = 1


def _die_with_coordinator(coordinator_pid: int) -> None:
    """SIGKILL for this process when the coordinator dies; exit at once if it has already."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"prctl(PR_SET_PDEATHSIG): {os.strerror(errno)}")
    if os.getppid() != coordinator_pid:  # it died before the signal was armed
        os._exit(1)


def _judge_in_process(job: Job) -> JobOutcome:
    from judge.grading.judging import judge_job

    if _STATE is None:
        raise RuntimeError("a pool process judged before it was set up")
    pinned = replace(job, options=replace(job.options, cpu=_STATE.cpu))
    return judge_job(pinned, _STATE.catalogue, job.options.sandbox, "local", job.options.image)
