"""The style review: ruff and radon on the submission's source, as a reviewer's notes.

Nothing here runs the candidate's code: ruff reads the source (as a subprocess, from stdin, with
``--isolated`` so no configuration file of the user's changes the rules) and radon parses it.

Findings become review comments (what, where, why it matters, how to fix), grouped the way the
seeds' interview reviews are: Strengths, Areas for improvement, and informative notes.

Names: one-letter names are flagged, except ``_``, the loop indices ``i``, ``j`` and ``k`` as
``for``/comprehension targets, lambda parameters (their scope is one expression), and the
parameters the problem's contract itself names (``gcd(a, b)``, ``digit_sum(n)``): a candidate
is not faulted for using the spec's own names.

Score (0-10)::

    score = 10 - sum(penalties), clamped to [0, 10] (a multiple of 0.25)

    penalty per area for improvement, by kind of finding:
      1.0   likely bugs and dead code: pyflakes (F), bugbear (B), pylint errors and
            warnings (PLE, PLW), unused arguments (ARG), a function with cyclomatic
            complexity above 10
      0.5   readability: naming (N, one-letter names, E741), shadowed builtins (A),
            leftover prints (T20), simplifications (SIM, C4, PERF), pylint refactors and
            conventions (PLR, PLC)
      0.25  layout: the rest of pycodestyle (E, W)
      a rule counts at most 3 times, so one habit repeated is not punished without bound
    notes (missing docstring, missing type hints): 0.25 each, at most 0.5 in all
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from radon.complexity import cc_visit
from radon.metrics import mi_visit

from judge.model import ReviewComment, StyleReport

# pyflakes, pycodestyle, pep8-naming, bugbear, simplify, perflint, builtins shadowing, print,
# comprehensions, unused arguments, and pylint's conventions/errors/refactors/warnings.
RUFF_SELECT = (
    "F",
    "E",
    "W",
    "N",
    "B",
    "SIM",
    "PERF",
    "A",
    "T20",
    "C4",
    "ARG",
    "PLC",
    "PLE",
    "PLR",
    "PLW",
)
RUFF_IGNORE = (
    "PLR2004",  # magic values: 10 and 9 are the point of digit problems
    "PLR0913",  # too many arguments: the problem fixes the signature
    "PLC0415",  # import inside a function: common and harmless in an interview answer
    "B905",  # zip() without strict=: noise for code that zips equal-length sequences
)
LINE_LENGTH = 100
RUFF_TIMEOUT_S = 20.0
COMPLEX_FUNCTION = 10  # cyclomatic complexity above this is an area for improvement
SIMPLE_FUNCTION = 5  # every function at or below this is a strength
MAX_RULE_REPEATS = 3
NOTES_CAP = 0.5

_ALLOWED_LOOP_NAMES = frozenset({"i", "j", "k", "_"})
# ruff reports these one-letter names itself (E741, ambiguous with 1 and 0).
_AMBIGUOUS = frozenset({"l", "O", "I"})

# Idioms worth naming as a strength: what to look for -> how to say it.
_IDIOMS = {
    "Counter": "collections.Counter",
    "defaultdict": "collections.defaultdict",
    "deque": "collections.deque",
    "OrderedDict": "collections.OrderedDict",
    "enumerate": "enumerate()",
    "zip": "zip()",
    "gcd": "math.gcd",
    "lru_cache": "functools.lru_cache",
    "cache": "functools.cache",
    "heapq": "heapq",
    "bisect": "bisect",
    "itertools": "itertools",
    "join": "str.join",
    "get": "dict.get",
    "any": "any()",
    "all": "all()",
    "sum": "sum()",
}


@dataclass(frozen=True, slots=True)
class _Advice:
    why: str
    fix: str


# Why each common finding matters and how to fix it, in a reviewer's words.
_ADVICE = {
    "F401": _Advice("an unused import is dead code: readers look for where it is used",
                    "remove the import"),
    "F811": _Advice("the first definition is dead: only the last one is ever used",
                    "remove the earlier definition or rename one of them"),
    "F821": _Advice("the name is not defined: that line raises NameError when it runs",
                    "define the name or fix its spelling"),
    "F841": _Advice("a value computed and thrown away is a leftover or a bug",
                    "remove the assignment, or use the value"),
    "E501": _Advice("long lines are hard to read and to review side by side",
                    f"break the line (at most {LINE_LENGTH} characters)"),
    "E701": _Advice("one statement per line keeps the control flow visible",
                    "put the body on its own indented line"),
    "E702": _Advice("one statement per line keeps the control flow visible",
                    "put each statement on its own line"),
    "E711": _Advice("`is None` is the idiom: == can be overridden by the other operand",
                    "compare with `is None` / `is not None`"),
    "E712": _Advice("comparing to True or False is redundant", "use the condition itself"),
    "E713": _Advice("`x not in y` reads as English; `not x in y` does not", "write `not in`"),
    "E721": _Advice("== on types ignores subclasses", "use isinstance()"),
    "E722": _Advice("a bare except also catches KeyboardInterrupt and hides real bugs",
                    "catch the specific exception you expect"),
    "E731": _Advice("a lambda bound to a name is a function without a name in tracebacks",
                    "write a def"),
    "E741": _Advice("l, O and I look like 1 and 0 in many fonts",
                    "use a descriptive name"),
    "W291": _Advice("trailing whitespace is noise in diffs", "strip it"),
    "W293": _Advice("whitespace on blank lines is noise in diffs", "strip it"),
    "W292": _Advice("a file should end with a newline", "add one"),
    "N801": _Advice("PEP 8: classes are CapWords, so readers can tell them from functions",
                    "rename the class in CapWords"),
    "N802": _Advice("PEP 8: functions are snake_case; readers rely on the convention",
                    "rename the function in snake_case"),
    "N803": _Advice("PEP 8: arguments are snake_case", "rename the argument in snake_case"),
    "N806": _Advice("PEP 8: variables are snake_case", "rename the variable in snake_case"),
    "A001": _Advice("the builtin it shadows cannot be used in that scope, and readers misread "
                    "the name as the builtin", "rename it after what it holds, e.g. `nums`"),
    "A002": _Advice("the builtin it shadows cannot be used in the function, and readers misread "
                    "the name as the builtin", "rename it after what it holds, e.g. `nums`"),
    "B006": _Advice("a mutable default is created once and shared by every call",
                    "default to None and create the value inside"),
    "B007": _Advice("an unused loop variable suggests a bug or leftover",
                    "name it `_` if only the repetition matters"),
    "B018": _Advice("an expression whose value is thrown away does nothing",
                    "remove it, or return/assign the value"),
    "T201": _Advice("leftover debug output: the function should return its answer, not print it",
                    "remove the print (or use logging)"),
    "SIM102": _Advice("nested ifs with no else read as one condition", "combine them with `and`"),
    "SIM108": _Advice("an if/else that only picks a value reads better as one expression",
                      "use a conditional expression"),
    "SIM110": _Advice("a loop that returns True on the first match is any()", "use any()"),
    "SIM113": _Advice("a hand-kept index beside a loop is what enumerate() is for",
                      "use enumerate()"),
    "SIM116": _Advice("a chain of ifs that each return a constant is a lookup table",
                      "use a dict from case to result"),
    "SIM118": _Advice("`key in d` already looks in the keys", "drop .keys()"),
    "SIM401": _Advice("dict.get does the if/else in one call", "use dict.get(key, default)"),
    "PERF401": _Advice("a comprehension is clearer and faster than append() in a loop",
                       "use a list comprehension"),
    "PLR1714": _Advice("repeated == against one name is a membership test",
                       "use `x in (a, b)`"),
    "PLR1730": _Advice("an if that keeps the larger (smaller) value is max() (min())",
                       "use max() or min()"),
    "PLR0911": _Advice("many return points make the function hard to follow",
                       "split it or restructure the conditions"),
    "PLR0912": _Advice("many branches make the function hard to follow and to test",
                       "split it into smaller functions"),
    "PLR0915": _Advice("a long function does several jobs", "split it into smaller functions"),
    "PLW2901": _Advice("overwriting the loop variable inside the loop confuses readers",
                       "use a new name for the new value"),
    "PLW0603": _Advice("a global makes the function depend on hidden state",
                       "pass values in and return results"),
    "ARG001": _Advice("an argument the function never reads is a leftover or a bug",
                      "use it or remove it"),
}  # fmt: skip

# When a rule has no entry above: why its family matters.
_FAMILY_WHY = (
    ("PLE", "pylint: an error that will break at run time"),
    ("PLW", "pylint: a pattern that usually hides a bug"),
    ("PLR", "pylint: a refactoring would make this simpler"),
    ("PLC", "pylint: a convention most Python readers expect"),
    ("PERF", "perflint: a faster idiom exists"),
    ("SIM", "a simpler spelling exists"),
    ("ARG", "an unused argument is a leftover or a bug"),
    ("T20", "leftover debug output"),
    ("C4", "a clearer comprehension or builtin exists"),
    ("F", "pyflakes: likely a bug or dead code"),
    ("E", "pycodestyle: PEP 8 layout keeps code easy to scan"),
    ("W", "pycodestyle: PEP 8 layout keeps code easy to scan"),
    ("N", "PEP 8 naming: readers rely on the convention"),
    ("B", "bugbear: a pattern that often hides a bug"),
    ("A", "it shadows a builtin"),
)

# Penalties (see the module docstring), by rule prefix; first match wins.
_PENALTIES = (
    ("PLE", 1.0),
    ("PLW", 1.0),
    ("PLR", 0.5),
    ("PLC", 0.5),
    ("PERF", 0.5),
    ("SIM", 0.5),
    ("ARG", 1.0),
    ("T20", 0.5),
    ("C4", 0.5),
    ("E741", 0.5),
    ("F", 1.0),
    ("B", 1.0),
    ("N", 0.5),
    ("A", 0.5),
    ("E", 0.25),
    ("W", 0.25),
    ("one-letter-name", 0.5),
    ("complex-function", 1.0),
)
_NOTE_PENALTY = 0.25


@dataclass(frozen=True, slots=True)
class RuffFinding:
    """One ruff diagnostic, as read from its JSON output."""

    code: str
    line: int
    message: str
    fix: str


def review_style(source: str, *, contract_names: Sequence[str] = ()) -> StyleReport | None:
    """The style review of ``source``; None when it does not parse (there is nothing to review).

    ``contract_names`` are the parameter names the problem's spec uses: never flagged as
    one-letter names.
    """
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    findings, ruff_problem = run_ruff(source)
    improvements = [_comment(finding) for finding in findings]
    improvements += _one_letter_names(module, frozenset(contract_names))
    blocks = cc_visit(source)
    max_cyclomatic = max((block.complexity for block in blocks), default=1)
    for block in blocks:
        if block.complexity > COMPLEX_FUNCTION:
            improvements.append(
                ReviewComment(
                    rule="complex-function",
                    line=block.lineno,
                    what=f"`{block.name}` has cyclomatic complexity {block.complexity}",
                    why="every branch is a path to read and to test; past ~10 bugs hide easily",
                    fix="split it into smaller functions, or simplify the conditions",
                )
            )
    improvements.sort(key=lambda comment: (comment.line or 0, comment.rule))
    notes = _notes(module)
    if ruff_problem:
        notes.append(
            ReviewComment(
                rule="ruff-unavailable",
                line=None,
                what=f"the linter did not run: {ruff_problem}",
                why="the review below lacks the linter's findings",
                fix="install ruff (pip install ruff) and judge again",
            )
        )
    return StyleReport(
        score=style_score(improvements, notes),
        strengths=_strengths(module, improvements, notes, max_cyclomatic, bool(ruff_problem)),
        improvements=tuple(improvements),
        notes=tuple(notes),
        max_cyclomatic=max_cyclomatic,
        maintainability=round(mi_visit(source, multi=True), 1),
    )


def style_score(improvements: Sequence[ReviewComment], notes: Sequence[ReviewComment]) -> float:
    """The 0-10 score of the module docstring's formula."""
    repeats: dict[str, int] = {}
    penalty = 0.0
    for comment in improvements:
        repeats[comment.rule] = repeats.get(comment.rule, 0) + 1
        if repeats[comment.rule] <= MAX_RULE_REPEATS:
            penalty += _penalty(comment.rule)
    scored_notes = [note for note in notes if note.rule != "ruff-unavailable"]
    penalty += min(NOTES_CAP, _NOTE_PENALTY * len(scored_notes))
    return round(max(0.0, min(10.0, 10.0 - penalty)), 2)


