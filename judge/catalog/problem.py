"""The problem model: what an author fills in, and what the engine, CLI and tests read.

A problem package's ``__init__.py`` defines ``PROBLEM = Problem(...)``. Nothing in here runs
candidate code: references are trusted and run in the judge's process.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from judge.catalog.checkers import EXACT, Checker
from sandbox.base import SandboxLimits

if TYPE_CHECKING:  # only an annotation: `judge --help` need not import Hypothesis
    from hypothesis.strategies import SearchStrategy

Args = tuple[Any, ...]


class Growth(enum.Enum):
    """Complexity classes, in increasing order of growth."""

    CONSTANT = "O(1)"
    LOGARITHMIC = "O(log n)"
    LINEAR = "O(n)"
    LINEARITHMIC = "O(n log n)"
    QUADRATIC = "O(n^2)"
    CUBIC = "O(n^3)"
    EXPONENTIAL = "exponential"

    @property
    def rank(self) -> int:
        """Position in the growth order: a higher rank grows faster."""
        return list(Growth).index(self)

    @classmethod
    def parse(cls, text: str) -> Growth:
        """The class written as in reports ("O(n^2)"); ValueError names the valid spellings."""
        normalised = text.strip().replace(" ", "").replace("²", "^2").replace("³", "^3").lower()
        for growth in cls:
            if growth.value.replace(" ", "").lower() == normalised:
                return growth
        valid = ", ".join(g.value for g in cls)
        raise ValueError(f"unknown complexity class {text!r}; use one of: {valid}")


class TaskKind(enum.Enum):
    """A task is a function called once, or a class driven by a sequence of method calls."""

    FUNCTION = "function"
    CLASS = "class"


@dataclass(frozen=True, slots=True)
class Example:
    """One worked example: arguments and the expected value, or the exception they must raise."""

    args: Args
    expected: Any = None
    raises: type[BaseException] | None = None


@dataclass(frozen=True, slots=True)
class Property:
    """A named property every correct answer has, so feedback can say what broke."""

    name: str
    holds: Callable[[Args, Any], bool]


class Group(enum.Enum):
    """A group of a task's inputs, judged on its own, as Kattis's testdata groups, DMOJ's batches
    and CMS's subtasks are."""

    INTERVIEW = "interview"  # the sizes an interviewer would try: it decides the task's verdict
    STRESS = "stress"  # the spec's largest sizes: judged too, reported and scored apart


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why the stress group's sizes break code that is right on the interview's, in the problem
    author's words: the judge says it when the candidate's code raises ``error`` there."""

    error: str  # the exception's type name: "RecursionError"
    why: str  # "The recursion is as deep as the number of Euclid steps"


@dataclass(frozen=True, slots=True)
class StressGroup:
    """A task's largest inputs: judged once the interview's inputs pass; a failure here is
    reported and scored apart and never changes the task's verdict."""

    arguments: SearchStrategy[Args]
    # Every stress input has at least this size (Task.size_of), every interview input less.
    from_size: int
    sizes: str  # what the group holds, in words: "Fibonacci pairs of 100 to 418 digits"
    explanations: tuple[Explanation, ...] = ()

    def __post_init__(self) -> None:
        if self.from_size < 1:
            raise ValueError(f"a stress group's from_size must be positive, got {self.from_size!r}")
        if not self.sizes:
            raise ValueError("a stress group must say which sizes it holds")


