"""Live-coding practice: re-judge one file on every save, fast feedback first, until Accepted.

Each save is judged twice over, the way an interviewer reacts: first a quick check (the spec's
examples and a few generated inputs, no complexity or style), and only when that passes the full
judgement. The session ends when the full judgement is Accepted; the time from the start is the
time to solve. The clock and the stream of saves are passed in, so tests drive a session without
waiting on a real clock or a real file watcher.
"""

from __future__ import annotations

import enum
import inspect
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import watchfiles

from judge.catalog.problem import Example, Problem, Task, TaskKind
from judge.correctness.values import call_repr, value_repr
from judge.errors import UsageError
from judge.report import Report, Verdict
from judge.sessions.judging import JudgeFile
from judge.settings import JudgeOptions

# The quick check: enough generated inputs to catch most slips, few enough to answer in about a
# second on every save.
FAST_EXAMPLES = 20

# How often the watcher looks at the file even without a file-system event.
_POLL_MS = 500


class CheckStage(enum.Enum):
    """Which of the two checks a save went through."""

    FAST = "fast"  # spec examples and a few generated inputs
    FULL = "full"  # the whole judgement: every example, complexity and style


class PracticeView(Protocol):
    """What the session tells the screen."""

    def checking(self, stage: CheckStage) -> None:
        """A check began."""

    def checked(self, stage: CheckStage, report: Report) -> None:
        """A check ended with ``report``."""

    def unjudgeable(self, message: str) -> None:
        """The file cannot be judged as it is (empty, not UTF-8...): ``message`` says why."""


@dataclass(frozen=True, slots=True)
class PracticeResult:
    """How a session ended."""

    solved: bool
    elapsed_s: float  # from the start of the session to the accepted check (or to the end)
    checks: int  # saves judged
    report: Report | None  # the last full judgement, if any
    last_verdict: Verdict | None = None  # the last check's, quick or full; None: none ran


def fast_options(options: JudgeOptions) -> JudgeOptions:
    """The quick check's options: few examples, no complexity, no style."""
    return replace(
        options, examples=min(options.examples, FAST_EXAMPLES), complexity=False, style=False
    )


class PracticeSession:
    """One practice run of one problem in one file."""

    def __init__(
        self,
        problem: Problem,
        path: Path,
        options: JudgeOptions,
        judge_file: JudgeFile,
        clock: Callable[[], float],
        on_full_report: Callable[[Report, float | None], None] | None = None,
    ) -> None:
        """Start the clock. ``on_full_report`` gets each full judgement, e.g. for the history."""
        # ... with the time to solve when that judgement is Accepted, None otherwise.
        self.problem = problem
        self.path = path
        self.options = options
        self._judge_file = judge_file
        self._clock = clock
        self._on_full_report = on_full_report
        self._started_at = clock()
        self._checks = 0
        self._last_full: Report | None = None
        self._last_verdict: Verdict | None = None

    def elapsed(self) -> float:
        """Seconds since the session started."""
        return self._clock() - self._started_at

    def run(
        self, saves: Iterable[object], view: PracticeView, *, check_first: bool
    ) -> PracticeResult:
        """Judge now (with ``check_first``) and after every save, until Accepted or saves end."""
        for _ in _with_first(saves, check_first):
            stage, report = self.check(view)
            solved = report is not None and report.verdict is Verdict.ACCEPTED
            if stage is CheckStage.FULL and solved:
                return PracticeResult(True, self.elapsed(), self._checks, report, Verdict.ACCEPTED)
        return self.stopped()

    def stopped(self) -> PracticeResult:
        """The result of a session ended before it was solved (Ctrl-C, or no more saves)."""
        return PracticeResult(
            False, self.elapsed(), self._checks, self._last_full, self._last_verdict
        )

    def check(self, view: PracticeView) -> tuple[CheckStage, Report | None]:
        """The quick check, then the full one if it passed; the last stage run and its report."""
        self._checks += 1
        view.checking(CheckStage.FAST)
        try:
            quick = self._judge_file(self.path, self.problem, fast_options(self.options))
        except UsageError as exc:  # e.g. the file is empty between two saves
            view.unjudgeable(str(exc))
            return CheckStage.FAST, None
        self._last_verdict = quick.verdict
        view.checked(CheckStage.FAST, quick)
        if quick.verdict is not Verdict.ACCEPTED:
            return CheckStage.FAST, quick
        view.checking(CheckStage.FULL)
        try:
            full = self._judge_file(self.path, self.problem, self.options)
        except UsageError as exc:  # the file changed again while it was being judged
            view.unjudgeable(str(exc))
            return CheckStage.FULL, None
        self._last_full = full
        self._last_verdict = full.verdict
        solved = full.verdict is Verdict.ACCEPTED
        if self._on_full_report is not None:
            self._on_full_report(full, self.elapsed() if solved else None)
        view.checked(CheckStage.FULL, full)
        return CheckStage.FULL, full