def _penalty(rule: str) -> float:
    return next((weight for prefix, weight in _PENALTIES if rule.startswith(prefix)), 0.25)


def ruff_command() -> list[str]:
    """How to run ruff: its bundled binary when the package can find it, else ``-m ruff``."""
    try:
        from ruff.__main__ import find_ruff_bin

        return [str(find_ruff_bin())]
    except (ImportError, FileNotFoundError):
        return [sys.executable, "-m", "ruff"]


def run_ruff(source: str) -> tuple[list[RuffFinding], str]:
    """ruff's findings on ``source`` (from stdin), and why it could not run ("" when it did)."""
    command = [
        *ruff_command(),
        "check",
        "--isolated",  # no pyproject.toml or ruff.toml of the user's changes the rules
        "--no-cache",
        "--output-format",
        "json",
        "--line-length",
        str(LINE_LENGTH),
        "--select",
        ",".join(RUFF_SELECT),
        "--ignore",
        ",".join(RUFF_IGNORE),
        "--stdin-filename",
        "solution.py",
        "-",
    ]
    try:
        completed = subprocess.run(
            command,
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=RUFF_TIMEOUT_S,
            check=False,
        )
    except FileNotFoundError:
        return [], "ruff is not installed"
    except subprocess.TimeoutExpired:
        return [], f"ruff took more than {RUFF_TIMEOUT_S:g} s"
    # Exit status 1 only means "found something"; 2 is ruff's own failure.
    if completed.returncode not in (0, 1):
        first_line = completed.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        return [], f"ruff failed ({first_line[0] if first_line else completed.returncode})"
    try:
        diagnostics = json.loads(completed.stdout)
        findings = [
            RuffFinding(
                code=item["code"],
                line=item["location"]["row"],
                message=item["message"],
                fix=(item.get("fix") or {}).get("message") or "",
            )
            for item in diagnostics
            if item.get("code") and item["code"] != "invalid-syntax"
        ]
    except (ValueError, KeyError, TypeError) as exc:
        return [], f"ruff's output could not be read ({exc})"
    return findings, ""