@dataclass(frozen=True, slots=True)
class Task:
    """One function (or class) the candidate writes.

    For a CLASS task the arguments are ``(constructor_args, operations)`` where operations is a
    tuple of ``(method_name, method_args)``; the answer is the list of the methods' return values.
    """

    name: str
    params: tuple[str, ...]
    reference: Callable[..., Any]
    arguments: SearchStrategy[Args]
    target: Growth
    make_input: Callable[[int], Args]
    size_unit: str = "n"
    examples: tuple[Example, ...] = ()
    properties: tuple[Property, ...] = ()
    required: bool = True
    kind: TaskKind = TaskKind.FUNCTION
    methods: tuple[str, ...] = ()
    # make_input's worst case again, drawn from a seed: ``variant`` is any integer in
    # [0, 2**64), which the judge draws from a secret for every timed call. Use it as a seed
    # (``random.Random(variant)``) and give, for every variant, an input of exactly
    # make_input's size and cost (the same shape, other values, other answers): then a file
    # that read this generator can neither build the timed inputs ahead nor tell them apart
    # cheaply, and the verdict does not depend on the secret. None: every call of a batch gets
    # make_input's input, and an answer remembered from one call serves the next.
    make_variant: Callable[[int, int], Args] | None = None
    # The largest size make_input may be asked for, when the domain bounds it (digit_sum: n has
    # at most 1000 digits); growth is measured only up to here. None: no bound.
    max_size: int | None = None
    # Whether arguments satisfy the spec's constraints (gcd: both non-negative). Where it is
    # declared, the judge also tries inputs built from the candidate's own literals, kept only
    # where it holds (judge.correctness.literals). None: the drawn inputs only.
    domain: Callable[[Args], bool] | None = None
    # An input's size in size_unit (gcd: the digits of the larger number): where the interview's
    # inputs end and the stress group's begin, and the size a stress failure starts at.
    size_of: Callable[[Args], int] | None = None
    # The spec's largest inputs, judged apart (``arguments`` holds the interview's). None: the
    # interview's inputs are all there is.
    stress: StressGroup | None = None
    # How an answer is judged (judge.catalog.checkers): equal to the reference's by default.
    checker: Checker = EXACT
    # An in-place task's mutated parameters: the judged answer is then the tuple of the declared
    # return value (None) and those arguments' state after the call, in this order, for the
    # reference and the candidate alike; examples state it that way: ``(None, [1, 0])``.
    in_place: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"task name {self.name!r} is not a Python identifier")
        if self.max_size is not None and self.max_size < 1:
            raise ValueError(
                f"task {self.name!r}: max_size must be positive, got {self.max_size!r}"
            )
        if self.kind is TaskKind.CLASS and not self.methods:
            raise ValueError(f"class task {self.name!r} must list the methods it drives")
        if self.stress is not None and self.size_of is None:
            raise ValueError(f"task {self.name!r} has a stress group but no size_of to bound it")
        unknown = [name for name in self.in_place if name not in self.params]
        if unknown or (self.in_place and self.kind is TaskKind.CLASS):
            raise ValueError(
                f"task {self.name!r}: in_place must name parameters of a function task,"
                f" got {self.in_place!r}"
            )

    @property
    def in_place_positions(self) -> tuple[int, ...]:
        """Where the in-place parameters sit among the arguments."""
        return tuple(self.params.index(name) for name in self.in_place)

    def group_arguments(self, group: Group) -> SearchStrategy[Args]:
        """The strategy that draws ``group``'s inputs."""
        if group is Group.STRESS:
            if self.stress is None:
                raise ValueError(f"task {self.name!r} has no stress group")
            return self.stress.arguments
        return self.arguments

    def in_group(self, group: Group, args: Args) -> bool:
        """Whether ``args`` is in the task's domain and of ``group``'s sizes."""
        if self.domain is not None and not self.domain(args):
            return False
        if self.stress is None or self.size_of is None:
            return group is Group.INTERVIEW
        stressed = self.size_of(args) >= self.stress.from_size
        return stressed if group is Group.STRESS else not stressed

    def timing_input(self, size: int, variant: int) -> Args:
        """The input of call ``variant`` in a timed batch at ``size`` (see make_variant)."""
        if self.make_variant is None:
            return self.make_input(size)
        return self.make_variant(size, variant)

    def expected(self, args: Args) -> Any:
        """The reference answer for these arguments (trusted code, run in-process); for an
        in-place task the return value and the mutated arguments, which it changes."""
        if self.kind is TaskKind.CLASS:
            from sandbox.worker import drive_operations

            constructor_args, operations = args
            return drive_operations(self.reference, constructor_args, operations)
        if self.in_place:
            from sandbox.worker import in_place_answer

            return in_place_answer(self.reference, args, self.in_place_positions)
        return self.reference(*args)


