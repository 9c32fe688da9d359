"""The checks of a problem package that run in the judge's process (its own code is trusted).

Each returns its findings, one line each, saying what is wrong and what to do; no finding means
the check passed. judge.authoring.validate turns them into results beside the sandbox checks.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import hypothesis
from hypothesis import HealthCheck, Phase
from hypothesis.errors import FailedHealthCheck, Unsatisfiable

from judge.authoring.scaffold import TODO_MARKER
from judge.catalog.checkers import run_checker
from judge.catalog.problem import Args, Group, Problem, Task, TaskKind
from judge.catalog.spec import read_spec, spec_issues
from judge.correctness.differential import keep_hypothesis_files_private
from judge.correctness.feedback import format_call
from judge.errors import ProblemError
from judge.sessions.solution import SOLUTION_FILE, SOLUTION_SECTIONS
from judge.wording import counted

# Sizes make_input is tried on: the smallest ones, where off-by-one shapes show.
_SHAPE_SIZES = (1, 2, 10)
_SHOWN_VALUE = 80  # characters of a drawn value quoted in a finding


def spec_findings(problem: Problem) -> list[str]:
    """Sections still to fill in, and what spec_issues finds (sections, examples)."""
    try:
        spec = read_spec(problem.spec_path)
    except ProblemError as exc:
        return [f"spec.md: {exc}"]
    findings = [
        f"spec.md: fill in section {heading!r}: {_todo_text(body)}"
        for heading, body in spec.sections
        if TODO_MARKER in body
    ]
    findings += [f"spec.md: {issue}" for issue in spec_issues(problem)]
    return findings


def solution_findings(problem: Problem) -> list[str]:
    """What `judge solution` would lack: solution.md beside spec.md, with its three sections
    (the idea, the invariant, why it meets the target) written."""
    path = problem.package_dir / SOLUTION_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        sections = ", ".join(f"'## {heading}'" for heading in SOLUTION_SECTIONS)
        return [
            f"{SOLUTION_FILE}: missing; write it beside spec.md with the sections {sections}"
            " (`judge solution` shows it once a candidate asks)"
        ]
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{SOLUTION_FILE}: cannot read it: {exc}"]
    bodies: dict[str, list[str]] = {}
    body: list[str] = []
    for line in text.splitlines():
        if line.startswith("## "):
            body = bodies.setdefault(line[3:].strip(), [])
        else:
            body.append(line)
    findings = []
    for heading in SOLUTION_SECTIONS:
        written = "\n".join(bodies.get(heading, ())).strip()
        if heading not in bodies:
            findings.append(f"{SOLUTION_FILE}: add the section '## {heading}'")
        elif not written:
            findings.append(f"{SOLUTION_FILE}: section {heading!r} is empty")
        elif TODO_MARKER in written:
            findings.append(f"{SOLUTION_FILE}: fill in section {heading!r}: {_todo_text(written)}")
    return findings


def todo_findings(problem: Problem) -> list[str]:
    """Every TODO(author) marker left in the package's Python files, with what it asks."""
    findings = []
    for path in sorted(problem.package_dir.rglob("*.py")):
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            findings.append(f"{relative_name(problem, path)}: cannot read it: {exc}")
            continue
        for number, line in enumerate(lines, start=1):
            if TODO_MARKER in line:
                findings.append(f"{relative_name(problem, path)}:{number}: {_todo_text(line)}")
    return findings


def example_findings(problem: Problem) -> list[str]:
    """Examples the reference does not answer as stated (or tasks with none)."""
    findings: list[str] = []
    for task in problem.tasks:
        if not task.examples:
            findings.append(
                f"{task.name}: no examples; list spec.md's examples in examples= in __init__.py"
            )
        for example in task.examples:
            call = format_call(task.name, example.args, task.kind)
            try:
                answer = task.expected(copy.deepcopy(example.args))
            except NotImplementedError:
                findings.append(_unimplemented(task))
                break
            except Exception as exc:
                if example.raises is None or not isinstance(exc, example.raises):
                    findings.append(f"{call}: the reference raised {_exception(exc)}")
                continue
            if example.raises is not None:
                findings.append(
                    f"{call}: the reference returned {_shown(answer)}, "
                    f"but the example expects {example.raises.__name__}"
                )
            elif not run_checker(task.checker, example.args, example.expected, answer).accepted:
                findings.append(
                    f"{call}: the reference returned {_shown(answer)}, "
                    f"but the example expects {_shown(example.expected)}"
                )
    return findings


def strategy_findings(problem: Problem) -> list[str]:
    """Strategies that draw misshapen arguments or trip health checks; misshapen make_input."""
    keep_hypothesis_files_private()
    findings = []
    for task in problem.tasks:
        findings += _draw_findings(task)
        if task.stress is not None:
            findings += _draw_findings(task, Group.STRESS)
        for size in _SHAPE_SIZES:
            try:
                fault = _shape_fault(task, task.make_input(size))
            except Exception as exc:
                fault = f"it raised {_exception(exc)}"
            if fault:
                findings.append(f"{task.name}: make_input({size}): {fault}")
                break
    return findings


