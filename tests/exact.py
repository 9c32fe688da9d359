"""Equality that also compares types: what a wire must preserve."""

from __future__ import annotations

import math


def identical(left: object, right: object) -> bool:
    """Equal with exactly the same types all the way down (NaN equals NaN, 1 is not True)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, float):
        return (math.isnan(left) and math.isnan(right)) or (  # type: ignore[arg-type]
            left == right and math.copysign(1, left) == math.copysign(1, right)  # type: ignore[arg-type]
        )
    if isinstance(left, list | tuple):
        return len(left) == len(right) and all(  # type: ignore[arg-type]
            identical(a, b)
            for a, b in zip(left, right, strict=True)  # type: ignore[call-overload]
        )
    if isinstance(left, dict):
        return list(left) == list(right) and all(  # type: ignore[call-overload]
            identical(left[key], right[key])  # type: ignore[index]
            for key in left
        )
    return left == right