@dataclass(frozen=True, slots=True)
class Rule:
    """A shortcut the spec rules out, checked from the source's AST (judge.catalog.rules), never
    run.

    ``names`` are dotted names the file may not use however it reaches them (imported, called,
    referenced, through an alias, ``getattr`` or ``__import__``): a function (``"math.gcd"``), a
    whole module (``"bisect"``: all it holds) or a builtin (``"sorted"``). ``attributes`` are
    attribute names forbidden on any object (``"sort"``: ``xs.sort()``). ``fractional_powers``
    forbids a power whose exponent the source writes as a fraction (``x ** 0.5``,
    ``pow(x, 1 / 2)``): a square root by another name.
    """

    id: str  # stable, kebab-case: "no-math-gcd"
    says: str  # what the spec asks, for the report: "write Euclid's algorithm yourself"
    names: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    # Forbids ``x ** e`` and ``pow(x, e)`` where e is not an integer literal: a root by power.
    fractional_powers: bool = False

    def __post_init__(self) -> None:
        if not self.id or not all(part.isalnum() for part in self.id.split("-")):
            raise ValueError(f"rule id {self.id!r} must be kebab-case, e.g. 'no-math-gcd'")
        if not self.names and not self.attributes and not self.fractional_powers:
            raise ValueError(f"rule {self.id!r} forbids nothing: give names or attributes")
        for name in self.names:
            if not all(part.isidentifier() for part in name.split(".")):
                raise ValueError(f"rule {self.id!r}: {name!r} is not a dotted Python name")
        for attribute in self.attributes:
            if not attribute.isidentifier():
                raise ValueError(f"rule {self.id!r}: {attribute!r} is not an attribute name")


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits for judging; a problem may override any of them."""

    time_per_call_s: float = 2.0
    memory_mb: int = 256
    output_bytes: int = 64 * 1024
    judge_budget_s: float = 60.0

    def __post_init__(self) -> None:
        if self.time_per_call_s <= 0 or self.memory_mb <= 0 or self.output_bytes <= 0:
            raise ValueError(f"limits must be positive, got {self!r}")

    def for_sandbox(self) -> SandboxLimits:
        """The limits the sandbox enforces for these."""
        return SandboxLimits(
            time_per_call_s=self.time_per_call_s,
            memory_mb=self.memory_mb,
            output_bytes=self.output_bytes,
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """A whole problem: its statement, tasks and limits."""

    slug: str
    title: str
    spec_path: Path
    tasks: tuple[Task, ...]
    limits: Limits = field(default_factory=Limits)
    # The spec's rules (judge.catalog.rules): breaking one is a finding that costs points, never a
    # verdict.
    rules: tuple[Rule, ...] = ()

    def __post_init__(self) -> None:
        if not self.tasks:
            raise ValueError(f"problem {self.slug!r} has no tasks")
        if sum(task.required for task in self.tasks) != 1:
            raise ValueError(f"problem {self.slug!r} must have exactly one required (main) task")
        ids = [rule.id for rule in self.rules]
        if len(set(ids)) != len(ids):
            raise ValueError(f"problem {self.slug!r} declares a rule id twice: {ids!r}")

    @property
    def package_dir(self) -> Path:
        """The folder of the problem package (where spec.md, wrong/ and slow/ live)."""
        return self.spec_path.parent

    @property
    def main_task(self) -> Task:
        """The required task."""
        return next(task for task in self.tasks if task.required)

    def task(self, name: str) -> Task:
        """The task called ``name``; KeyError when there is none."""
        for task in self.tasks:
            if task.name == name:
                return task
        raise KeyError(name)
