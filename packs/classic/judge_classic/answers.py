"""What the pack's properties share about answers."""

from __future__ import annotations

from typing import Any

from judge.catalog.problem import Args, Property


def is_int(value: Any) -> bool:
    """True for an int that is not a bool (``True == 1``, but it is no count or index)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _answer_is_int(args: Args, answer: Any) -> bool:
    return is_int(answer)


IS_AN_INT = Property("is an int", _answer_is_int)


def in_place_state(answer: Any) -> list[Any] | None:
    """The list an in-place call left its argument as (the judged answer is (return value,
    state after)); None when the answer holds no list there, which every property rejects."""
    if type(answer) is tuple and len(answer) == 2 and type(answer[1]) is list:
        return answer[1]
    return None


def _returns_none(args: Args, answer: Any) -> bool:
    return type(answer) is tuple and len(answer) == 2 and answer[0] is None


def returns_none(changed: str) -> Property:
    """The property of an in-place task that its call returns None (``changed``: "the list")."""
    return Property(f"returns None ({changed} changes in place)", _returns_none)
