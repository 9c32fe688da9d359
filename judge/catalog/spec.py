"""A problem's spec.md: its title, its sections, and the doctest examples it shows candidates.

The layout is fixed so every problem reads the same way::

    # Title
    ## Statement / ## Examples / ## Clarifications / ## Constraints /
    ## Target complexity / ## Follow-ups

The Examples section holds a fenced ``python`` block of doctest lines, ``>>> task(args)`` then
the expected value as a Python literal (or a ``Traceback`` ending in the exception's name).
"""

from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from judge.catalog.problem import Args, Example, Problem
from judge.errors import ProblemError

REQUIRED_SECTIONS = (
    "Statement",
    "Examples",
    "Clarifications",
    "Constraints",
    "Target complexity",
    "Follow-ups",
)

_FENCE = re.compile(r"\s*(```|~~~)")
_EXCEPTION_LINE = re.compile(r"(?P<name>[A-Za-z_][\w.]*)(:.*)?")
# What ast.literal_eval raises on text that is not a literal (or is absurdly deep or large).
_LITERAL_ERRORS = (ValueError, TypeError, SyntaxError, MemoryError, RecursionError)


@dataclass(frozen=True, slots=True)
class SpecExample:
    """One doctest example of spec.md: the call, and its expected value or exception name."""

    task: str
    args: Args
    expected: Any
    raises: str | None  # the exception's class name, when the example raises
    line: int  # 1-based line of the ">>>" in spec.md


@dataclass(frozen=True, slots=True)
class Spec:
    """A parsed spec.md."""

    path: Path
    text: str
    title: str
    sections: tuple[tuple[str, str], ...]  # (heading, body) of every level-2 section, in order
    examples: tuple[SpecExample, ...]

    @property
    def headings(self) -> tuple[str, ...]:
        """The level-2 headings, in order."""
        return tuple(heading for heading, _ in self.sections)

    def section(self, heading: str) -> str:
        """The body of a level-2 section; KeyError when there is none."""
        for name, body in self.sections:
            if name == heading:
                return body
        raise KeyError(heading)


def read_spec(path: Path) -> Spec:
    """Read and parse spec.md; ProblemError when it cannot be read or an example is garbled."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemError(f"cannot read {str(path)!r}: {exc}") from exc
    title = ""
    sections: list[tuple[str, list[tuple[int, str]]]] = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        # Headings inside code blocks are Python comments, not sections.
        if not in_fence and line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif not in_fence and line.startswith("# ") and not title and not sections:
            title = line[2:].strip()
        elif sections:
            sections[-1][1].append((number, line))
    examples: list[SpecExample] = []
    for heading, lines in sections:
        if heading == "Examples":
            examples.extend(_examples(path, lines))
    return Spec(
        path=path,
        text=text,
        title=title,
        sections=tuple(
            (heading, "\n".join(line for _, line in lines).strip()) for heading, lines in sections
        ),
        examples=tuple(examples),
    )


def spec_issues(problem: Problem) -> tuple[str, ...]:
    """Everything wrong with a problem's spec.md, one line each; empty when it is sound."""
    try:
        spec = read_spec(problem.spec_path)
    except ProblemError as exc:
        return (str(exc),)
    issues: list[str] = []
    if spec.title != problem.title:
        issues.append(
            f"title is {spec.title!r}; expected '# {problem.title}' as the first line (the "
            f"title= of the Problem in __init__.py: change one of them to match the other)"
        )
    if spec.headings != REQUIRED_SECTIONS:
        issues.append(
            f"sections are {list(spec.headings)!r}; expected exactly {list(REQUIRED_SECTIONS)!r}"
            " in that order"
        )
    headings = set(spec.headings)
    if "Statement" in headings and problem.main_task.name not in spec.section("Statement"):
        issues.append(f"Statement does not name the main task {problem.main_task.name!r}")
    follow_ups = spec.section("Follow-ups") if "Follow-ups" in headings else ""
    issues.extend(
        f"Follow-ups does not name the follow-up task {task.name!r}"
        for task in problem.tasks
        if not task.required and task.name not in follow_ups
    )
    issues.extend(_example_issues(problem, spec))
    return tuple(issues)


