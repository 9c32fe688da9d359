"""The candidate's own constants, mixed into the inputs Hypothesis draws.

A planted special case (``if n == 1729: return 5``) or an off-by-one threshold
(``if len(s) > 37``) hides from random inputs: Hypothesis draws constants from the source of the
modules it imports, never from the candidate's file. The judge reads that file's literals from
its AST, on the trusted side and without running it, and substitutes them into drawn inputs,
but only where the task's declared domain (``Task.domain``) still holds.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from judge.problem import Args, Task

# A hostile file may hold thousands of constants; the simplest ones are kept.
_MAX_LITERALS = 64
# Longer strings are skipped: they are data, not a special case worth an input of its own.
_MAX_STRING_LENGTH = 200
# An int literal also stands for a length (``len(s) > 37``) up to this size.
_MAX_LENGTH = 1000

Path = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Literals:
    """The ints (with their neighbours n - 1 and n + 1) and strings a source mentions."""

    ints: tuple[int, ...] = ()
    strings: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.ints or self.strings)


def source_literals(source: str) -> Literals:
    """The literals of ``source``, simplest first; none when it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return Literals()
    docstrings = {id(node) for node in _docstrings(tree)}
    ints: set[int] = set()
    strings: set[str] = set()
    for node in ast.walk(tree):  # iterative: a deeply nested file cannot overflow the stack
        value = _constant(node)
        if isinstance(value, int):
            ints.update((value - 1, value, value + 1))
        elif isinstance(value, str) and id(node) not in docstrings:
            if 0 < len(value) <= _MAX_STRING_LENGTH and _sendable(value):
                strings.add(value)
    # Sorted simplest first: the shrinker moves towards the first literal, so a counterexample
    # shows the smallest constant that still breaks the code.
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


def _sendable(text: str) -> bool:
    """False for a string with lone surrogates: no input can carry one to the sandbox."""
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


def with_literals(task: Task, literals: Literals) -> st.SearchStrategy[Args]:
    """The task's arguments, half of the time with one literal substituted in one place.

    The places are typed: an int literal replaces an int, is inserted into a list of ints, or
    sets the length of a string or a list; a string literal is inserted into a string. A
    substitution that leaves the task's domain is dropped. Without a declared domain, or
    without literals, the task's own strategy is returned unchanged.
    """
    if task.domain is None or not literals:
        return task.arguments
    domain = task.domain
    return _mixed(task.arguments, literals, domain)


@st.composite
def _mixed(
    draw: st.DrawFn,
    arguments: st.SearchStrategy[Args],
    literals: Literals,
    domain: Callable[[Args], bool],
) -> Args:
    args = draw(arguments)
    # False shrinks first: a failure that needs no literal is reported without one.
    if not draw(st.booleans()):
        return args
    literal = draw(st.sampled_from((*literals.ints, *literals.strings)))
    moves = list(_moves(args, literal))
    if not moves:
        return args
    path, edit = draw(st.sampled_from(moves))
    mixed = _replace_at(args, path, edit(draw))
    return mixed if domain(mixed) else args


Edit = Callable[[st.DrawFn], Any]


def _moves(value: Any, literal: int | str, path: Path = ()) -> Iterator[tuple[Path, Edit]]:
    """Every typed place ``literal`` can go in ``value``, with the edit that puts it there."""
    if isinstance(value, bool):
        return
    if isinstance(value, int) and isinstance(literal, int):
        yield path, lambda _draw: literal
    elif isinstance(value, str):
        if isinstance(literal, str):
            yield path, _inserted(value, literal)
        elif value and 0 <= literal <= _MAX_LENGTH:
            yield path, lambda _draw: _cycled(value, literal)
    elif isinstance(value, list | tuple):
        if isinstance(value, list) and isinstance(literal, int):
            if all(isinstance(item, int) and not isinstance(item, bool) for item in value):
                yield path, _inserted(value, [literal])
            if value and 0 <= literal <= _MAX_LENGTH:
                yield path, lambda _draw: _cycled(value, literal)
        for index, item in enumerate(value):
            yield from _moves(item, literal, (*path, index))


def _inserted(sequence: Any, piece: Any) -> Edit:
    """An edit putting ``piece`` into ``sequence`` at a drawn position (the start shrinks first)."""

    def edit(draw: st.DrawFn) -> Any:
        position = draw(st.integers(min_value=0, max_value=len(sequence)))
        return sequence[:position] + piece + sequence[position:]

    return edit


def _cycled(sequence: Any, length: int) -> Any:
    """``sequence`` repeated or cut to exactly ``length`` items."""
    return (sequence * (length // len(sequence) + 1))[:length]


def _replace_at(value: Any, path: Path, new: Any) -> Any:
    """A copy of ``value`` with the item at ``path`` replaced by ``new`` (tuples stay tuples)."""
    if not path:
        return new
    index, rest = path[0], path[1:]
    items = list(value)
    items[index] = _replace_at(items[index], rest, new)
    return tuple(items) if isinstance(value, tuple) else items
