"""Strict, type-aware comparison of a candidate's answer with the reference's.

The candidate's value arrives over the sandbox wire as plain data (int, bool, float, str, bytes,
None, list, tuple, dict) or as ``sandbox.base.Opaque`` for anything else, so no candidate object's
``__eq__`` is ever called here. Types must match exactly: ``True`` is not ``1``, ``1.0`` is not
``1`` and a tuple is not a list, because an interviewer would not accept them either.
"""

from __future__ import annotations

import builtins
import math
from typing import Any

from sandbox.base import Opaque


def answers_equal(expected: Any, actual: Any) -> bool:
    """True when ``actual`` is the same answer as ``expected``, type for type."""
    if isinstance(actual, Opaque) or type(expected) is not type(actual):
        return False
    if isinstance(expected, float):
        # NaN equals NaN only because the reference itself answered NaN here.
        return expected == actual or (math.isnan(expected) and math.isnan(actual))
    if isinstance(expected, list | tuple):
        return len(expected) == len(actual) and all(
            answers_equal(e, a) for e, a in zip(expected, actual, strict=True)
        )
    if isinstance(expected, dict):
        # Plain dict lookup would let the key True find the key 1: match keys strictly too.
        if len(expected) != len(actual):
            return False
        actual_by_key = {_strict_key(key): value for key, value in actual.items()}
        return all(
            _strict_key(key) in actual_by_key
            and answers_equal(value, actual_by_key[_strict_key(key)])
            for key, value in expected.items()
        )
    return bool(expected == actual)


def _strict_key(value: Any) -> Any:
    """A hashable stand-in for a dict key that also tells its type (True vs 1, (1,) vs [1])."""
    if isinstance(value, tuple):
        return (tuple, tuple(_strict_key(item) for item in value))
    return (type(value), value)


def raised_matches(type_name: str, expected: type[BaseException]) -> bool:
    """True when an exception reported by type name is ``expected`` or a subclass of it.

    The sandbox reports exceptions by type name only. A name matches when it is the expected
    class's own name or names a builtin exception that subclasses it (``ZeroDivisionError`` for
    ``ArithmeticError``). A class the candidate defines is known by name only, so its bases cannot
    be resolved: a candidate's own subclass of ``ValueError`` does not match ``ValueError``.
    """
    if type_name == expected.__name__:
        return True
    builtin = getattr(builtins, type_name, None)
    return isinstance(builtin, type) and issubclass(builtin, expected)
