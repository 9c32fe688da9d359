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