def _example_issues(problem: Problem, spec: Spec) -> list[str]:
    """Examples in spec.md that the package lacks, and package examples spec.md does not show."""
    task_names = {task.name for task in problem.tasks}
    issues = [
        f"line {example.line}: {example.task!r} is not a task of {problem.slug!r}"
        for example in spec.examples
        if example.task not in task_names
    ]
    shown = {
        _key(example.task, example.args, example.expected, example.raises): example
        for example in spec.examples
        if example.task in task_names
    }
    packaged = {
        _key(task.name, example.args, example.expected, _raised_name(example)): (task.name, example)
        for task in problem.tasks
        for example in task.examples
    }
    for key, spec_example in shown.items():
        if key not in packaged:
            call = _call(spec_example.task, spec_example.args)
            issues.append(
                f"line {spec_example.line}: example {call} -> {key[2]} is in spec.md"
                " but not in the package"
            )
    for key, (task_name, example) in packaged.items():
        if key not in shown:
            call = _call(task_name, example.args)
            issues.append(f"example {call} -> {key[2]} is in the package but not in spec.md")
    return issues


def _raised_name(example: Example) -> str | None:
    return example.raises.__name__ if example.raises is not None else None


def _key(task: str, args: Args, expected: Any, raises: str | None) -> tuple[str, str, str]:
    """Examples compare by repr, so 1 and True, or 1 and 1.0, stay different."""
    outcome = f"raises {raises}" if raises is not None else repr(expected)
    return task, repr(tuple(args)), outcome


def _call(task: str, args: Args) -> str:
    return f"{task}({', '.join(map(repr, args))})"


@dataclass(slots=True)
class _Session:
    """A class example being read: ``cache = LRUCache(2)``, then ``cache.method(...)`` lines."""

    variable: str
    task: str
    constructor_args: Args
    line: int
    operations: list[tuple[str, Args]] = field(default_factory=list)
    results: list[Any] = field(default_factory=list)

    def example(self) -> SpecExample:
        """The session as one example of a class task, the way Task.examples state it."""
        args = (self.constructor_args, tuple(self.operations))
        return SpecExample(self.task, args, list(self.results), None, self.line)


def _examples(path: Path, lines: list[tuple[int, str]]) -> list[SpecExample]:
    """The doctest examples inside the fenced blocks of the Examples section.

    ``>>> task(args)`` is one example of a function task. ``>>> name = Task(args)`` starts an
    example of a class task: each later ``>>> name.method(args)`` of the block is one operation.
    """
    examples: list[SpecExample] = []
    for block in _fenced_blocks(lines):
        session: _Session | None = None
        in_place = _InPlace()
        for number, source, output in _prompts(block):
            where = f"{str(path)!r} line {number}"
            statement = in_place.read(where, source, output)
            if statement is None:
                continue
            if isinstance(statement, ast.Assign):
                if session is not None:
                    examples.append(session.example())
                session = _start_session(where, number, source, statement)
                continue
            call = statement
            if isinstance(call.func, ast.Name) and in_place.calls_with_names(call):
                in_place.start(where, number, source, call, output)
            elif isinstance(call.func, ast.Name):
                examples.append(_function_example(where, number, source, call, output))
            elif (
                session is not None
                and isinstance(call.func, ast.Attribute)
                and isinstance(call.func.value, ast.Name)
                and call.func.value.id == session.variable
            ):
                session.operations.append((call.func.attr, _literal_args(where, source, call)))
                session.results.append(_expected_value(where, output))
            else:
                raise ProblemError(f"{where}: {source!r} calls a method of no object made above")
        if session is not None:
            examples.append(session.example())
        examples.extend(in_place.examples)
    return examples


@dataclass(slots=True)
class _InPlace:
    """An in-place task's examples in one block: ``>>> nums = [0, 1]`` binds a literal,
    ``>>> move_zeroes(nums)`` calls with it, and ``>>> nums`` shows its state after the call. The
    example's expected value is then the return value and each shown state, as Task.examples
    state an in-place task's: ``(None, [1, 0])``."""

    bindings: dict[str, Any] = field(default_factory=dict)
    examples: list[SpecExample] = field(default_factory=list)

    def read(self, where: str, source: str, output: list[str]) -> ast.Assign | ast.Call | None:
        """The prompt as a statement for the caller, or None when it was a binding or a shown
        state, which this reads itself."""
        try:
            body = ast.parse(source, mode="exec").body
        except SyntaxError:
            body = []
        if len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Name):
            name = body[0].value.id
            if not self.examples or name not in self.bindings:
                raise ProblemError(f"{where}: {source!r} shows a name no call above was given")
            last = self.examples[-1]
            self.examples[-1] = replace(
                last, expected=(*last.expected, _expected_value(where, output))
            )
            return None
        if (
            len(body) == 1
            and isinstance(body[0], ast.Assign)
            and len(body[0].targets) == 1
            and isinstance(body[0].targets[0], ast.Name)
            and not isinstance(body[0].value, ast.Call)
        ):
            try:
                self.bindings[body[0].targets[0].id] = ast.literal_eval(body[0].value)
            except _LITERAL_ERRORS:
                raise ProblemError(f"{where}: bind a Python literal, got {source!r}") from None
            return None
        return _statement(where, source)

    def calls_with_names(self, call: ast.Call) -> bool:
        """Whether the call passes a name bound above (an in-place example)."""
        return any(isinstance(arg, ast.Name) and arg.id in self.bindings for arg in call.args)

    def start(
        self, where: str, number: int, source: str, call: ast.Call, output: list[str]
    ) -> None:
        """The call of an in-place example; the states shown after it complete it."""
        assert isinstance(call.func, ast.Name)
        if call.keywords:
            raise ProblemError(f"{where}: pass arguments by position, got {source!r}")
        args = []
        for arg in call.args:
            if isinstance(arg, ast.Name) and arg.id in self.bindings:
                args.append(copy.deepcopy(self.bindings[arg.id]))
            else:
                try:
                    args.append(ast.literal_eval(arg))
                except _LITERAL_ERRORS:
                    raise ProblemError(
                        f"{where}: arguments must be Python literals or names bound above,"
                        f" got {source!r}"
                    ) from None
        returned = _expected_value(where, output)
        self.examples.append(SpecExample(call.func.id, tuple(args), (returned,), None, number))


