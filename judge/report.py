"""Verdicts and the report: the data that flows from the engine to rendering and serialisation."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from judge.catalog.problem import Args, Group, Growth, TaskKind
from sandbox.base import CandidateError, SandboxInfo


class Verdict(enum.Enum):
    """What the judge says of a task or a whole submission."""

    ACCEPTED = "accepted"
    WRONG_ANSWER = "wrong_answer"
    RUNTIME_ERROR = "runtime_error"
    TIME_LIMIT_EXCEEDED = "time_limit_exceeded"
    MEMORY_LIMIT_EXCEEDED = "memory_limit_exceeded"
    OUTPUT_LIMIT_EXCEEDED = "output_limit_exceeded"
    SYNTAX_ERROR = "syntax_error"
    MISSING_FUNCTION = "missing_function"
    NONDETERMINISTIC = "nondeterministic"
    INTERNAL_ERROR = "internal_error"

    @property
    def title(self) -> str:
        """The verdict spelled out for people: "Wrong Answer"."""
        return self.value.replace("_", " ").title()


# The overall verdict is the task verdict that comes first here: the judge's own failure hides
# everything, then a file that cannot load, then a crash or a limit (they stop judging early),
# then answers that are unstable, then answers that are wrong.
VERDICT_PRECEDENCE: tuple[Verdict, ...] = (
    Verdict.INTERNAL_ERROR,
    Verdict.SYNTAX_ERROR,
    Verdict.MISSING_FUNCTION,
    Verdict.RUNTIME_ERROR,
    Verdict.MEMORY_LIMIT_EXCEEDED,
    Verdict.OUTPUT_LIMIT_EXCEEDED,
    Verdict.TIME_LIMIT_EXCEEDED,
    Verdict.NONDETERMINISTIC,
    Verdict.WRONG_ANSWER,
    Verdict.ACCEPTED,
)


def overall_verdict(verdicts: list[Verdict]) -> Verdict:
    """The verdict of a whole submission from its tasks' verdicts, by VERDICT_PRECEDENCE."""
    if not verdicts:
        raise ValueError("a submission has at least one judged task")
    return min(verdicts, key=VERDICT_PRECEDENCE.index)


@dataclass(frozen=True, slots=True)
class Counterexample:
    """The smallest input that shows a task is wrong, with what was expected and what came back."""

    args: Args
    expected: Any
    actual: Any
    error: CandidateError | None
    broken_property: str | None
    stdout: str = ""
    stderr: str = ""
    detail: str = ""
    # The judging budget ran out with nothing failed: args is the slowest input, not one that
    # broke the per-call limit.
    over_budget: bool = False
    # The task's checker accepts other answers too: expected is one right answer ("e.g.").
    expected_is_example: bool = False


@dataclass(frozen=True, slots=True)
class Hint:
    """A static hint from the code's shape: where, what, and why it costs time."""

    line: int
    what: str
    why: str
    confirmed: bool = False  # the measured growth agrees that this is the cause
    rule: str = ""  # stable id of the code shape, e.g. "count-in-loop" (judge.complexity.hints)


@dataclass(frozen=True, slots=True)
class RuleFinding:
    """A place where the file breaks one of the problem's rules (catalog/rules.py), from its AST."""

    rule: str  # the rule's id, e.g. "no-math-gcd"
    line: int
    what: str  # what the code does there: "imports math.gcd (as g)"
    says: str  # what the spec asks instead: the rule's own words


@dataclass(frozen=True, slots=True)
class Timing:
    """Best-of-k seconds for the candidate and the reference at one input size."""

    size: int
    candidate_s: float
    reference_s: float