def watch_saves(path: Path) -> Iterator[object]:
    """One item per save of ``path``, until interrupted (Ctrl-C raises KeyboardInterrupt).

    The folder is watched rather than the file: editors often save by writing a new file and
    renaming it over the old one, which a watch on the file itself would lose. A save is a change
    of the file's size or modification time since the call, so a save made before the watcher
    was up (or while a check ran) is caught at the next half-second poll rather than lost.
    """
    target = path.resolve()
    return _saves(target, _signature(target))


def _saves(target: Path, last: tuple[int, int] | None) -> Iterator[object]:
    def is_target(change: watchfiles.Change, changed: str) -> bool:
        return Path(changed) == target

    for changes in watchfiles.watch(
        target.parent,
        watch_filter=is_target,
        raise_interrupt=True,
        yield_on_timeout=True,
        rust_timeout=_POLL_MS,
    ):
        current = _signature(target)
        if current is not None and current != last:
            last = current
            yield changes


def _signature(path: Path) -> tuple[int, int] | None:
    """(modification time, size) of the file; None while it does not exist."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size


def _with_first(saves: Iterable[object], check_first: bool) -> Iterator[object]:
    """The saves, preceded by one immediate check when ``check_first``."""
    if check_first:
        yield None
    yield from saves


def starter_source(problem: Problem, statement: str) -> str:
    """A starter file: the main task's signature with a docstring, the follow-ups as comments."""
    task = problem.main_task
    lines = [f'"""{problem.title}: practice file for `judge practice {problem.slug}`."""', ""]
    lines += ["", *_stub(task, statement)]
    follow_ups = [other for other in problem.tasks if not other.required]
    if follow_ups:
        lines += ["", ""]
        lines.append("# Follow-ups, once the main task is Accepted (each is judged when defined):")
        for other in follow_ups:
            lines.append(f"#   def {other.name}({', '.join(other.params)}): ...")
    return "\n".join(lines) + "\n"


def ensure_starter(path: Path, problem: Problem, statement: str) -> bool:
    """Write the starter file at ``path`` unless a file is there; True when it wrote one."""
    if path.exists():
        if path.is_dir():
            raise UsageError(f"{str(path)!r} is a directory; pass the path of your solution file")
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as starter:
            starter.write(starter_source(problem, statement))
    except OSError as exc:
        raise UsageError(f"cannot write {str(path)!r} ({exc.strerror}); pass another FILE") from exc
    return True


def _stub(task: Task, statement: str) -> list[str]:
    """The task's definition: a docstring with the statement and examples, and no body yet."""
    doc = [*textwrap.wrap(_first_paragraph(statement), 88, break_on_hyphens=False), ""]
    if task.kind is TaskKind.CLASS:
        doc += _class_example(task)
        lines = [f"class {task.name}:", '    """' + doc[0], *_indent(doc[1:], 4), '    """', ""]
        lines += [f"    def __init__(self, {', '.join(task.params)}):", "        pass", ""]
        for method in task.methods:
            # The reference is trusted and already imported: its signature names the parameters.
            params = list(inspect.signature(getattr(task.reference, method)).parameters)
            lines.append(f"    def {method}({', '.join(params)}):")
            lines += ["        raise NotImplementedError", ""]
        return lines[:-1]
    doc += ["Examples:"] + [f"    {_example_line(task, example)}" for example in task.examples]
    return [
        f"def {task.name}({', '.join(task.params)}):",
        '    """' + doc[0],
        *_indent(doc[1:], 4),
        '    """',
        "    raise NotImplementedError",
    ]


def _class_example(task: Task) -> list[str]:
    """The first example of a class task as the calls it makes, each with what it returns."""
    if not task.examples:
        return []
    example = task.examples[0]
    constructor_args, operations = example.args
    instance = task.name.lower()
    lines = ["Example:", f"    {instance} = {call_repr(task.name, tuple(constructor_args))}"]
    answers = example.expected if isinstance(example.expected, list | tuple) else ()
    for index, (method, method_args) in enumerate(operations):
        call = call_repr(f"{instance}.{method}", tuple(method_args))
        answer = f"  # -> {value_repr(answers[index])}" if index < len(answers) else ""
        lines.append(f"    {call}{answer}")
    return lines


def _example_line(task: Task, example: Example) -> str:
    if example.raises is not None:
        return f"{call_repr(task.name, example.args)} raises {example.raises.__name__}"
    return f"{call_repr(task.name, example.args)} == {value_repr(example.expected)}"


def _first_paragraph(statement: str) -> str:
    paragraph = statement.strip().split("\n\n")[0]
    return " ".join(paragraph.split()).replace('"""', "'''").replace("\\", "\\\\")


def _indent(lines: list[str], width: int) -> list[str]:
    return [(" " * width + line) if line else "" for line in lines]
