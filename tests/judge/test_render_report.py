"""The terminal report, rendered as plain text."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from judge.catalog.problem import TaskKind
from judge.report import Counterexample, Report, TaskReport, Verdict
from judge.reports.terminal import consoles as terminal
from judge.reports.terminal import judging
from judge.wording import style_text
from sandbox.base import CandidateError, Opaque, SandboxInfo, SandboxKind

SANDBOX = SandboxInfo(
    SandboxKind.DOCKER, "the engine answers and the image is current", "container"
)


def _render(
    *tasks: TaskReport, missing: tuple[str, ...] = (), width: int = 100, **fields: object
) -> str:
    report = Report(
        problem=str(fields.get("problem", "gcd")),
        file=str(fields.get("file", "gcd.py")),
        sandbox=SANDBOX,
        seed=42,
        verdict=tasks[0].verdict,
        tasks=tasks,
        missing_tasks=missing,
        duration_s=0.5,
        load_error=fields.get("load_error"),  # type: ignore[arg-type]
    )
    console = Console(file=io.StringIO(), width=width, color_system=None)
    judging.report(console, report)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())


def _wrong(args: tuple[object, ...], expected: object, actual: object, **fields: object):
    return Counterexample(
        args=args,
        expected=expected,
        actual=actual,
        error=None,
        broken_property=str(fields.pop("broken_property", "divides both inputs")),
        **fields,  # type: ignore[arg-type]
    )


def test_wrong_answer_report() -> None:
    task = TaskReport("gcd", Verdict.WRONG_ANSWER, 57, _wrong((0, 5), 5, None))
    accepted = TaskReport("lcm", Verdict.ACCEPTED, 200)
    assert _render(task, accepted, missing=("digital_root",), width=80) == (
        "problem    gcd\n"
        "file       gcd.py\n"
        "sandbox    docker\n"
        "because    the engine answers and the image is current\n"
        "isolation  container\n"
        "seed       42\n"
        "judging    0.50 s (reading the file to the verdict)\n"
        "\n"
        "✗ gcd           Wrong Answer   57 inputs\n"
        "✓ lcm           Accepted      200 inputs\n"
        "- digital_root  not defined               follow-up: listed, not judged\n"
        "╭─ gcd: Wrong Answer ───────────╮\n"
        "│ input     gcd(0, 5)           │\n"
        "│ expected  5                   │\n"
        "│ actual    None                │\n"
        "│ property  divides both inputs │\n"
        "╰───────────────────────────────╯\n"
        "Verdict: Wrong Answer"
    )


def test_candidate_text_is_shown_literally_never_as_markup() -> None:
    example = _wrong(
        ("[bold]x[/bold]",),
        "[red]",
        "[/]",
        stdout="[red]x[/red]\n",
        stderr="[link=http://evil]click[/link]",
        broken_property="[blink]p[/blink]",
    )
    text = _render(
        TaskReport("odd_index_chars", Verdict.WRONG_ANSWER, 3, example),
        file="[red]sol[/red].py",
        problem="odd_index_chars",
    )
    for literal in (
        "odd_index_chars('[bold]x[/bold]')",
        "expected  '[red]'",
        "actual    '[/]'",
        "stdout    [red]x[/red]",
        "stderr    [link=http://evil]click[/link]",
        "property  [blink]p[/blink]",
        "file       [red]sol[/red].py",
    ):
        assert literal in text


def test_long_values_are_elided_in_the_middle() -> None:
    text = "a" * 150 + "MIDDLE" + "z" * 150
    example = _wrong((text,), 0, 1)
    # wide enough not to wrap: the call is 311 characters, its first 100 and last 100 survive
    rendered = _render(TaskReport("f", Verdict.WRONG_ANSWER, 1, example), width=400)
    assert "MIDDLE" not in rendered
    assert (
        "│ input     f('" + "a" * 97 + " … (111 more characters) … " + "z" * 98 + "')" in rendered
    )


def test_elide() -> None:
    assert terminal.elide("abcdef", 6) == "abcdef"
    assert terminal.elide("abcdefgh", 6) == "abc … (2 more characters) … fgh"
    assert len(terminal.elide("x" * 10_000)) < 250


def test_runtime_error_shows_the_exception_and_the_candidates_traceback() -> None:
    error = CandidateError(
        "ZeroDivisionError",
        "integer modulo by zero",
        ('  File "gcd.py", line 2, in gcd', "    while a % b != 0:"),
    )
    example = Counterexample((5, 0), 5, None, error, None, stdout="", stderr="")
    text = _render(TaskReport("gcd", Verdict.RUNTIME_ERROR, 9, example))
    assert "│ input   gcd(5, 0)" in text
    assert "│ raised  ZeroDivisionError: integer modulo by zero" in text
    assert '│           File "gcd.py", line 2, in gcd' in text
    assert "│             while a % b != 0:" in text
    assert "expected" not in text  # a crash has no answer to compare


def test_class_counterexample_is_the_operation_sequence() -> None:
    example = _wrong(
        ((2,), (("put", (1, 1)), ("get", (1,)))),
        [None, 1],
        [None, -1],
        broken_property="matches the reference",
        detail="operation 2, get(1), answered differently",
    )
    task = TaskReport("LRUCache", Verdict.WRONG_ANSWER, 4, example, kind=TaskKind.CLASS)
    text = _render(task, problem="lru_cache")
    assert (
        "│ input     LRUCache(2)\n"
        "│             1. put(1, 1)\n"
        "│             2. get(1)\n"
        "│ expected  [None, 1]\n"
        "│ actual    [None, -1]\n"
    ) in "\n".join(line.rstrip(" │") for line in text.splitlines()) + "\n"


def test_opaque_and_huge_values_render() -> None:
    example = _wrong((10**5000,), 1, Opaque("generator"))
    text = _render(TaskReport("digit_sum", Verdict.WRONG_ANSWER, 2, example))
    assert "actual    <generator>" in text
    assert "digit_sum(1000000" in text


def test_load_error_panel() -> None:
    error = CandidateError(
        "SyntaxError", "expected ':' (line 1)", ("def gcd(a, b)", "             ^")
    )
    text = _render(TaskReport("gcd", Verdict.SYNTAX_ERROR, 0), load_error=error)
    assert "╭─ gcd.py did not load: Syntax Error" in text
    assert "│ SyntaxError: expected ':' (line 1)" in text
    assert "│ def gcd(a, b)" in text
    assert text.endswith("Verdict: Syntax Error")


def test_missing_function_shows_what_to_define() -> None:
    note = "the file does not define 'gcd': define the function gcd(a, b)"
    text = _render(TaskReport("gcd", Verdict.MISSING_FUNCTION, 0, note=note))
    assert f"│ note  {note}" in text


@pytest.mark.parametrize("verdict", list(Verdict))
def test_every_verdict_renders(verdict: Verdict) -> None:
    example = Counterexample((1,), 1, 2, None, "p", detail="why")
    text = _render(TaskReport("f", verdict, 1, example))
    assert f"Verdict: {verdict.title}" in text


def test_one_input_is_singular() -> None:
    task = TaskReport("gcd", Verdict.WRONG_ANSWER, 1, _wrong((0, 5), 5, None))
    assert "✗ gcd  Wrong Answer  1 input\n" in _render(task, width=80)


@pytest.mark.parametrize(
    ("score", "shown"), [(9.25, "9.25/10"), (9.5, "9.5/10"), (10.0, "10/10"), (0.0, "0/10")]
)
def test_a_style_score_is_shown_exactly_in_every_report(score: float, shown: str) -> None:
    """Quarter points, never rounded: the terminal, the assess table, HTML and JUnit agree."""
    assert style_text(score) == shown
