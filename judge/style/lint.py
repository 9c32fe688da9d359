"""ruff on a submission's source, its findings explained as a reviewer would.

ruff runs as a subprocess on the source from stdin, with ``--isolated`` so that no
configuration file of the user's changes the rules, a fixed rule set and a timeout. Each finding
becomes a review comment: ruff's message (what), where, why it matters and how to fix it, in
our words where we have them (_ADVICE), else from the rule's family.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

from judge.report import ReviewComment

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


@dataclass(frozen=True, slots=True)
class RuffFinding:
    """One ruff diagnostic, as read from its JSON output."""

    code: str
    line: int
    message: str
    fix: str


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


def review_comment(finding: RuffFinding) -> ReviewComment:
    """The finding as a review comment: what, where, why it matters, how to fix it."""
    advice = _ADVICE.get(finding.code)
    why = advice.why if advice else _family_why(finding.code)
    # Our wording first: ruff's fix messages are terse and sometimes generic ("cond is None").
    fix = advice.fix if advice else finding.fix or f"see `ruff rule {finding.code}`"
    return ReviewComment(finding.code, finding.line, finding.message, why, fix[0].lower() + fix[1:])


def _family_why(code: str) -> str:
    return next((why for prefix, why in _FAMILY_WHY if code.startswith(prefix)), "ruff flags it")