@dataclass(frozen=True, slots=True)
class ComplexityReport:
    """Measured growth of one task against its target, with the static hints that explain it."""

    target: Growth
    estimated: Growth | None  # None: too noisy or too fast to tell (``note`` says which)
    confidence: float  # 0..1
    size_unit: str
    timings: tuple[Timing, ...]
    slowdown: float | None  # candidate / reference at the largest size measured
    note: str
    hints: tuple[Hint, ...] = ()
    # A timed call answered other than the reference on its input: no estimate, and no points.
    answers_changed: bool = False
    # When two classes fit the timings: the slower one (``estimated`` is the faster end). None
    # when one class fits.
    estimated_upper: Growth | None = None

    @property
    def shown(self) -> str:
        """The class as a reader sees it: "O(n)", a range "O(n) to O(n log n)", or "unclear"."""
        if self.estimated is None:
            return "unclear"
        if self.estimated_upper is None or self.estimated_upper is self.estimated:
            return self.estimated.value
        return f"{self.estimated.value} to {self.estimated_upper.value}"

    @property
    def slower_than_target(self) -> bool:
        """True when the estimate's faster end grows faster than the target: certainly slower."""
        return self.estimated is not None and self.estimated.rank > self.target.rank

    @property
    def maybe_slower(self) -> bool:
        """True for a range from the target (or faster) to a slower class: neither on target nor
        slower is certain. Scored as an unclear class: work that hides from the clock (a fork or
        a thread per call) leaves few sizes, and a range, and must not earn "on target"."""
        return (
            self.estimated is not None
            and self.estimated.rank <= self.target.rank
            and self.estimated_upper is not None
            and self.estimated_upper.rank > self.target.rank
        )

    @property
    def on_target(self) -> bool:
        """True when every class that fits is the target or faster."""
        return self.estimated is not None and not self.slower_than_target and not self.maybe_slower

    def reads_as(self, growth: Growth) -> bool:
        """Whether the measurement says ``growth``: a class at or below the target is read only
        as the one class that fits (the estimate on target); a slower class as the estimate or
        either end of a range that is not on target (it is flagged, if not certainly)."""
        if self.estimated is None:
            return False
        if growth.rank <= self.target.rank:
            return self.estimated is growth and self.on_target
        return not self.on_target and growth in (self.estimated, self.estimated_upper)


@dataclass(frozen=True, slots=True)
class ReviewComment:
    """One reviewer's note: what, where, why it matters, how to fix."""

    rule: str
    line: int | None
    what: str
    why: str
    fix: str


@dataclass(frozen=True, slots=True)
class StyleReport:
    """The style review in the seeds' shape: strengths, areas for improvement, a 0-10 score."""

    score: float
    strengths: tuple[str, ...]
    improvements: tuple[ReviewComment, ...]
    notes: tuple[ReviewComment, ...]
    max_cyclomatic: int
    maintainability: float


@dataclass(frozen=True, slots=True)
class GroupReport:
    """How a task did on a group of inputs judged apart from the interview's (the stress group):
    reported and scored on its own, it never changes the task's verdict."""

    group: Group
    verdict: Verdict
    examples_run: int
    sizes: str  # what the group holds, in words (the problem's)
    size_unit: str  # what a size counts, as the task's complexity does: "digits"
    counterexample: Counterexample | None = None
    # The size of the smallest failing input, in the task's size_unit: it fails from there on.
    fails_from: int | None = None
    # Why it fails there: from the candidate's code (what recurses, and where) and the problem's
    # own words for that failure, when it declares them.
    explanation: str = ""
    note: str = ""  # how the search ended, when it stopped early

    @property
    def passed(self) -> bool:
        """True when every input of the group was answered as the reference does."""
        return self.verdict is Verdict.ACCEPTED


@dataclass(frozen=True, slots=True)
class TaskReport:
    """The verdict of one task, with its counterexample and (once accepted) its complexity."""

    task: str
    verdict: Verdict
    examples_run: int
    counterexample: Counterexample | None = None
    complexity: ComplexityReport | None = None
    # Why judging stopped where it did, or what to fix when there was nothing to call: "the
    # time budget ran out after 120 generated inputs", "the file does not define 'gcd': define
    # the function gcd(a, b)".
    note: str = ""
    kind: TaskKind = TaskKind.FUNCTION  # a CLASS task's counterexample args are operations
    # The stress group's result, judged once the interview's inputs pass; None: the task has no
    # stress group, or it was not reached.
    stress: GroupReport | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the judge says about one submission."""

    problem: str
    file: str
    sandbox: SandboxInfo
    seed: int
    verdict: Verdict
    tasks: tuple[TaskReport, ...]
    missing_tasks: tuple[str, ...]  # follow-up tasks the file does not define: listed, not failed
    duration_s: float
    load_error: CandidateError | None = None
    style: StyleReport | None = None
    # The spec's rules the file breaks, in line order: they cost points, never the verdict.
    rule_findings: tuple[RuleFinding, ...] = ()

    @property
    def broken_rules(self) -> tuple[str, ...]:
        """The ids of the rules the file breaks, each once, in the order they are first found."""
        return tuple(dict.fromkeys(finding.rule for finding in self.rule_findings))
