"""The style review: ruff and radon on the submission's source, as a reviewer's notes.

Nothing here runs the candidate's code: ruff reads the source (judge.style.lint) and radon parses it
(cyclomatic complexity per function, maintainability index).

Findings become review comments (what, where, why it matters, how to fix), grouped the way the
seeds' interview reviews are: Strengths, Areas for improvement, and informative notes.

Names: one-letter names are flagged with a new name that fits the code (judge.style.naming), except
``_``, loop and comprehension variables with a conventional name (``i``, ``j``, ``k``, ``v``,
``x``, ``y``, ``n``, ``c``, ``w``), lambda parameters, and the parameters the problem's contract
itself names (``gcd(a, b)``, ``digit_sum(n)``): a candidate is not faulted for the spec's names.

Strengths never praise what the problem's rules forbid (``math.gcd`` where the spec asks for
Euclid written out): ``forbidden`` names them.

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
from collections.abc import Sequence

from radon.complexity import cc_visit
from radon.metrics import mi_visit

from judge.catalog.rules import covers
from judge.report import ReviewComment, StyleReport
from judge.style.lint import review_comment, run_ruff
from judge.style.naming import one_letter_names

COMPLEX_FUNCTION = 10  # cyclomatic complexity above this is an area for improvement
SIMPLE_FUNCTION = 5  # every function at or below this is a strength
MAX_RULE_REPEATS = 3
NOTES_CAP = 0.5

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


def review_style(
    source: str,
    *,
    contract_names: Sequence[str] = (),
    forbidden: Sequence[str] = (),
    task_names: Sequence[str] = (),
) -> StyleReport | None:
    """The style review of ``source``; None when it does not parse (there is nothing to review).

    ``contract_names`` are the parameter names the problem's spec uses: never flagged as
    one-letter names. ``forbidden`` are the dotted names the problem's rules forbid: never
    praised as idioms. ``task_names`` are the names the judge calls: importing one
    (``from math import gcd``) is how the file defines it, never an unused import.
    """
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    except RecursionError:
        return _unreadable()
    try:
        return _review(source, module, contract_names, forbidden, frozenset(task_names))
    except RecursionError:  # radon's visitors recurse: deep code it cannot walk
        return _unreadable()


def _unreadable() -> StyleReport:
    """The review of a file nested too deeply to parse or walk: it could not read it."""
    comment = ReviewComment(
        rule="too-deep-to-read",
        line=None,
        what="the style review could not read the file: it is nested too deeply (RecursionError)",
        why="code nested hundreds of levels deep cannot be read by a person either",
        fix="split the deepest expression into named steps",
    )
    return StyleReport(
        score=0.0,
        strengths=(),
        improvements=(),
        notes=(comment,),
        max_cyclomatic=0,
        maintainability=0.0,
    )


def _review(
    source: str,
    module: ast.Module,
    contract_names: Sequence[str],
    forbidden: Sequence[str],
    task_names: frozenset[str],
) -> StyleReport:
    """The review of parsed ``source`` (see review_style)."""
    findings, ruff_problem = run_ruff(source)
    exported = _imported_task_lines(module, task_names)
    findings = [f for f in findings if not (f.code == "F401" and f.line in exported)]
    improvements = [review_comment(finding) for finding in findings]
    improvements += one_letter_names(module, frozenset(contract_names))
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
        strengths=_strengths(
            module, improvements, notes, max_cyclomatic, bool(ruff_problem), forbidden
        ),
        improvements=tuple(improvements),
        notes=tuple(notes),
        max_cyclomatic=max_cyclomatic,
        maintainability=round(mi_visit(source, multi=True), 1),
    )


def _imported_task_lines(module: ast.Module, task_names: frozenset[str]) -> frozenset[int]:
    """The lines of top-level imports that bind a name the judge calls."""
    return frozenset(
        node.lineno
        for node in module.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        and any((alias.asname or alias.name) in task_names for alias in node.names)
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
                fix=f"add a one-line docstring under `def {undocumented[0].name}` that says what "
                "it returns, and for which inputs",
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
                fix=f"annotate every parameter and the return type of `{unhinted[0].name}`, "
                "as the problem's statement types them",
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
    forbidden: Sequence[str],
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
    idioms = [
        idiom
        for idiom in _idioms(module)
        if not any(covers(name, idiom.removesuffix("()")) for name in forbidden)
    ]
    if idioms:
        strengths.append(f"Idiomatic standard library: {', '.join(idioms[:4])}.")
    if not improvements and not ruff_missing:
        strengths.append(
            "Clean under the linters: no finding from pyflakes, pycodestyle, "
            "bugbear, pylint and the rest."
        )
    return tuple(strengths)
