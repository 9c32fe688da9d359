"""The spec's rules, checked from the candidate's source: its AST is read, never run.

A rule (judge.catalog.problem.Rule) forbids dotted names (``math.gcd``, a module such as
``bisect``, a builtin such as ``sorted``), attribute names (``sort``) and, where it says so,
fractional powers (``x ** 0.5``, ``pow(x, 1 / 2)``: any exponent but an integer literal).
The file breaks it wherever it imports, calls or merely refers to a forbidden name, however it
reaches it:

- ``import math as m; m.gcd``, ``from math import gcd as g; g(a, b)``, ``from math import *``;
- an alias by assignment (``f = math.gcd``), ``getattr(math, "gcd")``, ``__import__("math")``,
  ``importlib.import_module("math")``, ``sys.modules["math"]``, ``__builtins__``.

What the AST cannot follow is a finding too, since it could hide anything: code run from a string
(``eval``, ``exec``, ``compile``), a module imported by a computed name, and ``getattr``, ``vars``
or ``__dict__`` with a computed name on a module a rule covers. Aliases are tracked over the whole
file, not per scope: a name bound once to a forbidden function counts wherever it is used.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from judge.catalog.problem import Rule
from judge.report import RuleFinding

# Names whose call imports the module named by the first argument.
_IMPORTERS = frozenset({"__import__", "importlib.import_module", "importlib.__import__"})
# Names whose call runs code the AST cannot see.
_RUNS_TEXT = frozenset({"eval", "exec", "compile"})
_GETATTR = "getattr"
_MODULES = "sys.modules"
# Passes over the file's assignments to follow aliases of aliases (f = math; g = f.gcd).
_ALIAS_PASSES = 4


@dataclass(frozen=True, slots=True)
class _Use:
    """One thing the code does that a rule may forbid, at a line."""

    line: int
    what: str  # how the code reaches it, for the report; "{name}" stands for what it reaches
    names: frozenset[str] = frozenset()  # dotted names reached; "math.*": any member of math
    attribute: str | None = None  # the attribute name used here, if any
    alias: str | None = None  # the local name it goes by, if any
    opaque: bool = False  # code the AST cannot see into: breaks every rule
    fractional_power: bool = False  # ``x ** 0.5``, ``pow(x, 1 / 2)``: a root by a float power


def check_rules(source: str, rules: Sequence[Rule]) -> tuple[RuleFinding, ...]:
    """Every line where ``source`` breaks one of ``rules``, one finding per rule and line.

    A file that does not parse breaks nothing here: it is a Syntax Error, and nothing of it runs.
    """
    if not rules:
        return ()
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return ()
    try:
        uses = sorted(_Reader(tree).uses(), key=lambda use: use.line)
    except RecursionError:  # nested too deeply to walk: nothing in it can be vouched for
        uses = [_Use(1, "is nested too deeply for its imports to be read", opaque=True)]
    findings: dict[tuple[str, int], RuleFinding] = {}
    for use in uses:
        for rule in rules:
            reached = _breaks(rule, use)
            if reached is not None and (rule.id, use.line) not in findings:
                findings[rule.id, use.line] = RuleFinding(rule.id, use.line, reached, rule.says)
    order = {rule.id: index for index, rule in enumerate(rules)}
    return tuple(sorted(findings.values(), key=lambda f: (f.line, order[f.rule])))


def forbidden_names(rules: Sequence[Rule]) -> tuple[str, ...]:
    """Every dotted name the rules forbid (the style review never praises them)."""
    return tuple(dict.fromkeys(name for rule in rules for name in rule.names))


def covers(forbidden: str, name: str) -> bool:
    """True when using ``name`` uses ``forbidden``: the name itself, or something inside it.

    ``name`` may be ``"math.*"``, any member of math: it covers every forbidden name in math,
    and math itself.
    """
    if name.endswith(".*"):
        owner = name[:-2]
        return covers(owner, forbidden) or covers(forbidden, owner)
    return name == forbidden or name.startswith(forbidden + ".")


def _breaks(rule: Rule, use: _Use) -> str | None:
    """What the use does against ``rule`` ("calls math.gcd"), or None when the rule allows it."""
    if use.opaque:
        return use.what
    if use.fractional_power:
        return use.what if rule.fractional_powers else None
    if use.attribute is not None and use.attribute in rule.attributes:
        return use.what.format(name=f".{use.attribute}")
    for forbidden in rule.names:
        for name in sorted(use.names):
            if covers(forbidden, name):
                shown = forbidden if name.endswith(".*") else name
                what = use.what.format(name=shown)
                if use.alias is not None and use.alias != shown.rsplit(".", 1)[-1]:
                    what += f" (as {use.alias})"
                return what
    return None


class _Reader:
    """Reads one module's imports, aliases and uses."""

    def __init__(self, tree: ast.Module) -> None:
        self.nodes = list(ast.walk(tree))
        self.aliases: dict[str, set[str]] = {}
        self.local: set[str] = set()  # names the file binds itself: never builtins
        self.called = {id(node.func) for node in self.nodes if isinstance(node, ast.Call)}
        self._read_bindings()

    def _read_bindings(self) -> None:
        for node in self.nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self._alias(alias.asname, alias.name)
                    else:
                        top = alias.name.split(".")[0]
                        self._alias(top, top)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    if alias.name != "*":
                        self._alias(alias.asname or alias.name, f"{node.module}.{alias.name}")
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                self.local.add(node.name)
            elif isinstance(node, ast.arg):
                self.local.add(node.arg)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
                self.local.add(node.id)
        assignments = [
            (target.id, node.value)
            for node in self.nodes
            if isinstance(node, ast.Assign | ast.NamedExpr)
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        ]
        for _ in range(_ALIAS_PASSES):
            changed = False
            for name, value in assignments:
                for dotted in self.resolve(value):
                    changed |= dotted not in self.aliases.get(name, set())
                    self._alias(name, dotted)
            if not changed:
                break

    def _alias(self, name: str, dotted: str) -> None:
        self.aliases.setdefault(name, set()).add(_normalised(dotted))

    def resolve(self, node: ast.expr) -> frozenset[str]:
        """The dotted names an expression may evaluate to (empty: not a module or its member)."""
        attributes: list[str] = []
        while isinstance(node, ast.Attribute):  # a loop: chains can be thousands long
            attributes.append(node.attr)
            node = node.value
        suffix = "".join(f".{attribute}" for attribute in reversed(attributes))
        return frozenset(_normalised(base + suffix) for base in self._base(node))

    def _base(self, node: ast.expr) -> frozenset[str]:
        if isinstance(node, ast.Name):
            if node.id in self.aliases:
                return frozenset(self.aliases[node.id])
            if node.id == "__builtins__":
                return frozenset({"builtins"})
            return frozenset() if node.id in self.local else frozenset({node.id})
        if isinstance(node, ast.Call) and node.args:
            function = self.resolve(node.func)
            first = _constant(node.args[0])
            if function & _IMPORTERS and first is not None:
                return frozenset({first})
            second = _constant(node.args[1]) if len(node.args) > 1 else None
            if _GETATTR in function and second is not None:
                return frozenset(f"{owner}.{second}" for owner in self.resolve(node.args[0]))
        if isinstance(node, ast.Subscript):
            key = _constant(node.slice)
            owners = self.resolve(node.value)
            # sys.modules["math"] is math; __builtins__["sorted"] (a dict outside __main__) is
            # the builtin.
            if key is not None and owners & {_MODULES, "builtins"}:
                return frozenset({key})
        return frozenset()

    def uses(self) -> Iterator[_Use]:
        """Every import, reference, power and dynamic escape in the file."""
        for node in self.nodes:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    names = frozenset({alias.name})
                    yield _Use(node.lineno, "imports {name}", names, alias=alias.asname)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                yield from self._from_import(node)
            elif isinstance(node, ast.BinOp | ast.AugAssign) and isinstance(node.op, ast.Pow):
                exponent = node.right if isinstance(node, ast.BinOp) else node.value
                if _fractional(exponent):
                    what = f"raises to the power {ast.unparse(exponent)}"
                    yield _Use(node.lineno, what, fractional_power=True)
            elif isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Load):
                yield from self._reference(node)
            elif isinstance(node, ast.Call | ast.Subscript):
                # getattr(math, "gcd"), __import__("math"), sys.modules["math"]: a name reached
                # by a call or a key
                verb = "calls" if id(node) in self.called else "uses"
                names = self.resolve(node)
                if names:
                    yield _Use(node.lineno, f"{verb} {{name}}", names)
                if isinstance(node, ast.Call):
                    yield from self._dynamic(node)
                    yield from self._fractional_pow(node)
                elif _constant(node.slice) is None and _MODULES in self.resolve(node.value):
                    yield _Use(node.lineno, "reads sys.modules by a computed key", opaque=True)

    def _from_import(self, node: ast.ImportFrom) -> Iterator[_Use]:
        module = node.module or ""
        for alias in node.names:
            if alias.name == "*":
                what = f"imports everything from {module}, {{name}} included"
                yield _Use(node.lineno, what, frozenset({f"{module}.*"}))
            else:
                names = frozenset({f"{module}.{alias.name}"})
                yield _Use(node.lineno, "imports {name}", names, alias=alias.asname)

    def _reference(self, node: ast.Name | ast.Attribute) -> Iterator[_Use]:
        verb = "calls" if id(node) in self.called else "uses"
        names = self.resolve(node)
        if isinstance(node, ast.Name):
            if names:
                yield _Use(node.lineno, f"{verb} {{name}}", names, alias=node.id)
            return
        yield _Use(node.lineno, f"{verb} {{name}}", names, attribute=node.attr)
        if node.attr == "__dict__":
            # math.__dict__[key]: any member, by a key the AST may not see.
            yield from self._members(node.lineno, node.value, "through __dict__")

    def _dynamic(self, node: ast.Call) -> Iterator[_Use]:
        function = self.resolve(node.func)
        first = _constant(node.args[0]) if node.args else None
        if function & _RUNS_TEXT:
            name = sorted(function & _RUNS_TEXT)[0]
            yield _Use(node.lineno, f"runs code from a string with {name}()", opaque=True)
        elif function & _IMPORTERS and first is None:
            what = "imports a module whose name is computed at run time"
            yield _Use(node.lineno, what, opaque=True)
        elif _GETATTR in function and len(node.args) > 1 and _constant(node.args[1]) is None:
            yield from self._members(node.lineno, node.args[0], "by a computed name (getattr)")
        elif "vars" in function and node.args:
            yield from self._members(node.lineno, node.args[0], "through vars()")

    def _fractional_pow(self, node: ast.Call) -> Iterator[_Use]:
        """``pow(x, 0.5)`` or ``math.pow(x, 1 / 2)``: a root by a fractional power."""
        if len(node.args) > 1 and self.resolve(node.func) & {"pow", "math.pow"}:
            power = node.args[1]
            if _fractional(power):
                what = f"calls pow with the power {ast.unparse(power)}"
                yield _Use(node.lineno, what, fractional_power=True)

    def _members(self, line: int, owner: ast.expr, how: str) -> Iterator[_Use]:
        """A use of any member of the modules ``owner`` may be (none when it is no module)."""
        owners = sorted(self.resolve(owner))
        if owners:
            what = f"reads members of {owners[0]} {how}, {{name}} among them"
            yield _Use(line, what, frozenset(f"{name}.*" for name in owners))


def _normalised(dotted: str) -> str:
    """``builtins.sorted`` is the builtin ``sorted``."""
    return dotted.removeprefix("builtins.")


def _fractional(node: ast.expr) -> bool:
    """Whether an exponent written in the source is not a whole number: a float literal
    (``0.5``, ``.5e0``), a true division (``1 / 2``), or either negated. An exponent computed
    at run time from a variable is not seen."""
    while isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    if isinstance(node, ast.Constant):
        return isinstance(node.value, float | complex) and node.value != int(abs(node.value))
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)


def _constant(node: ast.expr) -> str | None:
    """The string a constant expression spells, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None
