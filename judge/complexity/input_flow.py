"""What a function's code says about its input: which names hold it (or something as large)
and which container each name is, read from the AST without running anything.

A name holds the input when it is a parameter, a container the function fills (append, add,
``d[key] = ...``), or is computed from such a name by an expression that keeps its size (a copy,
a slice, ``list(...)``, ``str(n)``, a comprehension over it...). For a class task the instance's
containers (``self.order = []``) hold the input too. judge.complexity.hints builds its rules on
this.
"""

from __future__ import annotations

import ast
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field


class Container(enum.Enum):
    """What a name holds, as far as the code shows."""

    LIST = "list"
    TUPLE = "tuple"
    STR = "str"
    SET = "set"
    DICT = "dict"
    DEQUE = "deque"
    NUMBER = "number"


# Membership, removal and lookup in these cost O(1).
HASHED = frozenset({Container.SET, Container.DICT})

# Calls whose result keeps the size of their argument.
SIZE_KEEPING_CALLS = frozenset(
    {
        "list", "tuple", "set", "frozenset", "sorted", "reversed", "dict", "str", "bin", "hex",
        "oct", "enumerate", "zip", "map", "filter", "Counter", "deque", "OrderedDict", "iter",
        "bytearray", "bytes",
    }
)  # fmt: skip
SIZE_KEEPING_METHODS = frozenset(
    {
        "split", "copy", "keys", "values", "items", "strip", "lstrip", "rstrip", "lower", "upper",
        "replace", "splitlines", "encode", "decode", "join",
    }
)  # fmt: skip
GROWING_METHODS = frozenset(
    {"append", "appendleft", "add", "extend", "insert", "update", "setdefault"}
)
# Calls and annotations that say which container a name holds.
_CONSTRUCTORS = {
    "list": Container.LIST,
    "sorted": Container.LIST,
    "tuple": Container.TUPLE,
    "str": Container.STR,
    "set": Container.SET,
    "frozenset": Container.SET,
    "dict": Container.DICT,
    "Counter": Container.DICT,
    "defaultdict": Container.DICT,
    "OrderedDict": Container.DICT,
    "deque": Container.DEQUE,
    "int": Container.NUMBER,
    "len": Container.NUMBER,
    "sum": Container.NUMBER,
}
_ANNOTATIONS = {
    "list": Container.LIST,
    "List": Container.LIST,
    "tuple": Container.TUPLE,
    "Tuple": Container.TUPLE,
    "str": Container.STR,
    "set": Container.SET,
    "Set": Container.SET,
    "frozenset": Container.SET,
    "dict": Container.DICT,
    "Dict": Container.DICT,
    "int": Container.NUMBER,
    "float": Container.NUMBER,
    "deque": Container.DEQUE,
}


def instance_attributes(cls: ast.ClassDef) -> dict[str, Container | None]:
    """``self.x`` containers assigned anywhere in the class, with their known type."""
    attributes: dict[str, Container | None] = {}
    for node in ast.walk(cls):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if (
                    isinstance(target, ast.Attribute)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "self"
                    and node.value is not None
                ):
                    kind = built_type(node.value, {})
                    if kind not in (None, Container.NUMBER) or target.attr in attributes:
                        attributes[target.attr] = kind
    return attributes


def built_type(node: ast.expr, types: dict[str, Container | None]) -> Container | None:
    """The container type an expression builds, when its shape says so."""
    match node:
        case ast.List() | ast.ListComp():
            return Container.LIST
        case ast.Tuple():
            return Container.TUPLE
        case ast.Set() | ast.SetComp():
            return Container.SET
        case ast.Dict() | ast.DictComp():
            return Container.DICT
        case ast.JoinedStr():
            return Container.STR
        case ast.Constant(value=str()):
            return Container.STR
        case ast.Constant(value=int() | float()) if not isinstance(node.value, bool):
            return Container.NUMBER
        case ast.Call(func=ast.Name(id=name)) if name in _CONSTRUCTORS:
            return _CONSTRUCTORS[name]
        case ast.Call(func=ast.Attribute(attr=attr, value=value)):
            if attr in {"split", "splitlines"}:
                return Container.LIST
            if attr == "join" or (
                attr in SIZE_KEEPING_METHODS and built_type(value, types) == Container.STR
            ):
                return Container.STR
            if attr in {"Counter", "defaultdict", "OrderedDict"}:
                return Container.DICT
            if attr == "deque":
                return Container.DEQUE
            return None
        case ast.Subscript(value=value, slice=ast.Slice()):
            return built_type(value, types)
        case ast.BinOp(left=left, op=ast.Add() | ast.Mult()):
            return built_type(left, types)
        case ast.Name(id=name):
            return types.get(name)
        case ast.Attribute(value=ast.Name(id="self"), attr=attr):
            return types.get(f"self.{attr}")
    return None