def _draw_findings(task: Task, group: Group = Group.INTERVIEW) -> list[str]:
    """Draw from the strategy of the task's ``group`` with the health checks on; say what is
    misshapen, or (with a stress group) of the other group's sizes."""
    faults: list[str] = []
    strategy = "the stress strategy" if group is Group.STRESS else "the strategy"

    @hypothesis.settings(
        max_examples=50, database=None, deadline=None, derandomize=True, phases=(Phase.generate,)
    )
    @hypothesis.given(task.group_arguments(group))
    def draws(args: Args) -> None:
        fault = _shape_fault(task, args) or _group_fault(task, group, args)
        if fault and not faults:
            faults.append(f"{task.name}: {strategy} draws {_shown(args)}: {fault}")

    try:
        draws()
    except FailedHealthCheck as exc:
        faults.append(f"{task.name}: the strategy fails a health check: {_first_line(exc)}")
    except Unsatisfiable as exc:
        faults.append(f"{task.name}: the strategy draws almost nothing: {_first_line(exc)}")
    except Exception as exc:
        faults.append(f"{task.name}: drawing from the strategy raised {_exception(exc)}")
    return faults


def _group_fault(task: Task, group: Group, args: Args) -> str:
    """Why ``args`` is not of ``group``'s sizes (the interview's are below the stress group's),
    or ""."""
    if task.stress is None or task.size_of is None or task.in_group(group, args):
        return ""
    if task.domain is not None and not task.domain(args):
        return "it is outside the task's domain"
    size, first = task.size_of(args), task.stress.from_size
    if group is Group.STRESS:
        return f"its size {size} is below the stress group's {first}"
    return f"its size {size} is the stress group's (from {first}): draw it there"


def _shape_fault(task: Task, args: Any) -> str:
    """Why ``args`` is not an argument tuple of ``task``, or ""."""
    if type(args) is not tuple:
        return f"arguments must be a tuple, not a {type(args).__name__}"
    if task.kind is TaskKind.FUNCTION:
        if len(args) != len(task.params):
            arguments = counted(len(args), "argument")
            return f"{arguments} for the {counted(len(task.params), 'parameter')} {task.params}"
        return ""
    if len(args) != 2 or type(args[0]) is not tuple or type(args[1]) is not tuple:
        return "a class task's arguments are (constructor_args, operations), both tuples"
    constructor_args, operations = args
    if len(constructor_args) != len(task.params):
        return f"{len(constructor_args)} constructor arguments for the parameters {task.params}"
    for operation in operations:
        if type(operation) is not tuple or len(operation) != 2 or type(operation[1]) is not tuple:
            return f"operation {_shown(operation)} is not (method_name, method_args)"
        if operation[0] not in task.methods:
            return f"operation {_shown(operation)} calls a method not in {task.methods}"
    return ""


class _PropertyBroken(Exception):
    """Raised inside the Hypothesis test so that it shrinks the input that breaks a property."""


def property_findings(problem: Problem, examples: int) -> list[str]:
    """Each task's properties hold of the reference's answers on ``examples`` drawn inputs."""
    keep_hypothesis_files_private()
    findings = []
    for task in problem.tasks:
        try:
            _check_properties(task, examples)
        except NotImplementedError:
            findings.append(_unimplemented(task))
        except _PropertyBroken as exc:
            findings.append(str(exc))
        except Exception as exc:
            findings.append(f"{task.name}: the reference or a property raised {_exception(exc)}")
    return findings


def _check_properties(task: Task, examples: int) -> None:
    """Hypothesis over the task's strategy: _PropertyBroken for the smallest counterexample."""

    @hypothesis.settings(
        max_examples=examples,
        database=None,
        deadline=None,
        derandomize=True,
        phases=(Phase.explicit, Phase.generate, Phase.shrink),
        # Health is the strategies check's business; here only the answers matter.
        suppress_health_check=list(HealthCheck),
    )
    @hypothesis.given(task.arguments)
    def holds(args: Args) -> None:
        answer = task.expected(copy.deepcopy(args))
        checked = run_checker(task.checker, args, answer, copy.deepcopy(answer))
        if not checked.accepted:
            call = format_call(task.name, args, task.kind)
            raise _PropertyBroken(
                f"{task.name}: the {task.checker.kind} checker rejects the reference's own answer"
                f" {_shown(answer)} on {call} ({checked.message}); fix the checker"
            )
        for prop in task.properties:
            if not prop.holds(args, answer):
                call = format_call(task.name, args, task.kind)
                raise _PropertyBroken(
                    f"{task.name}: the reference breaks {prop.name!r} on {call} "
                    f"(it answered {_shown(answer)}); fix the property or the reference"
                )

    holds()


def _todo_text(text: str) -> str:
    """What the first TODO(author) marker in ``text`` asks for."""
    after = text.split(TODO_MARKER, 1)[1]
    return after.splitlines()[0].lstrip(":").strip() if after.strip() else "(no instructions)"


def _unimplemented(task: Task) -> str:
    kind = "class" if task.kind is TaskKind.CLASS else "function"
    return f"reference.py: implement the {kind} {task.name} (it raises NotImplementedError)"


def relative_name(problem: Problem, path: Path) -> str:
    """A file of the package as the author names it: ``wrong/mistake.py``."""
    return path.relative_to(problem.package_dir).as_posix()


def _exception(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {_first_line(exc)}"


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else ""


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN_VALUE else text[: _SHOWN_VALUE - 1] + "…"
