"""The known-wrong, slow and stress-failing solutions a problem ships, and the verdicts each
one declares.

Every file in a problem's ``wrong/``, ``slow/`` and ``stress/`` folders starts with comment
lines::

    # verdict: wrong_answer
    # growth: O(n^2)          (slow/ only: the growth the judge must flag)
    # stress: runtime_error   (the stress group's verdict, the interview's passing: every
                              stress/ file; a slow/ or rule-breaking one that fails it too)
    # why: ties broken by first occurrence instead of by the smallest value

A value may go on over more comment lines, each indented by two spaces or more after the ``#``.
A file that is right but breaks a rule of the spec (judge.catalog.rules) says which, and is
Accepted::

    # verdict: accepted
    # breaks: no-math-gcd
    # why: right everywhere, but math.gcd does the work the spec asks for
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from judge.catalog.problem import Growth, Problem
from judge.errors import ProblemError
from judge.report import Verdict

SOLUTION_FOLDERS = ("wrong", "slow", "stress")

_HEADER_LINE = re.compile(r"#\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*?)\s*")
_CONTINUATION_LINE = re.compile(r"#\s{2,}(?P<value>\S.*?)\s*")
_KEYS = ("verdict", "growth", "stress", "breaks", "why")


@dataclass(frozen=True, slots=True)
class Expectation:
    """What the judge must say of a shipped solution, and why."""

    verdict: Verdict
    growth: Growth | None  # the complexity an accepted-but-slow solution must be flagged with
    why: str
    # The stress group's verdict for a solution right on the interview's inputs only (every
    # stress/ file; a slow/ file too slow, or a rule-breaking one wrong, at the largest sizes).
    stress: Verdict | None = None
    breaks: tuple[str, ...] = ()  # the ids of the rules of the spec the file must be found breaking


def read_expectation(path: Path) -> Expectation:
    """Parse the header of a wrong/ or slow/ file; ProblemError names the file and the fault."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProblemError(f"cannot read solution header of {str(path)!r}: {exc}") from exc
    fields: dict[str, str] = {}
    for line in text.splitlines():
        continuation = _CONTINUATION_LINE.fullmatch(line.strip())
        if continuation is not None and fields:
            last_key = next(reversed(fields))
            fields[last_key] = f"{fields[last_key]} {continuation['value']}".strip()
            continue
        match = _HEADER_LINE.fullmatch(line.strip())
        if match is None:
            break  # the header is the leading run of "# key: value" lines
        key, value = match["key"], match["value"]
        if key not in _KEYS:
            raise ProblemError(
                f"{str(path)!r}: unknown header key {key!r}; use: {', '.join(_KEYS)}"
            )
        if key in fields:
            raise ProblemError(f"{str(path)!r}: header key {key!r} appears twice")
        fields[key] = value
    for key in ("verdict", "why"):
        if not fields.get(key):
            raise ProblemError(
                f"{str(path)!r}: header has no '# {key}: ...' line; "
                "start the file with '# verdict: ...' and '# why: ...'"
            )
    verdict = _verdict(path, fields["verdict"])
    stress = _verdict(path, fields["stress"]) if "stress" in fields else None
    if stress is not None and (verdict is not Verdict.ACCEPTED or stress is Verdict.ACCEPTED):
        raise ProblemError(
            f"{str(path)!r}: a stress solution is accepted on the interview's inputs and fails"
            " the stress group: declare '# verdict: accepted' and the failing stress verdict"
        )
    growth = None
    if "growth" in fields:
        try:
            growth = Growth.parse(fields["growth"])
        except ValueError as exc:
            raise ProblemError(f"{str(path)!r}: {exc}") from None
    breaks = tuple(rule.strip() for rule in fields.get("breaks", "").split(",") if rule.strip())
    if verdict is Verdict.ACCEPTED and growth is None and stress is None and not breaks:
        raise ProblemError(
            f"{str(path)!r}: an accepted solution must declare '# growth: ...' (the complexity"
            " the judge flags it with), '# stress: ...' (the stress group's verdict) or"
            " '# breaks: RULE' (the rule it breaks)"
        )
    return Expectation(
        verdict=verdict, growth=growth, why=fields["why"], stress=stress, breaks=breaks
    )


def _verdict(path: Path, text: str) -> Verdict:
    try:
        return Verdict(text)
    except ValueError:
        valid = ", ".join(v.value for v in Verdict)
        raise ProblemError(
            f"{str(path)!r}: unknown verdict {text!r}; use one of: {valid}"
        ) from None


def solution_files(problem: Problem) -> tuple[Path, ...]:
    """The shipped solutions of a problem: wrong/, slow/ then stress/ files, each in name order."""
    return tuple(
        path
        for folder in SOLUTION_FOLDERS
        for path in sorted((problem.package_dir / folder).glob("*.py"))
        if path.name != "__init__.py"
    )