def _comment(finding: RuffFinding) -> ReviewComment:
    advice = _ADVICE.get(finding.code)
    why = advice.why if advice else _family_why(finding.code)
    # Our wording first: ruff's fix messages are terse and sometimes generic ("cond is None").
    fix = advice.fix if advice else finding.fix or f"see `ruff rule {finding.code}`"
    return ReviewComment(finding.code, finding.line, finding.message, why, fix[0].lower() + fix[1:])


def _family_why(code: str) -> str:
    return next((why for prefix, why in _FAMILY_WHY if code.startswith(prefix)), "ruff flags it")


def _one_letter_names(module: ast.Module, contract: frozenset[str]) -> list[ReviewComment]:
    """One comment per one-letter name, at its first binding (see the module docstring)."""
    comments = []
    seen: set[str] = set()
    for name, line, role in sorted(_bindings(module), key=lambda binding: binding[1]):
        if len(name) != 1 or name in seen or name in _AMBIGUOUS:
            continue
        if role == "loop" and name in _ALLOWED_LOOP_NAMES:
            continue
        if role == "lambda" or name == "_" or name in contract:
            continue
        seen.add(name)
        comments.append(
            ReviewComment(
                rule="one-letter-name",
                line=line,
                what=f"the {role} name `{name}` says nothing about what it holds",
                why="names are the first documentation a reader gets; a letter makes them "
                "keep the meaning in their head",
                fix=f"rename `{name}` after its role (e.g. `count`, `char`, `value`)",
            )
        )
    return comments


