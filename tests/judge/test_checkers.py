"""Checkers (judge.catalog.checkers): what each accepts, and that none breaks on a hostile value."""

from __future__ import annotations

import math

import pytest

from judge.catalog.checkers import (
    EXACT,
    Checked,
    Custom,
    NestedUnordered,
    Tolerance,
    Unordered,
    run_checker,
)
from sandbox.base import Opaque

_DEEP: list[object] = []
_cursor = _DEEP
for _ in range(5000):
    _cursor.append([])
    _cursor = _cursor[0]  # type: ignore[assignment]


@pytest.mark.parametrize(
    ("checker", "expected", "actual", "accepted"),
    [
        (EXACT, [1, 2], [1, 2], True),
        (EXACT, [1, 2], [2, 1], False),
        (Unordered(), [1, 2, 2], [2, 1, 2], True),
        (Unordered(), [1, 2, 2], [1, 1, 2], False),
        (Unordered(), [1, 2], [1, 2, 2], False),
        (Unordered(), [1], [True], False),
        (Unordered(), [1.0], [1], False),
        (Unordered(), [[1, 2]], [[2, 1]], False),
        (Unordered(), [float("nan")], [float("nan")], True),
        (Unordered(), [{"a": [1]}], [{"a": [1]}], True),
        (Unordered(), [1], (1,), False),
        (NestedUnordered(), [["ab", "ba"], ["c"]], [["c"], ["ba", "ab"]], True),
        (NestedUnordered(), [["ab", "ba"], ["c"]], [["c", "ab"], ["ba"]], False),
        (NestedUnordered(), [["a", "a"]], [["a"]], False),
        (NestedUnordered(), [["a"]], ["a"], False),
        (Tolerance(1e-9, 1e-9), 2.0, 2.0000000001, True),
        (Tolerance(1e-9, 1e-9), 1e20, 1e20 + 1e10, True),
        (Tolerance(1e-9, 1e-9), 2.0, 2.001, False),
        (Tolerance(1e-9, 1e-9), 2.0, 2, True),
        (Tolerance(1e-9, 1e-9), 1.0, True, False),
        (Tolerance(1e-9, 1e-9), 1.0, "1.0", False),
        (Tolerance(1e-9, 1e-9), 1.0, float("nan"), False),
        (Tolerance(1e-9, 1e-9), float("nan"), float("nan"), True),
        (Tolerance(1e-9, 1e-9), 1.0, float("inf"), False),
        (Tolerance(1e-9, 1e-9), 1.0, 10**400, False),
    ],
)
def test_each_checker_accepts_exactly_the_right_answers(
    checker: object, expected: object, actual: object, accepted: bool
) -> None:
    assert run_checker(checker, (), expected, actual).accepted is accepted  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "hostile",
    [
        Opaque("generator"),
        [1, Opaque("Rigged")],
        {"k": Opaque("Rigged")},
        _DEEP,
        [0] * 200_000,
        10**5000,
        None,
        "text",
        b"bytes",
    ],
    ids=[
        "opaque",
        "opaque-inside",
        "opaque-in-dict",
        "deep",
        "huge",
        "huge-int",
        "none",
        "str",
        "bytes",
    ],
)
@pytest.mark.parametrize(
    "checker",
    [
        EXACT,
        Unordered(),
        NestedUnordered(),
        Tolerance(),
        Custom(lambda args, answer: answer[0] == 1),
    ],
    ids=["exact", "unordered", "nested", "tolerance", "custom"],
)
def test_no_checker_accepts_or_breaks_on_a_hostile_answer(checker: object, hostile: object) -> None:
    decision = run_checker(checker, ((1,),), [[1]], hostile)  # type: ignore[arg-type]
    assert decision.accepted is False


def test_a_custom_checker_that_raises_rejects_and_says_so() -> None:
    def sloppy(args: tuple[object, ...], answer: object) -> bool:
        return answer["key"] == 1  # type: ignore[index]

    decision = run_checker(Custom(sloppy), (), None, [1])
    assert decision == Checked(False, "the checker could not read the answer (TypeError)")


def test_an_opaque_answer_is_rejected_before_the_checker_sees_it() -> None:
    seen: list[object] = []
    checker = Custom(lambda args, answer: seen.append(answer) is None)
    decision = run_checker(checker, (), None, [Opaque("Rigged")])
    assert (decision.accepted, seen) == (False, [])
    assert decision.message == "returned a list, which the judge cannot read"


def test_the_tolerance_says_how_far_off_the_answer_is() -> None:
    decision = run_checker(Tolerance(1e-9, 1e-9), (), 2.0, 2.5)
    assert (
        decision.message == "off by 0.5, more than the tolerance (absolute 1e-09, relative 1e-09)"
    )


@pytest.mark.parametrize(
    "make", [lambda: Unordered(levels=0), lambda: Tolerance(0, 0), lambda: Tolerance(-1, 1)]
)
def test_a_checker_that_could_accept_nothing_is_refused(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]


def test_nan_is_right_only_where_the_reference_answered_nan() -> None:
    assert not run_checker(Tolerance(), (), math.nan, 1.0).accepted
    assert run_checker(Tolerance(), (), math.nan, math.nan).accepted
