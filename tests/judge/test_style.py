"""The style review: exact findings and scores on small fixtures with known problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.report import ReviewComment
from judge.style.lint import run_ruff
from judge.style.review import review_style, style_score

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "style"


def _review(name: str, contract: tuple[str, ...] = ()):
    report = review_style((FIXTURES / name).read_text(), contract_names=contract)
    assert report is not None
    return report


def test_clean_code_scores_ten_with_every_strength() -> None:
    report = _review("clean.py", ("nums",))
    assert report.score == 10.0
    assert report.improvements == ()
    assert report.notes == ()
    assert report.strengths == (
        "Clear names: descriptive, PEP 8 style, no builtin shadowed.",
        "Small, simple functions (highest cyclomatic complexity 3).",
        "Every public function has a docstring.",
        "Type hints on every parameter and return value.",
        "Idiomatic standard library: collections.Counter.",
        "Clean under the linters: no finding from pyflakes, pycodestyle, bugbear, pylint and the "
        "rest.",
    )


def test_messy_code_gets_each_known_finding_at_its_line() -> None:
    report = _review("messy.py", ("nums",))
    assert [(c.rule, c.line) for c in report.improvements] == [
        ("F401", 1),  # import os, unused
        ("A002", 4),  # parameter named list
        ("N802", 4),  # MostFrequent
        ("one-letter-name", 5),  # d
        ("F841", 8),  # unused = 0
        ("one-letter-name", 9),  # m
        ("T201", 10),  # print(m)
        ("E711", 11),  # m == None
        # k, v in `for k, v in d.items()`: conventional loop names, not flagged
    ]
    assert [(n.rule, n.line) for n in report.notes] == [
        ("missing-docstring", 4),
        ("missing-type-hints", 4),
    ]
    # 10 - (F401 1 + A002 .5 + N802 .5 + 2 one-letter x .5 + F841 1 + T201 .5 + E711 .25)
    #    - notes (2 x .25)
    assert report.score == 4.75
    assert "Clear names: descriptive, PEP 8 style, no builtin shadowed." not in report.strengths
    # The fixes name the candidate's own function, not an example from another problem.
    assert [n.fix for n in report.notes] == [
        "add a one-line docstring under `def MostFrequent` that says what it returns, and for "
        "which inputs",
        "annotate every parameter and the return type of `MostFrequent`, as the problem's "
        "statement types them",
    ]


def test_a_finding_says_what_why_and_how() -> None:
    report = _review("messy.py")
    shadowing = next(c for c in report.improvements if c.rule == "A002")
    assert shadowing == ReviewComment(
        rule="A002",
        line=4,
        what="Function argument `list` is shadowing a Python builtin",
        why="the builtin it shadows cannot be used in the function, and readers misread the name "
        "as the builtin",
        fix="rename it after what it holds, e.g. `nums`",
    )


def test_contract_names_and_conventional_loop_names_are_not_one_letter_findings() -> None:
    report = _review("interview.py", ("a", "b", "n"))
    # `c` in `for c in str(n)` is a character by convention (issue 16 section 7); `s` is not.
    assert [(c.rule, c.line, c.what, c.fix) for c in report.improvements] == [
        (
            "one-letter-name",
            8,
            "the variable name `s` says nothing about what it holds",
            "rename `s` to what it holds, e.g. `total` (from `s += int(c)`)",
        ),
    ]
    assert [n.what for n in report.notes] == [
        "no docstring on `gcd`, `digit_sum`",
        "no type hints on `gcd`, `digit_sum`",
    ]
    assert report.score == 9.0


def test_without_the_contract_the_spec_names_are_flagged_too() -> None:
    report = _review("interview.py")
    flagged = {c.what.split("`")[1] for c in report.improvements}
    assert flagged == {"a", "b", "n", "s"}


def test_a_complex_function_is_an_area_for_improvement() -> None:
    report = _review("branchy.py")
    assert report.max_cyclomatic == 12
    assert [(c.rule, c.line) for c in report.improvements] == [
        ("PLR0911", 1),
        ("complex-function", 1),
        ("SIM116", 3),
    ]
    assert report.score == 8.0
    assert not any(s.startswith("Small, simple functions") for s in report.strengths)


def test_unparsable_source_has_no_review() -> None:
    assert review_style("def f(:\n    pass\n") is None


def test_the_user_configuration_does_not_change_the_rules(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ruff.lint]\nselect = ["D"]\n')
    monkeypatch.chdir(tmp_path)
    findings, problem = run_ruff("import os\n")
    assert problem == ""
    assert [(f.code, f.line) for f in findings] == [("F401", 1)]


@pytest.mark.parametrize(
    ("rules", "notes", "score"),
    [
        ([], 0, 10.0),
        (["E501"] * 10, 0, 9.25),  # a rule counts three times at most
        (["F841", "B006", "PLW2901"], 0, 7.0),
        (["N802", "T201", "one-letter-name"], 3, 8.0),  # notes cap at 0.5
        (["F401"] * 3 + ["B006"] * 3 + ["PLW0603"] * 3 + ["ARG001"] * 3, 2, 0.0),
    ],
)
def test_score_formula(rules: list[str], notes: int, score: float) -> None:
    improvements = [ReviewComment(rule, 1, "", "", "") for rule in rules]
    note_comments = [ReviewComment("missing-docstring", 1, "", "", "")] * notes
    assert style_score(improvements, note_comments) == score


@pytest.mark.parametrize(
    ("source", "fix"),
    [
        (
            "def f(words):\n    for e in words:\n        print(e)\n",
            "`word` (from `for e in words`)",
        ),
        ("def f(a, b):\n    r = a % b\n    return r\n", "`remainder` (from `r = a % b`)"),
        ("def f(n):\n    for t in str(n):\n        print(t)\n", "`digit` (from `for t in str(n)`)"),
        ("def f(d):\n    for p, q in d.items():\n        print(p, q)\n", "`key`"),
        ("def f(a):\n    t = a\n    return t\n", "rename `t` after what it holds in `t = a`"),
    ],
    ids=["plural", "remainder", "digits", "items", "quoted"],
)
def test_a_rename_hint_fits_the_code_it_is_about(source: str, fix: str) -> None:
    report = review_style(source, contract_names=("a", "b", "n", "d", "words"))
    assert report is not None
    hints = [c.fix for c in report.improvements if c.rule == "one-letter-name"]
    assert hints and fix in hints[1], hints  # hints[0] is the one for `f`


def test_conventional_comprehension_names_are_not_flagged() -> None:
    source = (
        "def total(n: int, text: str) -> int:\n"
        '    """Sum."""\n'
        "    words = [w for w in text.split()]\n"
        "    pairs = {k: v for k, v in zip(words, words)}\n"
        "    return sum(int(c) for c in str(n)) + len(pairs) + sum(x for x in range(n))\n"
    )
    report = review_style(source, contract_names=("n",))
    assert report is not None
    assert [c for c in report.improvements if c.rule == "one-letter-name"] == []


def test_a_forbidden_name_is_never_praised() -> None:
    source = "from math import gcd\n"
    praised = review_style(source)
    assert praised is not None and "Idiomatic standard library: math.gcd." in praised.strengths
    kept = review_style(source, forbidden=("math.gcd",), task_names=("gcd",))
    assert kept is not None
    assert not any("math.gcd" in strength for strength in kept.strengths)
    assert [c.rule for c in kept.improvements] == []  # the import is the task: not unused
