"""Python source text for the values in a report: arguments, expected and actual answers.

``repr`` is not enough: CPython refuses to turn an int of more than 4300 digits into decimal
(``sys.set_int_max_str_digits``), and that limit is process-wide state the judge must not change.
These functions never call a candidate object's methods: report values are plain data or Opaque.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from typing import Any

from sandbox.base import Opaque

# Well under CPython's default limit of 4300 digits for int <-> str conversion.
_CHUNK_DIGITS = 2000
_CHUNK = 10**_CHUNK_DIGITS
# Ints of up to this many bits (about 30,000 digits) are written out whole: converting them
# (quadratic in CPython 3.11) takes milliseconds. A longer one, which a candidate can return with
# millions of digits, is shown by its digit count and its first and last digits, found without
# converting it (see _leading_digits).
FULL_INT_BITS = 100_000
EDGE_DIGITS = 10


@dataclass(frozen=True, slots=True)
class IntDigits:
    """An int's decimal digits as a report shows them: how many, the first and the last."""

    negative: bool
    count: int
    head: str
    tail: str  # empty when ``head`` holds every digit

    def __str__(self) -> str:
        sign = "-" if self.negative else ""
        if not self.tail:
            return sign + self.head
        return f"{sign}{self.head}…{self.tail} ({self.count} digits)"


def int_to_decimal(number: int) -> str:
    """The decimal digits of any int, however long (in chunks below the digit limit).

    Quadratic in the length: for ints of at most FULL_INT_BITS bits; ``int_digits`` for others.
    """
    if number < 0:
        return "-" + int_to_decimal(-number)
    chunks = []
    while number >= _CHUNK:
        number, low = divmod(number, _CHUNK)
        chunks.append(str(low).zfill(_CHUNK_DIGITS))
    chunks.append(str(number))
    return "".join(reversed(chunks))


def int_digits(number: int, edge: int = EDGE_DIGITS) -> IntDigits:
    """The digit count and the first and last ``edge`` digits (all of them when that is all)."""
    magnitude = abs(number)
    if magnitude.bit_length() <= FULL_INT_BITS:
        text = int_to_decimal(magnitude)
        if len(text) <= 2 * edge:
            return IntDigits(number < 0, len(text), text, "")
        return IntDigits(number < 0, len(text), text[:edge], text[-edge:])
    count, head = _leading_digits(magnitude, edge)
    tail = str(magnitude % 10**edge).zfill(edge)
    return IntDigits(number < 0, count, head, tail)


def int_text(number: int) -> str:
    """An int as a report writes it: every digit, or for a huge one its count and edges."""
    if abs(number).bit_length() <= FULL_INT_BITS:
        return int_to_decimal(number)
    return str(int_digits(number))


def _leading_digits(number: int, edge: int) -> tuple[int, str]:
    """The digit count and first ``edge`` digits of a positive int, in time near its bit length.

    ``number`` lies in [top, top + 1) x 2**shift for its top bits: when both ends have the same
    count and first digits, so has it (a few hundred bits decide, but for a number within a
    hair of a round one, like 10**k - 1). Else the exact conversion decides.
    """
    bits = number.bit_length()
    for top_bits in (4 * edge + 256, 16 * edge + 4096):
        shift = bits - top_bits
        top = number >> shift
        context = decimal.Context(prec=top_bits // 3 + 20, Emax=decimal.MAX_EMAX)
        scale = context.power(decimal.Decimal(2), shift)
        margin = decimal.Decimal(10) ** -(context.prec - 10)  # far above every op's rounding
        low = context.multiply(context.multiply(top, scale), 1 - margin)
        high = context.multiply(context.multiply(top + 1, scale), 1 + margin)
        if low.adjusted() == high.adjusted():
            low_head, high_head = _first_digits(low, edge), _first_digits(high, edge)
            if low_head == high_head:
                return low.adjusted() + 1, low_head
    text = str(_exact_decimal(number))
    return len(text), text[:edge]


def _first_digits(value: decimal.Decimal, count: int) -> str:
    digits = value.as_tuple().digits
    return "".join(map(str, digits[:count])).ljust(count, "0")


def _exact_decimal(number: int) -> decimal.Decimal:
    """A positive int as an exact Decimal, by halves: libmpdec multiplies big numbers in
    near-linear time, where int-to-str in CPython 3.11 is quadratic (as in 3.12's _pylong)."""
    powers: dict[int, decimal.Decimal] = {}

    def power_of_two(bits: int) -> decimal.Decimal:
        if bits not in powers:
            if bits <= 128:
                powers[bits] = decimal.Decimal(2**bits)
            else:
                half = bits >> 1
                powers[bits] = power_of_two(half) * power_of_two(bits - half)
        return powers[bits]

    def convert(part: int, bits: int) -> decimal.Decimal:
        if bits <= 128:
            return decimal.Decimal(part)
        half = bits >> 1
        high = part >> half
        return convert(part - (high << half), half) + convert(high, bits - half) * power_of_two(
            half
        )

    with decimal.localcontext() as context:
        context.prec, context.Emax = decimal.MAX_PREC, decimal.MAX_EMAX
        context.traps[decimal.Inexact] = True
        return convert(number, number.bit_length())


def value_repr(value: Any) -> str:
    """The value as Python source (``(0, 5)``, ``[1, 'a']``); an Opaque value as ``<generator>``."""
    if isinstance(value, Opaque):
        return f"<{value.type_name}>"
    if type(value) is int:
        return int_text(value)
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
