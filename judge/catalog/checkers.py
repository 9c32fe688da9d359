"""How an answer is judged: equal to the reference's, or accepted by a checker (issue #20).

A checker is trusted code that reads untrusted values. What it reads arrives over the sandbox
wire as plain data (int, bool, float, str, bytes, None, list, tuple, dict) or as
``sandbox.base.Opaque``, already capped in size and depth by the worker's encoding, so a checker
never calls a candidate object's method; but it must still survive any such value: the wrong
type, a huge list, a deeply nested one. ``judge`` runs every checker through ``run_checker``,
which turns a checker that raises on a hostile value into a rejection, never a judge crash.

The reference's answer is still computed and shown: for a checker other than Exact it is one
right answer ("expected: e.g."), not the only one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Protocol

from judge.catalog.compare import answers_equal
from sandbox.base import Opaque

Args = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Checked:
    """A checker's decision on one answer, and for a rejection why, in the spec's words."""

    accepted: bool
    message: str = ""


ACCEPTED = Checked(True)


class Checker(Protocol):
    """Decides whether ``actual`` is a right answer for ``args`` (``expected``: the reference's)."""

    @property
    def kind(self) -> str:
        """A stable name for reports and the JSON schema: "exact", "unordered", ..."""
        ...

    @property
    def unique(self) -> bool:
        """Whether the reference's answer is the only right one (reports say "expected")."""
        ...

    def check(self, args: Args, expected: Any, actual: Any) -> Checked:
        """The decision on ``actual``."""
        ...


@dataclass(frozen=True, slots=True)
class Exact:
    """The answer must equal the reference's, type for type (judge.catalog.compare)."""

    kind: str = "exact"
    unique: bool = True

    def check(self, args: Args, expected: Any, actual: Any) -> Checked:
        """Accepted when equal to the reference's answer."""
        return ACCEPTED if answers_equal(expected, actual) else Checked(False)


@dataclass(frozen=True, slots=True)
class Unordered:
    """A list whose elements, in any order, are the reference's (a multiset comparison).

    ``levels`` 2 also lets each element (a list) hold its items in any order: groups of anagrams,
    the groups in any order and each group in any order.
    """

    levels: int = 1
    kind: str = "unordered"
    unique: bool = False

    def __post_init__(self) -> None:
        if self.levels < 1:
            raise ValueError(f"Unordered needs at least one level, got {self.levels!r}")

    def check(self, args: Args, expected: Any, actual: Any) -> Checked:
        """Accepted when ``actual`` holds the same elements as ``expected``, in any order."""
        if type(actual) is not type(expected) or not isinstance(actual, list):
            return Checked(False, f"returned {_type_name(actual)}, expected a list")
        if len(actual) != len(expected):
            return Checked(False, f"returned {len(actual)} elements, expected {len(expected)}")
        want, got = _multiset(expected, self.levels), _multiset(actual, self.levels)
        if want is None or got is None:
            return Checked(False, "an element is not a list where a list of items was expected")
        if want != got:
            return Checked(False, _multiset_difference(want, got))
        return ACCEPTED


def NestedUnordered() -> Unordered:  # noqa: N802 - reads as the checker's name, like a class
    """Groups in any order, each group's items in any order (group anagrams)."""
    return Unordered(levels=2, kind="nested_unordered")


@dataclass(frozen=True, slots=True)
class Tolerance:
    """A float within ``abs_tol`` or ``rel_tol`` (relative to the reference's) of the reference's.

    An int is accepted where a float is expected (2 for 2.0); a bool never is. NaN is right only
    where the reference answered NaN, and an infinity only where the reference's is the same.
    """

    abs_tol: float = 1e-9
    rel_tol: float = 1e-9
    kind: str = "tolerance"
    unique: bool = False

    def __post_init__(self) -> None:
        if not (self.abs_tol >= 0 and self.rel_tol >= 0) or self.abs_tol == self.rel_tol == 0:
            raise ValueError(f"a tolerance must be non-negative and not all zero, got {self!r}")

    def check(self, args: Args, expected: Any, actual: Any) -> Checked:
        """Accepted when ``actual`` is a number close enough to ``expected``."""
        if type(actual) not in (float, int):
            return Checked(False, f"returned {_type_name(actual)}, expected a float")
        try:
            value = float(actual)
        except OverflowError:  # an int too large for a float is far from any float answer
            return Checked(False, "returned an int too large to be a float")
        if math.isnan(expected) or math.isnan(value):
            return ACCEPTED if math.isnan(expected) and math.isnan(value) else Checked(False)
        if math.isinf(expected) or math.isinf(value):
            return ACCEPTED if expected == value else Checked(False)
        error = abs(value - expected)
        if error <= max(self.abs_tol, self.rel_tol * abs(expected)):
            return ACCEPTED
        return Checked(
            False,
            f"off by {error:.3g}, more than the tolerance "
            f"(absolute {self.abs_tol:g}, relative {self.rel_tol:g})",
        )


CheckFunction = Callable[[Args, Any], "Checked | bool"]


@dataclass(frozen=True, slots=True)
class Custom:
    """An author's checker ``(args, answer) -> Checked | bool``: for answers no comparison can
    judge ("any pair of indices whose numbers add up to target").

    The function must accept any value (see the module docstring): ``run_checker`` rejects the
    answer when it raises, so a sloppy check costs the candidate, never the judge.
    """

    function: CheckFunction
    kind: str = "custom"
    unique: bool = False

    def check(self, args: Args, expected: Any, actual: Any) -> Checked:
        """The author's decision."""
        decision = self.function(args, actual)
        if isinstance(decision, Checked):
            return decision
        return ACCEPTED if decision is True else Checked(False)


EXACT = Exact()


def run_checker(checker: Checker, args: Args, expected: Any, actual: Any) -> Checked:
    """The checker's decision; a rejection when the answer is Opaque or the checker raises on it.

    RecursionError and MemoryError are caught too: the answer's depth and size are what a
    hostile candidate controls.
    """
    if _holds_opaque(actual):
        return Checked(False, f"returned {_type_name(actual)}, which the judge cannot read")
    try:
        return checker.check(args, expected, actual)
    except (Exception, RecursionError, MemoryError) as exc:
        return Checked(False, f"the checker could not read the answer ({type(exc).__name__})")


# ---- multisets ---------------------------------------------------------------------------


def _canonical(value: Any) -> Hashable:
    """A hashable stand-in that keeps every type apart (True vs 1, (1,) vs [1], NaN = NaN)."""
    kind = type(value)
    if kind is list or kind is tuple:
        return (kind.__name__, tuple(_canonical(item) for item in value))
    if kind is dict:
        return ("dict", frozenset((_canonical(k), _canonical(v)) for k, v in value.items()))
    if kind is float and math.isnan(value):
        return ("float", "nan")
    return (kind.__name__, value)


def _multiset(values: list[Any], levels: int) -> Counter[Hashable] | None:
    """The elements of ``values`` counted; below the first level, each element as a multiset."""
    if levels == 1:
        return Counter(_canonical(value) for value in values)
    counted: Counter[Hashable] = Counter()
    for value in values:
        if type(value) is not list:
            return None
        inner = _multiset(value, levels - 1)
        if inner is None:
            return None
        counted[("multiset", frozenset(inner.items()))] += 1
    return counted


def _multiset_difference(want: Counter[Hashable], got: Counter[Hashable]) -> str:
    missing, extra = sum((want - got).values()), sum((got - want).values())
    return f"{missing} expected element(s) missing, {extra} unexpected"


def _holds_opaque(value: Any) -> bool:
    """Whether an Opaque (an object the wire could not carry) sits anywhere in ``value``."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Opaque):
            return True
        if type(item) in (list, tuple):
            stack.extend(item)
        elif type(item) is dict:
            stack.extend(item.keys())
            stack.extend(item.values())
    return False


def _type_name(value: Any) -> str:
    if isinstance(value, Opaque):
        return f"a {value.type_name}"
    return "None" if value is None else f"a {type(value).__name__}"
