"""Static complexity hints: code shapes that usually cost a factor of n, found in the AST.

The hints explain a measured slowdown; they never decide the class (judge.complexity measures
it). Only the task's own code is read: the task function (or, for a class task, its methods) and
the module-level functions it calls. Nothing is executed.

What counts as "the input": the task's parameters and every name computed from them by an
expression that keeps their size (a copy, a slice, ``list(...)``, ``str(n)``, a comprehension
over them...). A loop over the input is a ``for`` or comprehension over such a name, or a
``while`` whose condition reads one. For a class task every method body runs once per operation,
so it counts as already inside a loop over the input, and the instance's containers
(``self.order = []``) are the input.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from judge.model import Hint

# Calls that walk their whole (first) argument: O(n) each.
_SCANNING_CALLS = frozenset(
    {"sum", "max", "min", "sorted", "set", "list", "tuple", "any", "all", "dict", "Counter"}
)
_SORTING_CALLS = frozenset({"sorted"})
# Calls whose result keeps the size of their argument.
_SIZE_KEEPING_CALLS = frozenset(
    {
        "list", "tuple", "set", "frozenset", "sorted", "reversed", "dict", "str", "bin", "hex",
        "oct", "enumerate", "zip", "map", "filter", "Counter", "deque", "OrderedDict", "iter",
        "bytearray", "bytes",
    }
)  # fmt: skip
_SIZE_KEEPING_METHODS = frozenset(
    {
        "split", "copy", "keys", "values", "items", "strip", "lstrip", "rstrip", "lower", "upper",
        "replace", "splitlines", "encode", "decode", "join",
    }
)  # fmt: skip
_GROWING_METHODS = frozenset(
    {"append", "appendleft", "add", "extend", "insert", "update", "setdefault"}
)
_CACHE_DECORATORS = frozenset({"lru_cache", "cache"})
_MEMO_NAMES = frozenset({"memo", "cache", "seen", "dp", "table"})

# Known container types of names, from how they are built.
_LIST, _TUPLE, _STR, _SET, _DICT, _DEQUE, _NUMBER = (
    "list", "tuple", "str", "set", "dict", "deque", "number"
)  # fmt: skip
_CONSTRUCTOR_TYPES = {
    "list": _LIST, "sorted": _LIST, "tuple": _TUPLE, "str": _STR, "set": _SET,
    "frozenset": _SET, "dict": _DICT, "Counter": _DICT, "defaultdict": _DICT,
    "OrderedDict": _DICT, "deque": _DEQUE, "int": _NUMBER, "len": _NUMBER, "sum": _NUMBER,
}  # fmt: skip
_ANNOTATION_TYPES = {
    "list": _LIST, "List": _LIST, "tuple": _TUPLE, "Tuple": _TUPLE, "str": _STR, "set": _SET,
    "Set": _SET, "frozenset": _SET, "dict": _DICT, "Dict": _DICT, "int": _NUMBER,
    "float": _NUMBER, "deque": _DEQUE,
}  # fmt: skip
_HASHED = frozenset({_SET, _DICT})


def find_hints(source: str, entry: str, *, size_unit: str = "n") -> tuple[Hint, ...]:
    """Hints for the task ``entry`` (a function or class name) in ``source``, ordered by line.

    ``size_unit`` "digits" adds the hints about loops that count up to a number's value.
    """
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError):
        return ()
    functions = {
        node.name: node
        for node in module.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    classes = {node.name: node for node in module.body if isinstance(node, ast.ClassDef)}
    found: dict[tuple[str, int], Hint] = {}
    if entry in classes:
        cls = classes[entry]
        attributes = _instance_attributes(cls)
        roots = [
            (node, True, attributes)
            for node in cls.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name != "__init__"
        ]
    elif entry in functions:
        roots = [(functions[entry], False, {})]
    else:
        return ()
    visited: set[str] = set()
    queue = list(roots)
    while queue:
        function, per_operation, attributes = queue.pop()
        scan = _FunctionScan(source, function, per_operation, attributes, size_unit)
        for hint in scan.run():
            found.setdefault((hint.rule, hint.line), hint)
        for callee in sorted(scan.called & functions.keys()):
            if callee not in visited and callee != entry:
                visited.add(callee)
                # A helper is called from the task: treat its parameters as the input too.
                queue.append((functions[callee], per_operation, {}))
    return tuple(sorted(found.values(), key=lambda hint: (hint.line, hint.rule)))


def confirm_hints(hints: tuple[Hint, ...], *, confirmed: bool) -> tuple[Hint, ...]:
    """The hints marked as the cause of a measured slowdown (or not)."""
    return tuple(replace(hint, confirmed=confirmed) for hint in hints)


def _instance_attributes(cls: ast.ClassDef) -> dict[str, str | None]:
    """``self.x`` containers assigned anywhere in the class, with their known type."""
    attributes: dict[str, str | None] = {}
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
                    kind = _built_type(node.value, {})
                    if kind not in (None, _NUMBER) or target.attr in attributes:
                        attributes[target.attr] = kind
    return attributes


def _built_type(node: ast.expr, types: dict[str, str | None]) -> str | None:
    """The container type an expression builds, when its shape says so."""
    match node:
        case ast.List() | ast.ListComp():
            return _LIST
        case ast.Tuple():
            return _TUPLE
        case ast.Set() | ast.SetComp():
            return _SET
        case ast.Dict() | ast.DictComp():
            return _DICT
        case ast.JoinedStr():
            return _STR
        case ast.Constant(value=str()):
            return _STR
        case ast.Constant(value=int() | float()) if not isinstance(node.value, bool):
            return _NUMBER
        case ast.Call(func=ast.Name(id=name)) if name in _CONSTRUCTOR_TYPES:
            return _CONSTRUCTOR_TYPES[name]
        case ast.Call(func=ast.Attribute(attr=attr, value=value)):
            if attr in {"split", "splitlines"}:
                return _LIST
            if attr == "join" or (
                attr in _SIZE_KEEPING_METHODS and _built_type(value, types) == _STR
            ):
                return _STR
            if attr in {"Counter", "defaultdict", "OrderedDict"}:
                return _DICT
            if attr == "deque":
                return _DEQUE
            return None
        case ast.Subscript(value=value, slice=ast.Slice()):
            return _built_type(value, types)
        case ast.BinOp(left=left, op=ast.Add() | ast.Mult()):
            return _built_type(left, types)
        case ast.Name(id=name):
            return types.get(name)
        case ast.Attribute(value=ast.Name(id="self"), attr=attr):
            return types.get(f"self.{attr}")
    return None


def _annotation_type(annotation: ast.expr | None) -> str | None:
    match annotation:
        case ast.Name(id=name):
            return _ANNOTATION_TYPES.get(name)
        case ast.Subscript(value=ast.Name(id=name)):
            return _ANNOTATION_TYPES.get(name)
    return None


def _snippet(source: str, node: ast.AST, limit: int = 48) -> str:
    text = ast.get_source_segment(source, node) or ""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _names(node: ast.AST) -> Iterator[str]:
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
class _Loop:
    node: ast.AST
    over_input: bool


@dataclass
class _FunctionScan:
    """Walks one function, tracking the loops around each node."""

    source: str
    function: ast.FunctionDef | ast.AsyncFunctionDef
    per_operation: bool  # a class task's method: runs once per operation
    attributes: dict[str, str | None]
    size_unit: str
    called: set[str] = field(default_factory=set)
    types: dict[str, str | None] = field(default_factory=dict)
    scaling: set[str] = field(default_factory=set)
    loops: list[_Loop] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)

    def run(self) -> list[Hint]:
        """Infer types and input-derived names, then walk the body for hints."""
        self._infer()
        self._check_recursion()
        for statement in self.function.body:
            self._visit(statement)
        return self.hints

    # ---- what is the input --------------------------------------------------------------

    def _infer(self) -> None:
        arguments = self.function.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        for argument in every:
            if argument.arg in {"self", "cls"}:
                continue
            self.scaling.add(argument.arg)
            self.types[argument.arg] = _annotation_type(argument.annotation)
        for name, kind in self.attributes.items():
            self.types[f"self.{name}"] = kind
            if kind is not None:
                self.scaling.add(f"self.{name}")
        assignments = [
            node
            for node in ast.walk(self.function)
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)
        ]
        for node in assignments:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if node.value is None:
                continue
            kind = _built_type(node.value, self.types)
            if isinstance(node, ast.AnnAssign):
                kind = _annotation_type(node.annotation) or kind
            for target in targets:
                if isinstance(target, ast.Name) and target.id not in self.types:
                    self.types[target.id] = kind
        # A container filled inside the function (append, add, d[key] = ...) grows with the
        # input as much as the loops that fill it.
        for node in ast.walk(self.function):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.attr in _GROWING_METHODS
            ):
                self.scaling.add(node.func.value.id)
            elif (
                isinstance(node, ast.Subscript)
                and isinstance(node.ctx, ast.Store)
                and isinstance(node.value, ast.Name)
            ):
                self.scaling.add(node.value.id)
        changed = True
        while changed:  # names computed from the input, to a fixed point
            changed = False
            for node in assignments:
                if node.value is None or not self._keeps_size(node.value):
                    continue
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    for name in _target_names(target):
                        if name not in self.scaling:
                            self.scaling.add(name)
                            changed = True

    def _keeps_size(self, node: ast.expr) -> bool:
        """True when ``node`` is as large as some input (a copy, slice, comprehension...)."""
        match node:
            case ast.Name(id=name):
                return name in self.scaling
            case ast.Attribute(value=ast.Name(id="self"), attr=attr):
                return f"self.{attr}" in self.scaling
            case ast.Subscript(value=value, slice=ast.Slice()):
                return self._keeps_size(value)
            case ast.Call(func=ast.Name(id=name), args=[first, *_]) if name in _SIZE_KEEPING_CALLS:
                return self._keeps_size(first)
            case ast.Call(func=ast.Attribute(attr=attr, value=value), args=args):
                if attr == "join" and args:
                    return self._keeps_size(args[0])
                return attr in _SIZE_KEEPING_METHODS and self._keeps_size(value)
            case ast.BinOp(left=left, right=right):
                return self._keeps_size(left) or self._keeps_size(right)
            case ast.ListComp() | ast.SetComp() | ast.GeneratorExp() | ast.DictComp():
                return any(self._keeps_size(gen.iter) for gen in node.generators)
            case ast.IfExp(body=body, orelse=orelse):
                return self._keeps_size(body) or self._keeps_size(orelse)
        return False

    def _is_input(self, node: ast.expr) -> bool:
        """True when a loop over ``node`` runs once per element (or digit) of the input."""
        match node:
            case ast.Call(func=ast.Name(id="range"), args=args):
                return any(self._mentions_input(arg) for arg in args)
            case ast.Call(func=ast.Name(id="enumerate" | "reversed" | "zip"), args=args):
                return any(self._is_input(arg) for arg in args)
        return self._keeps_size(node)

    def _mentions_input(self, node: ast.AST) -> bool:
        return any(name in self.scaling for name in _names(node))

    def _in_input_loop(self) -> bool:
        return self.per_operation or any(loop.over_input for loop in self.loops)

    def _type(self, node: ast.expr) -> str | None:
        return _built_type(node, self.types)

    # ---- walking ------------------------------------------------------------------------

    def _visit(self, node: ast.AST) -> None:
        """Check ``node`` and recurse, pushing loops as they open."""
        nested = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
        if isinstance(node, nested) and node is not self.function:
            return  # a nested definition runs only when called; not followed
        match node:
            case ast.For() | ast.AsyncFor():
                self._visit(node.iter)
                over_input = self._is_input(node.iter)
                self._check_loop(node, node.iter, over_input)
                self._inside(_Loop(node, over_input), [node.target, *node.body])
                for statement in node.orelse:
                    self._visit(statement)
                return
            case ast.While():
                over_input = self._mentions_input(node.test) or self._while_shrinks_input(node)
                self._check_loop(node, node.test, over_input)
                self._inside(_Loop(node, over_input), [node.test, *node.body])
                for statement in node.orelse:
                    self._visit(statement)
                return
            case ast.ListComp() | ast.SetComp() | ast.GeneratorExp() | ast.DictComp():
                self._visit_comprehension(node)
                return
        self._check(node)
        for child in ast.iter_child_nodes(node):
            self._visit(child)

    def _inside(self, loop: _Loop, nodes: list[ast.AST]) -> None:
        self.loops.append(loop)
        try:
            for child in nodes:
                self._visit(child)
        finally:
            self.loops.pop()

    def _visit_comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> None:
        # The first iterable is evaluated once, outside the comprehension's loop.
        self._visit(node.generators[0].iter)
        pushed = 0
        try:
            for index, generator in enumerate(node.generators):
                if index:
                    self._visit(generator.iter)
                over_input = self._is_input(generator.iter)
                self._check_loop(generator.iter, generator.iter, over_input)
                self.loops.append(_Loop(generator, over_input))
                pushed += 1
                for condition in generator.ifs:
                    self._visit(condition)
            elements = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
            for element in elements:
                self._visit(element)
        finally:
            del self.loops[len(self.loops) - pushed :]

    def _while_shrinks_input(self, node: ast.While) -> bool:
        """A ``while`` whose body shrinks an input name (``n //= 10``, ``chars.pop()``)."""
        return any(
            isinstance(child, ast.AugAssign)
            and isinstance(child.target, ast.Name)
            and child.target.id in self.scaling
            for child in ast.walk(node)
        )

    # ---- the hints ----------------------------------------------------------------------

    def _add(self, node: ast.AST, rule: str, what: str, why: str) -> None:
        self.hints.append(Hint(line=node.lineno, what=what, why=why, rule=rule))

    def _enclosing_input_loop_line(self) -> int | None:
        for loop in reversed(self.loops):
            if loop.over_input:
                return loop.node.lineno
        return None

    def _loop_phrase(self) -> str:
        line = self._enclosing_input_loop_line()
        if line is None:
            return "in a method called once per operation"
        return f"inside the loop over the input (line {line})"

    def _check_loop(self, node: ast.AST, head: ast.AST, over_input: bool) -> None:
        """Nested loops over the input, and loops that count up to a number's value."""
        if over_input and self._in_input_loop() and not isinstance(node, ast.While):
            outer = self._enclosing_input_loop_line()
            where = f"line {outer}" if outer else "a method called once per operation"
            self._add(
                node,
                "nested-loops",
                f"a loop over the input ({_snippet(self.source, head)}) nested in another "
                f"({where})",
                "each pass of the outer loop walks the input again: n x n steps",
            )
        if self.size_unit != "digits" or not over_input:
            return
        if _calls(head, "range") and not any(_calls(child, "len") for child in ast.walk(head)):
            self._add(
                node,
                "loop-to-value",
                f"{_snippet(self.source, head)} counts up to the value of the number",
                "a d-digit number has a value near 10^d: the loop is exponential in the "
                "number of digits",
            )
        if isinstance(node, ast.While) and any(
            isinstance(child, ast.AugAssign)
            and isinstance(child.op, ast.FloorDiv)
            and isinstance(child.value, ast.Constant)
            for child in ast.walk(node)
        ):
            self._add(
                node,
                "digit-division-loop",
                "a loop that divides the number by a constant (n //= 10) once per digit",
                "each division of a d-digit int makes a new d-digit int: d divisions of O(d) "
                "each; str(n) gives every digit in one conversion",
            )
        if isinstance(node, ast.While) and any(
            isinstance(child, ast.AugAssign) and isinstance(child.op, ast.Sub)
            for child in ast.walk(node)
        ):
            self._add(
                node,
                "subtraction-loop",
                "a loop that subtracts one number from another until they meet",
                "a large number minus a small one takes about value/small steps: exponential "
                "in the number of digits (a % b does all those subtractions at once)",
            )

    def _check(self, node: ast.AST) -> None:
        """The hints a single node can raise."""
        match node:
            case ast.Compare(ops=ops, comparators=comparators):
                self._check_membership(node, ops, comparators)
            case ast.Call():
                self._check_call(node)
            case ast.Delete(targets=targets) if self._in_input_loop():
                for target in targets:
                    if (
                        isinstance(target, ast.Subscript)
                        and self._type(target.value) not in _HASHED
                    ):
                        self._add(
                            node,
                            "del-in-loop",
                            f"del {_snippet(self.source, target)} {self._loop_phrase()}",
                            "deleting from a list shifts every later element: O(n) per delete",
                        )
            case ast.Assign(targets=[ast.Name(id=name)], value=ast.BinOp(op=ast.Add()) as value):
                self._check_rebuild(node, name, value)
            case ast.Subscript(slice=ast.Slice() as part, ctx=ast.Load()) if self._in_input_loop():
                if self._keeps_size(node.value) and not _constant_width(part):
                    self._add(
                        node,
                        "slice-in-loop",
                        f"the slice {_snippet(self.source, node)} {self._loop_phrase()}",
                        "a slice copies its elements: O(length of the slice) per iteration",
                    )

    def _check_membership(self, node: ast.Compare, ops: list, comparators: list) -> None:
        if not self._in_input_loop():
            return
        for op, container in zip(ops, comparators, strict=True):
            if not isinstance(op, ast.In | ast.NotIn):
                continue
            kind = self._type(container)
            if kind in _HASHED or kind == _DEQUE and not self._keeps_size(container):
                continue
            if isinstance(container, ast.Constant | ast.Tuple | ast.List) and not self._keeps_size(
                container
            ):
                continue  # a fixed literal like "aeiou" or (1, 2): constant work
            if kind not in (_LIST, _TUPLE, _STR, _DEQUE) and not self._keeps_size(container):
                continue
            noun = {_STR: "string", _TUPLE: "tuple"}.get(kind or "", "list")
            self._add(
                node,
                "list-membership",
                f"`{_snippet(self.source, node)}` tests membership in a {noun} "
                f"{self._loop_phrase()}",
                f"`in` on a {noun} compares against every element: O(n) per test; "
                "a set or dict answers in O(1)",
            )

    def _check_call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name):
            self.called.add(func.id)
            self._check_key_function(node, func.id)
            scans = func.id in _SCANNING_CALLS and node.args and self._in_input_loop()
            if scans and self._keeps_size(node.args[0]):
                rule = "sort-in-loop" if func.id in _SORTING_CALLS else "scan-in-loop"
                why = (
                    "sorting costs O(n log n) every time"
                    if rule == "sort-in-loop"
                    else f"{func.id}() walks the whole collection: O(n) every time"
                )
                self._add(node, rule, f"`{_snippet(self.source, node)}` {self._loop_phrase()}", why)
            return
        if not isinstance(func, ast.Attribute) or not self._in_input_loop():
            return
        receiver = func.value
        kind = self._type(receiver)
        text = f"`{_snippet(self.source, node)}` {self._loop_phrase()}"
        if func.attr == "sort":
            self._add(node, "sort-in-loop", text, "sorting costs O(n log n) every iteration")
        if kind in _HASHED or isinstance(receiver, ast.Constant):
            return
        scans = self._keeps_size(receiver) or kind in (_LIST, _STR, _TUPLE)
        if func.attr in {"count", "index"} and scans:
            self._add(
                node,
                f"{func.attr}-in-loop",
                text,
                f".{func.attr}() scans the whole sequence: O(n) per call",
            )
        elif func.attr == "remove" and scans:
            self._add(
                node,
                "remove-in-loop",
                text,
                ".remove() searches the list and shifts what follows: O(n) per call",
            )
        elif func.attr == "insert" and _is_zero(node.args[:1]) and kind != _DEQUE:
            self._add(
                node,
                "insert-front",
                text,
                "inserting at the front shifts every element: O(n) per insert "
                "(collections.deque.appendleft is O(1))",
            )
        elif func.attr == "pop" and _is_zero(node.args[:1]) and kind != _DEQUE:
            self._add(
                node,
                "pop-front",
                text,
                "pop(0) shifts every remaining element: O(n) per pop "
                "(collections.deque.popleft is O(1))",
            )

    def _check_key_function(self, node: ast.Call, name: str) -> None:
        """``max(nums, key=nums.count)``: a scan per element hidden in a key function."""
        if name not in {"max", "min", "sorted"} or not node.args:
            return
        for keyword in node.keywords:
            value = keyword.value
            if (
                keyword.arg == "key"
                and isinstance(value, ast.Attribute)
                and value.attr in {"count", "index"}
                and self._type(value.value) not in _HASHED
                and self._keeps_size(node.args[0])
            ):
                self._add(
                    node,
                    f"{value.attr}-in-loop",
                    f"`{_snippet(self.source, node)}` calls {_snippet(self.source, value)} "
                    "once per element",
                    f".{value.attr}() scans the whole sequence: n calls of O(n) each",
                )

    def _check_rebuild(self, node: ast.Assign, name: str, value: ast.BinOp) -> None:
        if not self._in_input_loop() or self.types.get(name) not in (_STR, _LIST, _TUPLE):
            return
        left_is_name = isinstance(value.left, ast.Name) and value.left.id == name
        right_is_name = isinstance(value.right, ast.Name) and value.right.id == name
        if not (left_is_name or right_is_name):
            return
        noun = "string" if self.types[name] == _STR else "list"
        how = "prepending to" if right_is_name and not left_is_name else "rebuilding"
        fix = "''.join(parts)" if noun == "string" else "append() or a comprehension"
        self._add(
            node,
            "rebuild-in-loop",
            f"`{_snippet(self.source, node)}` {how} a {noun} {self._loop_phrase()}",
            f"{name} = ... + ... builds a new {noun} each time, copying all of it: O(n) per "
            f"iteration; collect the parts and use {fix}",
        )

    def _check_recursion(self) -> None:
        """Two or more self-calls without a cache: the same subproblems are solved again."""
        name = self.function.name
        calls = [
            node
            for node in ast.walk(self.function)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == name
        ]
        if len(calls) < 2 or _is_cached(self.function):
            return
        parameters = {argument.arg for argument in self.function.args.args}
        if parameters & _MEMO_NAMES:
            return
        self._add(
            self.function,
            "recursion-recomputes",
            f"{name}() calls itself {len(calls)} times per call, with no cache",
            "the same subproblems are solved again and again: exponential time; "
            "@functools.cache (or a loop) solves each once",
        )


def _is_cached(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
        if name in _CACHE_DECORATORS:
            return True
    return False


def _is_zero(args: list[ast.expr]) -> bool:
    return bool(args) and isinstance(args[0], ast.Constant) and args[0].value == 0


def _constant_width(part: ast.Slice) -> bool:
    """``x[i:i + 2]``, ``x[:3]``, ``x[-2:]``: a slice whose length does not grow with n."""
    lower, upper = part.lower, part.upper
    if lower is None and isinstance(upper, ast.Constant):
        return True
    if upper is None and isinstance(lower, ast.UnaryOp) and isinstance(lower.operand, ast.Constant):
        return True
    return (
        isinstance(upper, ast.BinOp)
        and isinstance(upper.op, ast.Add)
        and isinstance(upper.right, ast.Constant)
        and lower is not None
        and ast.dump(upper.left) == ast.dump(lower)
    )


def _calls(node: ast.AST, name: str) -> bool:
    """True when ``node`` is a call of the builtin ``name``."""
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
