"""Static complexity hints: code shapes that usually cost a factor of n, found in the AST.

The hints explain a measured slowdown; they never decide the class (judge.complexity measures
it). Only the task's own code is read: the task function (or, for a class task, its methods) and
the module-level functions it calls. Nothing is executed.

Which names hold "the input" comes from judge.input_flow. A loop over the input is a ``for`` or
comprehension over such a name, or a ``while`` whose condition reads one. For a class task
every method body runs once per operation, so it counts as already inside a loop over the
input. Each hint is found once per (rule, line).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from judge.input_flow import HASHED, Container, InputFlow, instance_attributes
from judge.model import Hint

# Calls that walk their whole (first) argument: O(n) each.
_SCANNING_CALLS = frozenset(
    {"sum", "max", "min", "sorted", "set", "list", "tuple", "any", "all", "dict", "Counter"}
)
_SORTING_CALLS = frozenset({"sorted"})
_CACHE_DECORATORS = frozenset({"lru_cache", "cache"})
_NOUNS = {Container.STR: "string", Container.TUPLE: "tuple", Container.DEQUE: "deque"}
# Sequences: .count() and .index() scan them, and ``x = x + ...`` copies them whole.
_SEQUENCES = frozenset({Container.STR, Container.LIST, Container.TUPLE})
_MEMO_NAMES = frozenset({"memo", "cache", "seen", "dp", "table"})


def find_hints(source: str, entry: str, *, size_unit: str = "n") -> tuple[Hint, ...]:
    """Hints for the task ``entry`` (a function or class name) in ``source``, ordered by line.

    ``size_unit`` "digits" adds the hints about loops that count up to a number's value.
    """
    try:
        return _find_hints(ast.parse(source), source, entry, size_unit)
    except (SyntaxError, ValueError, RecursionError):  # RecursionError: nested too deeply
        return ()


def _find_hints(module: ast.Module, source: str, entry: str, size_unit: str) -> tuple[Hint, ...]:
    """find_hints on the parsed module (its walks recurse: a deep file raises RecursionError)."""
    functions = {
        node.name: node
        for node in module.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    classes = {node.name: node for node in module.body if isinstance(node, ast.ClassDef)}
    found: dict[tuple[str, int], Hint] = {}
    if entry in classes:
        cls = classes[entry]
        attributes = instance_attributes(cls)
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
        flow = InputFlow.of(function, attributes)
        scan = _FunctionScan(source, function, per_operation, flow, size_unit)
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


def _snippet(source: str, node: ast.AST, limit: int = 48) -> str:
    text = ast.get_source_segment(source, node) or ""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class _Loop:
    line: int  # of the loop's header
    over_input: bool


@dataclass
class _FunctionScan:
    """Walks one function, tracking the loops around each node."""

    source: str
    function: ast.FunctionDef | ast.AsyncFunctionDef
    per_operation: bool  # a class task's method: runs once per operation
    flow: InputFlow
    size_unit: str
    called: set[str] = field(default_factory=set)
    loops: list[_Loop] = field(default_factory=list)
    hints: list[Hint] = field(default_factory=list)

    def run(self) -> list[Hint]:
        """Walk the body for hints."""
        self._check_recursion()
        for statement in self.function.body:
            self._visit(statement)
        return self.hints

    def _in_input_loop(self) -> bool:
        return self.per_operation or any(loop.over_input for loop in self.loops)

    # ---- walking ------------------------------------------------------------------------

    def _visit(self, node: ast.AST) -> None:
        """Check ``node`` and recurse, pushing loops as they open."""
        nested = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef
        if isinstance(node, nested) and node is not self.function:
            return  # a nested definition runs only when called; not followed
        match node:
            case ast.For() | ast.AsyncFor():
                self._visit(node.iter)
                over_input = self.flow.is_input(node.iter)
                self._check_loop(node, node.iter, over_input)
                self._inside(_Loop(node.lineno, over_input), [node.target, *node.body])
                for statement in node.orelse:
                    self._visit(statement)
                return
            case ast.While():
                over_input = self.flow.mentions_input(node.test) or self._while_shrinks_input(node)
                self._check_loop(node, node.test, over_input)
                self._inside(_Loop(node.lineno, over_input), [node.test, *node.body])
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
                over_input = self.flow.is_input(generator.iter)
                self._check_loop(generator.iter, generator.iter, over_input)
                self.loops.append(_Loop(generator.iter.lineno, over_input))
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
            and child.target.id in self.flow.scaling
            for child in ast.walk(node)
        )

    # ---- the hints ----------------------------------------------------------------------

    def _add(self, node: ast.stmt | ast.expr, rule: str, what: str, why: str) -> None:
        self.hints.append(Hint(line=node.lineno, what=what, why=why, rule=rule))

    def _enclosing_input_loop_line(self) -> int | None:
        for loop in reversed(self.loops):
            if loop.over_input:
                return loop.line
        return None

    def _loop_phrase(self) -> str:
        line = self._enclosing_input_loop_line()
        if line is None:
            return "in a method called once per operation"
        return f"inside the loop over the input (line {line})"

    def _check_loop(self, node: ast.stmt | ast.expr, head: ast.expr, over_input: bool) -> None:
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
                        and self.flow.type_of(target.value) not in HASHED
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
                if self.flow.keeps_size(node.value) and not _constant_width(part):
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
            kind = self.flow.type_of(container)
            # A set or dict answers in O(1); a fixed literal ("aeiou") does not grow with n.
            if kind in HASHED or not self.flow.keeps_size(container):
                continue
            noun = _NOUNS.get(kind, "list") if kind else "list"
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
            if scans and self.flow.keeps_size(node.args[0]):
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
        kind = self.flow.type_of(receiver)
        text = f"`{_snippet(self.source, node)}` {self._loop_phrase()}"
        if func.attr == "sort":
            self._add(node, "sort-in-loop", text, "sorting costs O(n log n) every iteration")
        if kind in HASHED or isinstance(receiver, ast.Constant):
            return
        scans = self.flow.keeps_size(receiver) or kind in _SEQUENCES
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
        elif func.attr == "insert" and _is_zero(node.args[:1]) and kind != Container.DEQUE:
            self._add(
                node,
                "insert-front",
                text,
                "inserting at the front shifts every element: O(n) per insert "
                "(collections.deque.appendleft is O(1))",
            )
        elif func.attr == "pop" and _is_zero(node.args[:1]) and kind != Container.DEQUE:
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
                and self.flow.type_of(value.value) not in HASHED
                and self.flow.keeps_size(node.args[0])
            ):
                self._add(
                    node,
                    f"{value.attr}-in-loop",
                    f"`{_snippet(self.source, node)}` calls {_snippet(self.source, value)} "
                    "once per element",
                    f".{value.attr}() scans the whole sequence: n calls of O(n) each",
                )

    def _check_rebuild(self, node: ast.Assign, name: str, value: ast.BinOp) -> None:
        if not self._in_input_loop() or self.flow.types.get(name) not in _SEQUENCES:
            return
        left_is_name = isinstance(value.left, ast.Name) and value.left.id == name
        right_is_name = isinstance(value.right, ast.Name) and value.right.id == name
        if not (left_is_name or right_is_name):
            return
        noun = "string" if self.flow.types[name] == Container.STR else "list"
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
