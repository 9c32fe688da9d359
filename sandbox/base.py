"""The sandbox contract: one Protocol, its requests and results, shared by every backend.

What the candidate did is data (an Outcome); only infrastructure failures raise
(judge.errors.SandboxUnavailable).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Protocol


class SandboxKind(enum.Enum):
    """Which backend runs candidate code; AUTO picks Docker when it can, else local."""

    AUTO = "auto"
    DOCKER = "docker"
    LOCAL = "local"


class Outcome(enum.Enum):
    """How one load or call ended, as far as the sandbox can tell."""

    OK = "ok"
    RAISED = "raised"  # the candidate's code raised an exception (reported in CallResult.error)
    TIMED_OUT = "timed_out"
    MEMORY_EXCEEDED = "memory_exceeded"
    OUTPUT_EXCEEDED = "output_exceeded"
    CRASHED = "crashed"
    PROTOCOL_VIOLATION = "protocol_violation"


class LoadStatus(enum.Enum):
    """What loading the candidate's file gave."""

    OK = "ok"
    SYNTAX_ERROR = "syntax_error"
    IMPORT_ERROR = "import_error"
    CRASHED_AT_IMPORT = "crashed_at_import"


@dataclass(frozen=True, slots=True)
class SandboxLimits:
    """Limits the sandbox enforces on the candidate's process."""

    time_per_call_s: float = 2.0
    memory_mb: int = 256
    output_bytes: int = 64 * 1024
    pids: int = 64
    cpus: float = 1.0
    tmpfs_mb: int = 16


@dataclass(frozen=True, slots=True)
class Submission:
    """The candidate's source file as the sandbox receives it."""

    filename: str
    source: bytes


@dataclass(frozen=True, slots=True)
class CandidateError:
    """An exception raised by candidate code: type, message and its own traceback lines."""

    type_name: str
    message: str
    traceback: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Opaque:
    """A returned value of a type the wire does not carry: known by its type name only."""

    type_name: str


@dataclass(frozen=True, slots=True)
class Definition:
    """A top-level function or class the candidate's file binds (defined there or imported)."""

    name: str
    kind: str  # "function" or "class"
    params: tuple[str, ...]
    # Takes any number of positional arguments (``*args``), or its signature cannot be read:
    # the call itself decides whether the task's arguments fit.
    variadic: bool = False


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The result of loading the candidate's file in a fresh worker."""

    outcome: Outcome
    status: LoadStatus
    definitions: tuple[Definition, ...] = ()
    error: CandidateError | None = None
    stdout: str = ""
    stderr: str = ""
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CallRequest:
    """Call a task: a function with args, or a class driven by (constructor_args, operations).

    An untimed call (the default: correctness) runs once. A timed one is a batch: ``args`` holds
    one argument tuple per call, each run once in order, and the value is the tuple of their
    answers; the sandbox reads its own CPU time around the batch from outside (see CallResult).
    """

    task: str
    args: tuple[Any, ...]
    is_class: bool = False
    timed: bool = False
    # An in-place task's mutated argument positions: the value is then the tuple of the return
    # value and those arguments after the call (each call's, in a batch).
    in_place: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class CallResult:
    """What one call did. ``value`` is meaningful only when outcome is OK.

    Both durations are the judge's own readings, never the worker's: ``wall_seconds`` from its
    clock around the exchange, ``cpu_seconds`` (timed calls only) the CPU time every process and
    thread of the sandbox used meanwhile, read from outside it (sandbox/cpu_time.py).
    """

    outcome: Outcome
    value: Any = None
    error: CandidateError | None = None
    stdout: str = ""
    stderr: str = ""
    wall_seconds: float = 0.0
    cpu_seconds: float | None = None  # None: untimed, or this host shows the sandbox's CPU time not
    # cpu_seconds counts every thread and process the sandbox ran, reaped or not (a cgroup's).
    cpu_complete: bool = False
    detail: str = ""


@dataclass(frozen=True, slots=True)
class SandboxInfo:
    """Which backend ran, why it was picked, and how strong its isolation is."""

    kind: SandboxKind
    reason: str
    isolation: str


class Sandbox(Protocol):
    """Runs one submission: load it once, then serve calls until closed."""

    info: SandboxInfo

    def prepare(self, submission: Submission) -> None:
        """Start a worker for a file of the submission's name, perhaps in the background."""
        ...

    def load(self, submission: Submission) -> LoadResult:
        """Load the submission into a worker: the one prepared for its name, else a new one."""
        ...

    def call(self, request: CallRequest) -> CallResult:
        """Run one call; a worker that died is replaced (and the file reloaded) first."""
        ...

    def pin_to_cpu(self, cpu: int) -> None:
        """Run the worker, and any that replaces it, on this one CPU (best effort).

        The judge's thread runs there too while it calls (sandbox/affinity.py: a round trip on
        one CPU is several times cheaper than across two). For timing: the two sides of a
        growth comparison on one core see the same speed, where the cores of a shared machine
        can differ by half (steal time, hyperthread siblings).
        """
        ...

    def close(self) -> None:
        """Stop every process or container this sandbox started."""
        ...

    def __enter__(self) -> Sandbox: ...

    def __exit__(self, *exc_info: object) -> None: ...