def _fenced_blocks(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """The lines inside each fenced code block."""
    blocks: list[list[tuple[int, str]]] = []
    inside = False
    for number, line in lines:
        if _FENCE.match(line):
            inside = not inside
            if inside:
                blocks.append([])
        elif inside:
            blocks[-1].append((number, line))
    return blocks


def _prompts(block: list[tuple[int, str]]) -> list[tuple[int, str, list[str]]]:
    """Each ``>>>`` line of a block: its line number, its source and its expected output lines."""
    prompts: list[tuple[int, str, list[str]]] = []
    output_ended = True
    for number, line in block:
        stripped = line.strip()
        if stripped.startswith(">>>"):
            prompts.append((number, stripped[3:].strip(), []))
            output_ended = False
        elif not stripped:
            output_ended = True  # doctest: the expected output ends at a blank line
        elif prompts and not output_ended:
            prompts[-1][2].append(stripped)
    return prompts


def _statement(where: str, source: str) -> ast.Assign | ast.Call:
    """One prompt's source: a call, or ``name = Class(args)``."""
    try:
        body = ast.parse(source, mode="exec").body
    except SyntaxError:
        raise ProblemError(f"{where}: {source!r} is not a Python call") from None
    if len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Call):
        return body[0].value
    if (
        len(body) == 1
        and isinstance(body[0], ast.Assign)
        and len(body[0].targets) == 1
        and isinstance(body[0].targets[0], ast.Name)
        and isinstance(body[0].value, ast.Call)
        and isinstance(body[0].value.func, ast.Name)
    ):
        return body[0]
    raise ProblemError(
        f"{where}: write examples as 'task(arg, ...)' or 'name = Task(arg, ...)', got {source!r}"
    )


def _start_session(where: str, number: int, source: str, statement: ast.Assign) -> _Session:
    call = statement.value
    assert isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
    target = statement.targets[0]
    assert isinstance(target, ast.Name)
    args = _literal_args(where, source, call)
    return _Session(target.id, call.func.id, args, number)


def _literal_args(where: str, source: str, call: ast.Call) -> Args:
    if call.keywords:
        raise ProblemError(f"{where}: pass arguments by position, got {source!r}")
    try:
        return tuple(ast.literal_eval(arg) for arg in call.args)
    except _LITERAL_ERRORS:
        raise ProblemError(f"{where}: arguments must be Python literals, got {source!r}") from None


def _function_example(
    where: str, number: int, source: str, call: ast.Call, output: list[str]
) -> SpecExample:
    """One ``>>> task(args)`` line and its expected output lines."""
    assert isinstance(call.func, ast.Name)
    args = _literal_args(where, source, call)
    if output and output[0].startswith("Traceback"):
        match = _EXCEPTION_LINE.fullmatch(output[-1])
        if match is None:
            raise ProblemError(f"{where}: the traceback must end with the exception's name")
        return SpecExample(call.func.id, args, None, match["name"].rsplit(".", 1)[-1], number)
    return SpecExample(call.func.id, args, _expected_value(where, output), None, number)


def _expected_value(where: str, output: list[str]) -> Any:
    """The value doctest output shows; no output at all means the call returned None."""
    if output and output[0].startswith("Traceback"):
        raise ProblemError(f"{where}: only function examples may show a Traceback")
    expected_text = "\n".join(output) if output else "None"
    try:
        return ast.literal_eval(expected_text)
    except _LITERAL_ERRORS:
        raise ProblemError(
            f"{where}: the expected value {expected_text!r} is not a Python literal"
        ) from None
