"""spec.md parsing: sections, doctest examples (functions and class sessions), and its checks."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from judge.catalog.discovery import discover, find_problem
from judge.catalog.problem import Example, Problem
from judge.catalog.spec import REQUIRED_SECTIONS, SpecExample, read_spec, spec_issues
from judge.errors import ProblemError

SPEC = """\
# Digit sum

## Statement

Write `digit_sum(n)`.

```python
# a comment in code is no heading
```

## Examples

```python
>>> digit_sum(119)
11
>>> digit_sum(10)
1

>>> digit_sum(-1)
Traceback (most recent call last):
  ...
ValueError: negative
>>> cache = LRUCache(2)
>>> cache.put(1, 1)
>>> cache.get(1)
1
```

## Clarifications
"""


def _spec(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "spec.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_spec_gives_title_sections_and_examples(tmp_path: Path) -> None:
    spec = read_spec(_spec(tmp_path, SPEC))
    assert spec.title == "Digit sum"
    assert spec.headings == ("Statement", "Examples", "Clarifications")
    assert spec.section("Statement").startswith("Write `digit_sum(n)`.")
    assert spec.examples == (
        SpecExample("digit_sum", (119,), 11, None, 14),
        SpecExample("digit_sum", (10,), 1, None, 16),
        SpecExample("digit_sum", (-1,), None, "ValueError", 19),
        SpecExample("LRUCache", ((2,), (("put", (1, 1)), ("get", (1,)))), [None, 1], None, 23),
    )


@pytest.mark.parametrize(
    ("line", "fault"),
    [
        (">>> digit_sum(10**20)", "arguments must be Python literals"),
        (">>> digit_sum(n=3)", "pass arguments by position"),
        (">>> print(digit_sum(3)", "is not a Python call"),
        (">>> x += 3", "write examples as 'task(arg, ...)'"),
        (">>> nums", "shows a name no call above was given"),
        (">>> nums = [f(1)]", "bind a Python literal"),
        (">>> cache.get(1)", "calls a method of no object made above"),
        (">>> digit_sum(3)\nthree", "the expected value 'three' is not a Python literal"),
    ],
)
def test_a_garbled_example_names_the_line(tmp_path: Path, line: str, fault: str) -> None:
    path = _spec(tmp_path, f"# T\n\n## Examples\n\n```python\n{line}\n```\n")
    with pytest.raises(ProblemError) as caught:
        read_spec(path)
    assert str(caught.value).startswith(f"{str(path)!r} line 6: ")
    assert fault in str(caught.value)


def test_a_missing_spec_is_an_issue(tmp_path: Path) -> None:
    problem = find_problem(discover(), "digit_sum")
    moved = dataclasses.replace(problem, spec_path=tmp_path / "spec.md")
    (issue,) = spec_issues(moved)
    assert issue.startswith(f"cannot read {str(tmp_path / 'spec.md')!r}")


@pytest.fixture(name="digit_sum")
def _digit_sum() -> Problem:
    return find_problem(discover(), "digit_sum")


def test_the_shipped_spec_has_no_issues(digit_sum: Problem) -> None:
    assert spec_issues(digit_sum) == ()


def test_spec_issues_lists_every_disagreement(tmp_path: Path, digit_sum: Problem) -> None:
    text = digit_sum.spec_path.read_text(encoding="utf-8")
    text = text.replace("# Digit sum", "# Digits").replace("## Constraints", "## Limits")
    text = text.replace(">>> digit_sum(119)\n11", ">>> digit_sum(119)\n12")
    text = text.replace("write `digital_root(n)`", "write the root")
    main = digit_sum.main_task
    extra = dataclasses.replace(main, examples=(*main.examples, Example(args=(5,), expected=5)))
    problem = dataclasses.replace(
        digit_sum, spec_path=_spec(tmp_path, text), tasks=(extra, *digit_sum.tasks[1:])
    )
    sections = list(REQUIRED_SECTIONS)
    sections[sections.index("Constraints")] = "Limits"
    assert spec_issues(problem) == (
        "title is 'Digits'; expected '# Digit sum' as the first line (the title= of the "
        "Problem in __init__.py: change one of them to match the other)",
        f"sections are {sections!r}; expected exactly {list(REQUIRED_SECTIONS)!r} in that order",
        "Follow-ups does not name the follow-up task 'digital_root'",
        "line 11: example digit_sum(119) -> 12 is in spec.md but not in the package",
        "example digit_sum(119) -> 11 is in the package but not in spec.md",
        "example digit_sum(5) -> 5 is in the package but not in spec.md",
    )
