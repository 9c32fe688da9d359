"""The candidate's own constants, mixed into the inputs Hypothesis draws.

A planted special case (``if n == 1729: return 5``) or an off-by-one threshold
(``if len(s) > 37``) hides from random inputs: Hypothesis draws constants from the source of the
modules it imports, never from the candidate's file. The judge reads that file's literals from
its AST, on the trusted side and without running it, and substitutes them into drawn inputs,
but only where the task's declared domain (``Task.domain``) still holds.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from judge.catalog.problem import Args, Group, Task

# A hostile file may hold thousands of constants; the simplest ones are kept.
_MAX_LITERALS = 64
# Longer strings are skipped: they are data, not a special case worth an input of its own.
_MAX_STRING_LENGTH = 200
# An int literal also stands for a length (``len(s) > 37``) up to this size.
_MAX_LENGTH = 1000
# Hypothesis draws these in every range that holds them (it starts from the simplest values):
# mixing them in would only take draws away from the rest.
_DRAWN_ANYWAY = range(-2, 3)


@dataclass(frozen=True, slots=True)
class Literals:
    """The ints (with their neighbours n - 1 and n + 1) and strings a source mentions."""

    ints: tuple[int, ...] = ()
    strings: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.ints or self.strings)


NO_LITERALS = Literals()


def source_literals(source: str) -> Literals:
    """The literals of ``source``, simplest first; none when it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return NO_LITERALS
    docstrings = {id(node) for node in _docstrings(tree)}
    ints: set[int] = set()
    strings: set[str] = set()
    for node in ast.walk(tree):  # iterative: a deeply nested file cannot overflow the stack
        value = _constant(node)
        if isinstance(value, int):
            ints.update((value - 1, value, value + 1))
        elif isinstance(value, str) and id(node) not in docstrings and _usable(value):
            strings.add(value)
    # Sorted simplest first: the shrinker moves towards the first literal, so a counterexample
    # shows the smallest constant that still breaks the code.
    ints.difference_update(_DRAWN_ANYWAY)
    return Literals(
        ints=tuple(sorted(ints, key=lambda n: (abs(n), n < 0))[:_MAX_LITERALS]),
        strings=tuple(sorted(strings, key=lambda s: (len(s), s))[:_MAX_LITERALS]),
    )


def _constant(node: ast.AST) -> object:
    """The int or str a node spells (``-5`` included), or None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        operand = _constant(node.operand) if isinstance(node.operand, ast.Constant) else None
        return -operand if isinstance(operand, int) else None
    if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
        return None
    return node.value if isinstance(node.value, int | str) else None


def _usable(text: str) -> bool:
    """A string short enough to be a special case, with no lone surrogate (no input can carry
    one to the sandbox)."""
    if not 0 < len(text) <= _MAX_STRING_LENGTH:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _docstrings(tree: ast.Module) -> Iterator[ast.AST]:
    """The docstring nodes of the module, its classes and functions: prose, not special cases."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            yield body[0].value


def with_literals(
    task: Task, literals: Literals, group: Group = Group.INTERVIEW
) -> st.SearchStrategy[Args]:
    """The arguments of the task's ``group``, half of the time with one literal substituted in
    one place.

    The places are typed: an int literal replaces an int, is inserted into a list of ints, or
    sets the length of a string or a list; a string literal is inserted into a string. A
    substitution that leaves the task's domain, or the group's sizes, is dropped. Without a
    declared domain, or without literals, the group's own strategy is returned unchanged.
    """
    arguments = task.group_arguments(group)
    if task.domain is None or not literals:
        return arguments
    return _mixed(arguments, literals, functools.partial(task.in_group, group))


@st.composite
def _mixed(
    draw: st.DrawFn,
    arguments: st.SearchStrategy[Args],
    literals: Literals,
    domain: Callable[[Args], bool],
) -> Args:
    # Drawn before the arguments, and False shrinks first: a failure that needs no literal is
    # reported without one.
    mixing = draw(st.booleans())
    args = draw(arguments)
    if not mixing:
        return args
    pool: tuple[int | str, ...] = (*literals.ints, *literals.strings)
    literal = draw(st.sampled_from(pool))
    if not _places(args, literal):
        return args
    mixed = _substituted(draw, args, literal)
    return mixed if domain(mixed) else args


Edit = Callable[[st.DrawFn], Any]


def _substituted(draw: st.DrawFn, value: Any, literal: int | str) -> Any:
    """``value`` with ``literal`` put in one place, chosen one level at a time.

    Each level splits the chances evenly: an LRU cache's capacity is as likely a place as all
    of its operations together, however many there are.
    """
    places = _places(value, literal)
    place = draw(st.sampled_from(places))
    if not isinstance(place, int):
        return place(draw)
    items = list(value)
    items[place] = _substituted(draw, items[place], literal)
    return tuple(items) if isinstance(value, tuple) else items


def _places(value: Any, literal: int | str) -> list[Edit | int]:
    """Where ``literal`` can go in ``value``: edits of the value itself, then the indices of
    the items that have a place for it. Only typed places: an int replaces an int, goes into a
    list of ints or sets a string's or list's length; a string goes into a string."""
    places: list[Edit | int] = []
    if isinstance(value, bool):
        return places
    if isinstance(value, int) and isinstance(literal, int):
        places.append(lambda _draw: literal)
    elif isinstance(value, str):
        if isinstance(literal, str):
            places.append(_inserted(value, literal))
        elif value and 0 <= literal <= _MAX_LENGTH:
            places.append(lambda _draw: _cycled(value, literal))
    elif isinstance(value, list | tuple):
        if isinstance(value, list) and isinstance(literal, int):
            if all(isinstance(item, int) and not isinstance(item, bool) for item in value):
                places.append(_inserted(value, [literal]))
            if value and 0 <= literal <= _MAX_LENGTH:
                places.append(lambda _draw: _cycled(value, literal))
        places += [index for index, item in enumerate(value) if _places(item, literal)]
    return places


def _inserted(sequence: Any, piece: Any) -> Edit:
    """An edit putting ``piece`` into ``sequence`` at a drawn position (the start shrinks first)."""

    def edit(draw: st.DrawFn) -> Any:
        position = draw(st.integers(min_value=0, max_value=len(sequence)))
        return sequence[:position] + piece + sequence[position:]

    return edit


def _cycled(sequence: Any, length: int) -> Any:
    """``sequence`` repeated or cut to exactly ``length`` items."""
    return (sequence * (length // len(sequence) + 1))[:length]
