"""Rules of the spec (issue 16 section 4): an imported callable is judged, a forbidden shortcut
is a finding with its line that costs points, whatever door it comes through, and the verdict
stays about the answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judge.catalog.problem import Rule
from judge.catalog.rules import check_rules
from judge.reports.json_report import report_to_dict
from judge.sessions.assess import score_result
from judge.sessions.judging import judge_file
from judge.settings import JudgeOptions
from problems.gcd import PROBLEM as GCD
from sandbox.base import SandboxKind

RULES = GCD.rules


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from math import gcd\n", [(1, "imports math.gcd")]),
        (
            "from math import gcd as g\ndef gcd(a, b):\n    return g(a, b)\n",
            [(1, "imports math.gcd (as g)"), (3, "calls math.gcd (as g)")],
        ),
        ("import math as m\ndef gcd(a, b):\n    return m.gcd(a, b)\n", [(3, "calls math.gcd")]),
        ("def gcd(a, b):\n    return __import__('math').gcd(a, b)\n", [(2, "calls math.gcd")]),
        ("import math\ngcd = getattr(math, 'gcd')\n", [(2, "uses math.gcd")]),
        (
            "import math\ngcd = getattr(math, 'g' + 'cd')\n",
            [(2, "reads members of math by a computed name (getattr), math.gcd among them")],
        ),
        ("import importlib\ngcd = importlib.import_module('math').gcd\n", [(2, "uses math.gcd")]),
        (
            "import importlib\ngcd = importlib.import_module('ma' + 'th').gcd\n",
            [(2, "imports a module whose name is computed at run time")],
        ),
        ("import math\nf = math\ngcd = f.gcd\n", [(3, "uses math.gcd")]),
        ("import sys, math\ngcd = sys.modules['math'].gcd\n", [(2, "uses math.gcd")]),
        ("from math import *\n", [(1, "imports everything from math, math.gcd included")]),
        ("def gcd(a, b):\n    return eval('a')\n", [(2, "runs code from a string with eval()")]),
        (
            "import math\ndef gcd(a, b):\n    return a * b // math.lcm(a, b)\n",
            [(3, "calls math.lcm")],
        ),
        (
            "import math\ngcd = vars(math)['gcd']\n",
            [(2, "reads members of math through vars(), math.gcd among them")],
        ),
        # Allowed: math itself, another member, a getattr on the candidate's own object.
        ("import math\ndef gcd(a, b):\n    return math.isqrt(a)\n", []),
        ("class G:\n    def f(self, name):\n        return getattr(self, name)\n", []),
        ("def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n", []),
        ("def gcd(a, b:\n", []),  # a Syntax Error: nothing of it runs
    ],
    ids=repr,
)
def test_every_door_to_a_forbidden_name_is_found_at_its_line(
    source: str, expected: list[tuple[int, str]]
) -> None:
    assert [(f.line, f.what) for f in check_rules(source, RULES)] == expected


NO_ROOTS = (Rule("no-roots", "find the root yourself", fractional_powers=True),)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("def f(n):\n    return int(n ** 0.5)\n", [(2, "raises to the power 0.5")]),
        ("def f(n):\n    return int(n ** (1 / 2))\n", [(2, "raises to the power 1 / 2")]),
        ("def f(n):\n    return 1 / n ** -.5\n", [(2, "raises to the power -0.5")]),
        ("def f(n):\n    n **= 0.5\n    return n\n", [(2, "raises to the power 0.5")]),
        ("def f(n):\n    return pow(n, 0.5)\n", [(2, "calls pow with the power 0.5")]),
        (
            "import math\ndef f(n):\n    return math.pow(n, 1 / 2)\n",
            [(3, "calls pow with the power 1 / 2")],
        ),
        # Whole powers are arithmetic, not roots: allowed.
        ("def f(n):\n    return n ** 2 + n ** 2.0 + pow(n, 3, 7)\n", []),
        ("def f(n):\n    return n ** (4 // 2)\n", []),
    ],
    ids=repr,
)
def test_a_fractional_power_can_be_forbidden(source: str, expected: list[tuple[int, str]]) -> None:
    assert [(f.line, f.what) for f in check_rules(source, NO_ROOTS)] == expected
    # A rule that forbids names only lets fractional powers be.
    assert check_rules(source, RULES) == ()


def test_builtins_and_attributes_can_be_forbidden() -> None:
    rule = Rule("no-sorting", "sort it yourself", names=("sorted",), attributes=("sort",))
    found = [
        (f.line, f.what)
        for f in check_rules(
            "import builtins\nxs.sort()\nbuiltins.sorted(xs)\n__builtins__['sorted'](xs)\n",
            [rule],
        )
    ]
    assert found == [(2, "calls .sort"), (3, "calls sorted"), (4, "calls sorted")]
    assert check_rules("def sorted(x):\n    return x\nsorted(1)\n", [rule]) == ()


def test_a_rule_must_forbid_something_and_have_an_id() -> None:
    with pytest.raises(ValueError, match="forbids nothing"):
        Rule("no-x", "x")
    with pytest.raises(ValueError, match="kebab-case"):
        Rule("no x", "x", names=("x",))
    with pytest.raises(ValueError, match="dotted Python name"):
        Rule("no-x", "x", names=("math.",))


def _judge(tmp_path: Path, source: str, sandbox_kind: SandboxKind):
    path = tmp_path / "gcd.py"
    path.write_text(source)
    options = JudgeOptions(sandbox=sandbox_kind, examples=60, complexity=False)
    return judge_file(path, GCD, options)


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("from math import gcd\n", 1),
        ("import math\ngcd = math.gcd\n", 2),
        ("from math import gcd as g\ngcd = g\n", 1),
    ],
    ids=["from-import", "assigned", "aliased"],
)
def test_an_imported_gcd_is_judged_accepted_and_breaks_the_rule(
    tmp_path: Path, sandbox_kind: SandboxKind, source: str, line: int
) -> None:
    report = _judge(tmp_path, source, sandbox_kind)
    assert report.verdict.value == "accepted"  # judged, not Missing Function
    assert report.tasks[0].examples_run > 0
    assert report.broken_rules == ("no-math-gcd",)
    assert report.rule_findings[0].line == line
    assert report.rule_findings[0].says == GCD.rules[0].says
    # The style review never praises what the spec forbids, nor calls the import unused.
    assert report.style is not None
    assert not any("math.gcd" in strength for strength in report.style.strengths)
    assert not any(comment.rule == "F401" for comment in report.style.improvements)
    data = report_to_dict(report)
    assert data["rule_findings"][0]["rule"] == "no-math-gcd"
    json.dumps(data)
    scored = score_result(GCD, tmp_path / "gcd.py", report, None)
    # What the main task (60) and the growth (not measured here: 10) earned goes back.
    assert scored.score.rules == -70.0
    assert scored.losses[0].text.startswith("Follow the spec in gcd: line ")


def test_euclid_written_out_breaks_no_rule_and_keeps_its_points(
    tmp_path: Path, sandbox_kind: SandboxKind
) -> None:
    report = _judge(
        tmp_path,
        "def gcd(a, b):\n    while b:\n        a, b = b, a % b\n    return a\n",
        sandbox_kind,
    )
    assert (report.verdict.value, report.rule_findings) == ("accepted", ())
    assert score_result(GCD, tmp_path / "gcd.py", report, None).score.rules == 0.0
