"""The header of shipped wrong/ and slow/ solutions: parsed strictly, with errors that say where."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.authoring.expectations import Expectation, read_expectation, solution_files
from judge.catalog.discovery import discover, find_problem
from judge.catalog.problem import Growth
from judge.errors import ProblemError
from judge.report import Verdict


def _solution(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "solution.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_slow_header_parses(tmp_path: Path) -> None:
    path = _solution(
        tmp_path,
        "# verdict: accepted\n"
        "# growth: O(n^2)\n"
        "# why: each del shifts the rest\n"
        "#      of the list\n"
        "def f(x):\n"
        "    # verdict: this comment is code, not header\n"
        "    return x\n",
    )
    assert read_expectation(path) == Expectation(
        Verdict.ACCEPTED, Growth.QUADRATIC, "each del shifts the rest of the list"
    )


def test_a_stress_header_declares_the_stress_groups_verdict(tmp_path: Path) -> None:
    header = "# verdict: accepted\n# stress: runtime_error\n# why: one frame per digit\n"
    assert read_expectation(_solution(tmp_path, header + "def f(): ...\n")) == Expectation(
        Verdict.ACCEPTED, None, "one frame per digit", stress=Verdict.RUNTIME_ERROR
    )


def test_a_wrong_header_has_no_growth(tmp_path: Path) -> None:
    path = _solution(tmp_path, "# verdict: runtime_error\n# why: recurses forever\ndef f(): ...\n")
    assert read_expectation(path) == Expectation(Verdict.RUNTIME_ERROR, None, "recurses forever")


@pytest.mark.parametrize(
    ("header", "fault"),
    [
        ("# why: no verdict\n", "header has no '# verdict: ...' line"),
        ("# verdict: wrong_answer\n", "header has no '# why: ...' line"),
        ("def f(): ...\n# verdict: wrong_answer\n# why: late\n", "header has no '# verdict"),
        ("# verdict: wrong\n# why: x\n", "unknown verdict 'wrong'; use one of: accepted, "),
        ("# verdict: accepted\n# why: x\n", "an accepted solution must declare '# growth: ...'"),
        ("# verdict: accepted\n# growth: O(n^4)\n# why: x\n", "unknown complexity class 'O(n^4)'"),
        ("# verdict: accepted\n# grwoth: O(n)\n# why: x\n", "unknown header key 'grwoth'"),
        ("# verdict: accepted\n# verdict: accepted\n", "header key 'verdict' appears twice"),
        (
            "# verdict: wrong_answer\n# stress: runtime_error\n# why: x\n",
            "a stress solution is accepted on the interview's inputs and fails the stress group",
        ),
        (
            "# verdict: accepted\n# stress: accepted\n# why: x\n",
            "a stress solution is accepted on the interview's inputs and fails the stress group",
        ),
        ("# verdict: accepted\n# stress: crashed\n# why: x\n", "unknown verdict 'crashed'"),
    ],
)
def test_a_malformed_header_names_the_file_and_the_fault(
    tmp_path: Path, header: str, fault: str
) -> None:
    path = _solution(tmp_path, header)
    with pytest.raises(ProblemError) as caught:
        read_expectation(path)
    assert str(caught.value).startswith(f"{str(path)!r}: ")
    assert fault in str(caught.value)


def test_solution_files_lists_wrong_then_slow_then_stress_in_name_order() -> None:
    problem = find_problem(discover(), "digit_sum")
    names = [f"{path.parent.name}/{path.name}" for path in solution_files(problem)]
    assert names == [
        name
        for folder in ("wrong/", "slow/", "stress/")
        for name in sorted(n for n in names if n.startswith(folder))
    ]
    assert "wrong/root_is_n_mod_9.py" in names
    assert "slow/divides_by_ten.py" in names
    assert "stress/one_call_per_digit.py" in names