def _bindings(module: ast.Module) -> Iterator[tuple[str, int, str]]:
    """(name, line, role) for every name the module binds; role says how it is bound."""
    for node in ast.walk(module):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name, node.lineno, "function"
            arguments = node.args
            for argument in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
                yield argument.arg, argument.lineno, "parameter"
        elif isinstance(node, ast.Lambda):
            for argument in node.args.args:
                yield argument.arg, argument.lineno, "lambda"
        elif isinstance(node, ast.ClassDef):
            yield node.name, node.lineno, "class"
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            for target in ast.walk(node.target):
                if isinstance(target, ast.Name):
                    yield target.id, target.lineno, "loop"
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name) and isinstance(name.ctx, ast.Store):
                        yield name.id, name.lineno, "variable"


def _functions(module: ast.Module) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Top-level functions and the methods of top-level classes."""
    functions = []
    for node in module.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            functions.append(node)
        elif isinstance(node, ast.ClassDef):
            functions += [
                child
                for child in node.body
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            ]
    return functions


def _missing_hints(function: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    arguments = function.args
    every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    unannotated = [a for a in every if a.annotation is None and a.arg not in {"self", "cls"}]
    return bool(unannotated) or (function.returns is None and function.name != "__init__")


def _notes(module: ast.Module) -> list[ReviewComment]:
    """Informative notes: functions without a docstring, functions without type hints."""
    functions = [f for f in _functions(module) if not f.name.startswith("_")]
    notes = []
    undocumented = [f for f in functions if ast.get_docstring(f) is None]
    if undocumented:
        names = ", ".join(f"`{f.name}`" for f in undocumented)
        notes.append(
            ReviewComment(
                rule="missing-docstring",
                line=undocumented[0].lineno,
                what=f"no docstring on {names}",
                why="one line saying what the function returns (and for which inputs) saves the "
                "reader from working it out from the code",
                fix='add a one-line docstring, e.g. """The most frequent value; the smallest '
                'on a tie."""',
            )
        )
    unhinted = [f for f in functions if _missing_hints(f)]
    if unhinted:
        names = ", ".join(f"`{f.name}`" for f in unhinted)
        notes.append(
            ReviewComment(
                rule="missing-type-hints",
                line=unhinted[0].lineno,
                what=f"no type hints on {names}",
                why="type hints state the contract (what goes in, what comes out) and let "
                "tools check it",
                fix="annotate the parameters and the return type, e.g. `def f(nums: list[int]) "
                "-> int:`",
            )
        )
    return notes


