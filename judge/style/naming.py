"""One-letter names, as a reviewer flags them: with a new name that fits the code around them.

Not flagged: ``_``; lambda parameters (their scope is one expression); the names the problem's
contract itself uses (``gcd(a, b)``); and loop and comprehension variables with a conventional
name: ``i``, ``j`` (indices), ``k`` and ``v`` (a key and its value), ``x`` and ``y`` (elements),
``n`` (a number), ``c`` (a character) and ``w`` (a word). Everything else gets a rename hint read
from how the name is bound: ``for e in words`` suggests ``word``, ``r = a % b`` ``remainder``,
``for t in str(n)`` ``digit``; where nothing can be read, the hint quotes the binding itself.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from judge.report import ReviewComment

CONVENTIONAL_LOOP_NAMES = frozenset({"_", "i", "j", "k", "v", "x", "y", "n", "c", "w"})
# ruff reports these one-letter names itself (E741, ambiguous with 1 and 0).
_AMBIGUOUS = frozenset({"l", "O", "I"})
_SNIPPET_CHARS = 60

# What a call's result holds, by the called name.
_CALL_NAMES = {
    "sum": "total",
    "len": "length",
    "max": "largest",
    "min": "smallest",
    "Counter": "counts",
    "defaultdict": "groups",
    "set": "seen",
    "dict": "mapping",
    "list": "items",
    "deque": "queue",
    "str": "text",
    "int": "number",
    "sorted": "ordered",
    "abs": "magnitude",
    "range": "indices",
    "split": "words",
    "join": "joined",
}
_OPERATOR_NAMES = {
    ast.Mod: "remainder",
    ast.FloorDiv: "quotient",
    ast.Div: "ratio",
    ast.Mult: "product",
    ast.Sub: "difference",
    ast.Add: "total",
}
# Augmented assignments that keep a running result (``s += int(c)``: a total).
_RUNNING = (ast.Add, ast.Mult)
_ANNOTATION_NAMES = {"str": "text", "int": "number", "float": "value", "list": "items"}
# Iterables whose elements are characters, and the word for an element of a dict view.
_TEXT_NAMES = frozenset({"s", "text", "string", "word", "line", "chars", "name"})
_VIEW_ELEMENTS = {"keys": "key", "values": "value"}


@dataclass(frozen=True, slots=True)
class Binding:
    """A name the module binds: where, how (its role), and what it is bound to."""

    name: str
    line: int
    role: str  # "function", "parameter", "lambda", "class", "loop" or "variable"
    suggestion: str | None  # a name that fits how it is bound, if one can be read
    snippet: str  # the binding as written, for a hint with no suggestion
    running: bool = False  # an augmented assignment that keeps a running result (s += x)


def one_letter_names(module: ast.Module, contract: frozenset[str]) -> list[ReviewComment]:
    """One comment per one-letter name, at its first binding (see the module docstring)."""
    comments = []
    seen: set[str] = set()
    every = sorted(bindings(module), key=lambda binding: binding.line)
    for binding in every:
        name = binding.name
        if len(name) != 1 or name in seen or name in _AMBIGUOUS:
            continue
        if binding.role == "loop" and name in CONVENTIONAL_LOOP_NAMES:
            continue
        if binding.role == "lambda" or name == "_" or name in contract:
            continue
        seen.add(name)
        comments.append(
            ReviewComment(
                rule="one-letter-name",
                line=binding.line,
                what=f"the {binding.role} name `{name}` says nothing about what it holds",
                why="names are the first documentation a reader gets; a letter makes them "
                "keep the meaning in their head",
                fix=_fix(_best(binding, every)),
            )
        )
    return comments


def _best(first: Binding, every: list[Binding]) -> Binding:
    """The binding of the same name and role that says most about it: a running total
    (``s += int(c)``) says more than its start (``s = 0``)."""
    same = [b for b in every if b.name == first.name and b.role == first.role and b.suggestion]
    running = [b for b in same if b.running]
    return (running or same or [first])[0]


def _fix(binding: Binding) -> str:
    if binding.suggestion is not None and binding.suggestion != binding.name:
        return (
            f"rename `{binding.name}` to what it holds, e.g. `{binding.suggestion}`"
            f" (from `{binding.snippet}`)"
        )
    if binding.role in ("function", "class"):
        made = "returns" if binding.role == "function" else "stands for"
        return f"name `{binding.name}` after what it {made}: `{binding.snippet}`"
    return f"rename `{binding.name}` after what it holds in `{binding.snippet}`"


def bindings(module: ast.Module) -> Iterator[Binding]:
    """Every name the module binds, with a name that fits it where one can be read."""
    for node in ast.walk(module):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            head = f"def {node.name}({ast.unparse(node.args)})"
            yield Binding(node.name, node.lineno, "function", None, _short(head))
            arguments = node.args
            for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
                yield Binding(
                    argument.arg,
                    argument.lineno,
                    "parameter",
                    _from_annotation(argument.annotation),
                    _short(head),
                )
        elif isinstance(node, ast.Lambda):
            for argument in node.args.args:
                yield Binding(argument.arg, argument.lineno, "lambda", None, "")
        elif isinstance(node, ast.ClassDef):
            yield Binding(node.name, node.lineno, "class", None, f"class {node.name}")
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            snippet = _short(f"for {ast.unparse(node.target)} in {ast.unparse(node.iter)}")
            for name, suggestion in _loop_names(node.target, node.iter):
                yield Binding(name.id, name.lineno, "loop", suggestion, snippet)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
            yield from _assigned(node)


def _assigned(
    node: ast.Assign | ast.AnnAssign | ast.AugAssign | ast.NamedExpr,
) -> Iterator[Binding]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    value = node.value
    for target in targets:
        suggestion = None
        running = isinstance(node, ast.AugAssign) and isinstance(node.op, _RUNNING)
        if isinstance(node, ast.AugAssign):
            suggestion = _OPERATOR_NAMES.get(type(node.op)) if running else None
        elif isinstance(target, ast.Name) and value is not None:
            suggestion = _from_value(value)
        operator = _augmented(node)
        shown = f"{ast.unparse(target)} {operator} {ast.unparse(value)}" if value else ""
        for name in ast.walk(target):
            if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                yield Binding(name.id, name.lineno, "variable", suggestion, _short(shown), running)


def _augmented(node: ast.stmt | ast.expr) -> str:
    """The assignment operator as written: ``=``, ``+=``, ``:=``..."""
    if isinstance(node, ast.AugAssign):
        return ast.unparse(ast.BinOp(ast.Name("x"), node.op, ast.Name("y")))[2:-2] + "="
    return ":=" if isinstance(node, ast.NamedExpr) else "="


def _loop_names(target: ast.expr, iterable: ast.expr) -> Iterator[tuple[ast.Name, str | None]]:
    """Each name a loop binds, with the name of what it walks over where that can be read."""
    if isinstance(target, ast.Name):
        yield target, _element(iterable)
        return
    if isinstance(target, ast.Tuple | ast.List):
        parts = _tuple_elements(iterable, len(target.elts))
        for element, suggestion in zip(target.elts, parts, strict=True):
            if isinstance(element, ast.Name):
                yield element, suggestion
            else:
                yield from ((name, None) for name in _names(element))
        return
    yield from ((name, None) for name in _names(target))


def _names(node: ast.expr) -> Iterator[ast.Name]:
    return (name for name in ast.walk(node) if isinstance(name, ast.Name))


def _tuple_elements(iterable: ast.expr, count: int) -> list[str | None]:
    """Names for the parts of a tuple each element of ``iterable`` unpacks into."""
    if isinstance(iterable, ast.Call) and count == 2:
        called = _called(iterable)
        if called == "enumerate" and iterable.args:
            return ["index", _element(iterable.args[0])]
        if called == "items":
            return ["key", "value"]
    if isinstance(iterable, ast.Call) and _called(iterable) == "zip":
        parts = [_element(arg) for arg in iterable.args]
        if len(parts) == count:
            return parts
    return [None] * count


def _element(iterable: ast.expr) -> str | None:
    """What one element of ``iterable`` is: ``words`` -> ``word``, ``str(n)`` -> ``digit``."""
    if isinstance(iterable, ast.Call):
        called = _called(iterable)
        if called == "range":
            return "index"
        if called == "str":
            return "digit"
        if called == "split":
            return "word"
        if called in _VIEW_ELEMENTS:
            return _VIEW_ELEMENTS[called]
        if called in ("reversed", "sorted", "set", "list", "tuple") and iterable.args:
            return _element(iterable.args[0])
        return None
    name = _plain_name(iterable)
    if name is None:
        return None
    if name in _TEXT_NAMES:
        return "char"
    return _singular(name)


def _singular(plural: str) -> str | None:
    """``words`` -> ``word``, ``matches`` -> ``match``, ``entries`` -> ``entry``; else None."""
    if len(plural) < 3 or not plural.endswith("s") or plural.endswith("ss"):
        return None
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    if plural.endswith(("ches", "shes", "xes", "sses")):
        return plural[:-2]
    return plural[:-1]


def _from_value(value: ast.expr) -> str | None:
    """What an assigned value holds, read from its shape."""
    if isinstance(value, ast.Call):
        return _CALL_NAMES.get(_called(value) or "")
    if isinstance(value, ast.BinOp):
        return _OPERATOR_NAMES.get(type(value.op))
    if isinstance(value, ast.List | ast.ListComp):
        return "items"
    if isinstance(value, ast.Dict | ast.DictComp):
        return "mapping"
    if isinstance(value, ast.Set | ast.SetComp):
        return "seen"
    if isinstance(value, ast.Compare | ast.BoolOp):
        return "found"
    if isinstance(value, ast.Constant) and type(value.value) is int:
        return "count"
    return None


def _from_annotation(annotation: ast.expr | None) -> str | None:
    name = _plain_name(annotation) if annotation is not None else None
    if isinstance(annotation, ast.Subscript):
        name = _plain_name(annotation.value)
    return _ANNOTATION_NAMES.get(name or "")


def _called(call: ast.Call) -> str | None:
    """The name of the called function or method: ``str`` in ``str(n)``, ``split`` in
    ``text.split()``."""
    return _plain_name(call.func)


def _plain_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _short(code: str) -> str:
    """The binding as written, cut to a readable length."""
    one_line = " ".join(code.split())
    if len(one_line) <= _SNIPPET_CHARS:
        return one_line
    return one_line[: _SNIPPET_CHARS - 3] + "..."
