"""Counts read as English in every report: "1 input", "0 inputs", "1 spec example"."""

from __future__ import annotations

import pytest

from judge.catalog.problem import Growth
from judge.complexity.fit import estimate_growth
from judge.correctness.feedback import stress_outcome
from judge.report import Group, GroupReport, Timing, Verdict
from judge.wording import counted, inputs_text, points_text


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 inputs"), (1, "1 input"), (2, "2 inputs"), (22, "22 inputs")]
)
def test_inputs_are_counted_with_the_right_plural(count: int, expected: str) -> None:
    assert inputs_text(count) == expected


def test_other_nouns_and_points() -> None:
    assert [counted(n, "spec example") for n in (0, 1, 3)] == [
        "0 spec examples",
        "1 spec example",
        "3 spec examples",
    ]
    assert counted(1, "call") == "1 call"
    assert (points_text(1.0), points_text(16.666)) == ("+1.0 point", "+16.7 points")


def test_a_stress_group_passed_on_one_input_says_input() -> None:
    group = GroupReport(Group.STRESS, Verdict.ACCEPTED, 1, "101 to 420 digits", "digits")
    assert stress_outcome(group) == "passed (1 input of 101 to 420 digits)"


def test_growth_from_one_size_says_size() -> None:
    estimate = estimate_growth([Timing(8, 0.001, 0.001)], Growth.LINEAR)
    assert (estimate.estimated, estimate.note) == (None, "only 1 size could be measured")