def annotation_type(annotation: ast.expr | None) -> Container | None:
    """The container a parameter's annotation names (``list[int]`` -> LIST)."""
    match annotation:
        case ast.Name(id=name):
            return _ANNOTATIONS.get(name)
        case ast.Subscript(value=ast.Name(id=name)):
            return _ANNOTATIONS.get(name)
    return None


def names(node: ast.AST) -> Iterator[str]:
    """Every name read in ``node``, ``self.x`` spelled as such."""
    for child in ast.walk(node):
        if isinstance(child, ast.Name):
            yield child.id
        elif (
            isinstance(child, ast.Attribute)
            and isinstance(child.value, ast.Name)
            and child.value.id == "self"
        ):
            yield f"self.{child.attr}"


def _target_names(target: ast.expr) -> Iterator[str]:
    for child in ast.walk(target):
        if isinstance(child, ast.Name):
            yield child.id


@dataclass
class InputFlow:
    """Which names of one function hold the input, and the container each name holds."""

    types: dict[str, Container | None] = field(default_factory=dict)
    scaling: set[str] = field(default_factory=set)  # names that hold the input, or as much

    @classmethod
    def of(
        cls,
        function: ast.FunctionDef | ast.AsyncFunctionDef,
        attributes: dict[str, Container | None],
    ) -> InputFlow:
        """The flow of ``function``, whose instance (for a method) has ``attributes``."""
        flow = cls()
        flow._infer(function, attributes)
        return flow

    def _infer(
        self,
        function: ast.FunctionDef | ast.AsyncFunctionDef,
        attributes: dict[str, Container | None],
    ) -> None:
        arguments = function.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        for argument in every:
            if argument.arg in {"self", "cls"}:
                continue
            self.scaling.add(argument.arg)
            self.types[argument.arg] = annotation_type(argument.annotation)
        for name, kind in attributes.items():
            self.types[f"self.{name}"] = kind
            if kind is not None:
                self.scaling.add(f"self.{name}")
        assignments = [
            node
            for node in ast.walk(function)
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
        ]
        for node in assignments:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is None:
                continue
            kind = built_type(node.value, self.types)
            if isinstance(node, ast.AnnAssign):
                kind = annotation_type(node.annotation) or kind
            for target in targets:
                if isinstance(target, ast.Name) and target.id not in self.types:
                    self.types[target.id] = kind
        # A container filled inside the function (append, add, d[key] = ...) grows with the
        # input as much as the loops that fill it.
        for child in ast.walk(function):
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and isinstance(child.func.value, ast.Name)
                and child.func.attr in GROWING_METHODS
            ):
                self.scaling.add(child.func.value.id)
            elif (
                isinstance(child, ast.Subscript)
                and isinstance(child.ctx, ast.Store)
                and isinstance(child.value, ast.Name)
            ):
                self.scaling.add(child.value.id)
        changed = True
        while changed:  # names computed from the input, to a fixed point
            changed = False
            for node in assignments:
                if node.value is None or not self.keeps_size(node.value):
                    continue
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in _target_names(target):
                        if name not in self.scaling:
                            self.scaling.add(name)
                            changed = True

    def keeps_size(self, node: ast.expr) -> bool:
        """True when ``node`` is as large as some input (a copy, slice, comprehension...)."""
        match node:
            case ast.Name(id=name):
                return name in self.scaling
            case ast.Attribute(value=ast.Name(id="self"), attr=attr):
                return f"self.{attr}" in self.scaling
            case ast.Subscript(value=value, slice=ast.Slice()):
                return self.keeps_size(value)
            case ast.Call(func=ast.Name(id=name), args=[first, *_]) if name in SIZE_KEEPING_CALLS:
                return self.keeps_size(first)
            case ast.Call(func=ast.Attribute(attr=attr, value=value), args=args):
                if attr == "join" and args:
                    return self.keeps_size(args[0])
                return attr in SIZE_KEEPING_METHODS and self.keeps_size(value)
            case ast.BinOp(left=left, right=right):
                return self.keeps_size(left) or self.keeps_size(right)
            case ast.ListComp() | ast.SetComp() | ast.GeneratorExp() | ast.DictComp():
                return any(self.keeps_size(gen.iter) for gen in node.generators)
            case ast.IfExp(body=body, orelse=orelse):
                return self.keeps_size(body) or self.keeps_size(orelse)
        return False

    def is_input(self, node: ast.expr) -> bool:
        """True when a loop over ``node`` runs once per element (or digit) of the input."""
        match node:
            case ast.Call(func=ast.Name(id="range"), args=args):
                return any(self.mentions_input(arg) for arg in args)
            case ast.Call(func=ast.Name(id="enumerate" | "reversed" | "zip"), args=args):
                return any(self.is_input(arg) for arg in args)
        return self.keeps_size(node)

    def mentions_input(self, node: ast.AST) -> bool:
        """True when ``node`` reads a name that holds the input."""
        return any(name in self.scaling for name in names(node))

    def type_of(self, node: ast.expr) -> Container | None:
        """The container ``node`` evaluates to, when the code shows it."""
        return built_type(node, self.types)
