"""The key a result is stored under: what was judged, against which problem, by which judge.

A result is reusable exactly when the file's bytes, the problem package, the judge's own code
and the judging options are the same: each is a hash here. The judge's version is its release
plus a hash of its source (judge/ and sandbox/), so a changed judge never passes for the old one.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

import judge
import sandbox
from judge.catalog.problem import Problem
from judge.settings import JudgeOptions

# Short hashes: enough to tell versions apart in a table, and readable there.
_SHORT = 16


@dataclass(frozen=True, slots=True)
class ResultKey:
    """One result's identity: a redelivered or repeated judging of it adds no second record."""

    content_hash: str  # sha256 of the file's bytes
    problem: str  # the problem's slug
    problem_version: str
    judge_version: str
    options: str  # hash of the judging options (seed, examples, stages, budget)

    def __post_init__(self) -> None:
        if len(self.content_hash) != 64:
            raise ValueError(f"content hash must be a sha256 hex digest, got {self.content_hash!r}")


def content_hash(source: bytes) -> str:
    """The sha256 of a submission's bytes."""
    return hashlib.sha256(source).hexdigest()


def problem_version(problem: Problem) -> str:
    """A hash of every file of the problem's package (compiled files left out)."""
    return _package_hash(problem.package_dir)


@functools.cache
def _package_hash(package_dir: Path) -> str:
    # Once per process: a worker judges many files of few problems.
    return _tree_hash(package_dir)


@functools.cache
def judge_version() -> str:
    """The judge's release and a hash of its source: the same for every process of one install."""
    roots = (Path(judge.__file__).parent, Path(sandbox.__file__).parent)
    digest = hashlib.sha256("".join(_tree_hash(root) for root in roots).encode())
    return f"{judge.__version__}+{digest.hexdigest()[:_SHORT]}"


def options_key(options: JudgeOptions) -> str:
    """A hash of what changes a verdict: not the sandbox or the CPU, which only say where."""
    text = (
        f"seed={options.seed};examples={options.examples};"
        f"stress_examples={options.stress_examples};complexity={options.complexity};"
        f"complexity_budget_s={options.complexity_budget_s!r};style={options.style}"
    )
    return hashlib.sha256(text.encode()).hexdigest()[:_SHORT]


def result_key(source: bytes, problem: Problem, options: JudgeOptions) -> ResultKey:
    """The key of judging ``source`` against ``problem`` with ``options`` by this judge."""
    return ResultKey(
        content_hash=content_hash(source),
        problem=problem.slug,
        problem_version=problem_version(problem),
        judge_version=judge_version(),
        options=options_key(options),
    )


def _tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:_SHORT]
