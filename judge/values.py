"""Python source text for the values in a report: arguments, expected and actual answers.

``repr`` is not enough: CPython refuses to turn an int of more than 4300 digits into decimal
(``sys.set_int_max_str_digits``), and that limit is process-wide state the judge must not change.
These functions never call a candidate object's methods: report values are plain data or Opaque.
"""

from __future__ import annotations

from typing import Any

from sandbox.base import Opaque

# Well under CPython's default limit of 4300 digits for int <-> str conversion.
_CHUNK_DIGITS = 2000
_CHUNK = 10**_CHUNK_DIGITS


def int_to_decimal(number: int) -> str:
    """The decimal digits of any int, however long (split in chunks below the digit limit)."""
    if number < 0:
        return "-" + int_to_decimal(-number)
    if number < _CHUNK:
        return str(number)
    high, low = divmod(number, _CHUNK)
    return int_to_decimal(high) + str(low).zfill(_CHUNK_DIGITS)


def value_repr(value: Any) -> str:
    """The value as Python source (``(0, 5)``, ``[1, 'a']``); an Opaque value as ``<generator>``."""
    if isinstance(value, Opaque):
        return f"<{value.type_name}>"
    if type(value) is int:
        return int_to_decimal(value)
    if type(value) is list:
        return "[" + ", ".join(value_repr(item) for item in value) + "]"
    if type(value) is tuple:
        if len(value) == 1:
            return "(" + value_repr(value[0]) + ",)"
        return "(" + ", ".join(value_repr(item) for item in value) + ")"
    if type(value) is dict:
        pairs = (f"{value_repr(key)}: {value_repr(item)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    return repr(value)


def call_repr(function: str, args: tuple[Any, ...]) -> str:
    """A call as Python source: ``gcd(0, 5)``."""
    return f"{function}({', '.join(value_repr(arg) for arg in args)})"