def _idioms(module: ast.Module) -> list[str]:
    """The idiomatic standard-library tools the code uses, in a stable order."""
    used = set()
    for node in ast.walk(module):
        if isinstance(node, ast.Name) and node.id in _IDIOMS:
            used.add(node.id)
        elif isinstance(node, ast.Attribute) and node.attr in _IDIOMS:
            used.add(node.attr)
        elif isinstance(node, ast.alias) and node.name.split(".")[0] in _IDIOMS:
            used.add(node.name.split(".")[0])
    return [_IDIOMS[name] for name in _IDIOMS if name in used]


def _strengths(
    module: ast.Module,
    improvements: Sequence[ReviewComment],
    notes: Sequence[ReviewComment],
    max_cyclomatic: int,
    ruff_missing: bool,
) -> tuple[str, ...]:
    """What the code does well, in a reviewer's words."""
    rules = {comment.rule for comment in improvements}
    note_rules = {note.rule for note in notes}
    strengths = []
    naming = {"one-letter-name", "E741"} | {rule for rule in rules if rule.startswith(("N", "A0"))}
    if not rules & naming:
        strengths.append("Clear names: descriptive, PEP 8 style, no builtin shadowed.")
    functions = _functions(module)
    if functions and max_cyclomatic <= SIMPLE_FUNCTION:
        strengths.append(
            f"Small, simple functions (highest cyclomatic complexity {max_cyclomatic})."
        )
    if functions and "missing-docstring" not in note_rules:
        strengths.append("Every public function has a docstring.")
    if functions and "missing-type-hints" not in note_rules:
        strengths.append("Type hints on every parameter and return value.")
    idioms = _idioms(module)
    if idioms:
        strengths.append(f"Idiomatic standard library: {', '.join(idioms[:4])}.")
    if not improvements and not ruff_missing:
        strengths.append(
            "Clean under the linters: no finding from pyflakes, pycodestyle, "
            "bugbear, pylint and the rest."
        )
    return tuple(strengths)
