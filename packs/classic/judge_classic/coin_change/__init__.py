"""coin_change: the fewest coins that make an amount (dynamic programming)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from judge.catalog.problem import Args, Example, Growth, Problem, Property, Task
from judge_classic.answers import IS_AN_INT, is_int

from .reference import coin_change

# The interview's amounts stay small enough for a recursion without memo to finish (it is
# exponential in the amount, and the judge flags it by measuring); the measured amounts grow.
_INTERVIEW_AMOUNT = 18
# Greedy traps: the largest coin first is not always best (6 = 3 + 3, not 4 + 1 + 1).
_TRAPS = st.sampled_from([[1, 3, 4], [1, 5, 6, 9], [2, 5], [3, 7], [1, 7, 10], [4, 6]])
_coins = st.one_of(
    _TRAPS,
    st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True),
)
_arguments = st.tuples(_coins, st.integers(0, _INTERVIEW_AMOUNT))
# The coins the judge measures with: 1 and two small ones, so a recursion without memo branches
# widely, and a greedy choice is not always right.
_MEASURED_COINS = (1, 3, 4)
# A variant's two other coins come from here: every variant has three coins, so the table's
# work is the same, and the fewest coins for the amount differ.
_OTHER_COINS = range(2, 8)


def make_variant(size: int, variant: int) -> Args:
    """The amount ``size`` with 1 and two other small coins drawn from ``variant``, in an order
    drawn from it too (three coins for every variant: the same work for the table)."""
    rng = random.Random(variant)
    coins = [1, *rng.sample(_OTHER_COINS, 2)]
    rng.shuffle(coins)
    return (coins, size)


def make_input(size: int) -> Args:
    """The amount ``size`` with the coins 1, 3 and 4."""
    return (list(_MEASURED_COINS), size)


def _zero_for_zero(args: Args, answer: Any) -> bool:
    _coins, amount = args
    return amount != 0 or answer == 0


def _at_least_amount_over_largest(args: Args, answer: Any) -> bool:
    """No answer uses fewer coins than the amount divided by the largest coin."""
    coins, amount = args
    return is_int(answer) and (answer == -1 or answer * max(coins) >= amount)


def _minus_one_only_when_unreachable(args: Args, answer: Any) -> bool:
    """-1 exactly when no combination of the coins makes the amount."""
    coins, amount = args
    reachable = {0}
    for total in range(1, amount + 1):
        if any(total - coin in reachable for coin in coins):
            reachable.add(total)
    return (answer == -1) == (amount not in reachable)


def _in_domain(args: Args) -> bool:
    """Distinct positive coins and an amount of the interview's sizes: inputs built from the
    candidate's own literals stay where a recursion without memo still finishes (the measured
    amounts, up to the spec's, are make_input's)."""
    coins, amount = args
    return (
        bool(coins)
        and len(set(coins)) == len(coins)
        and all(isinstance(c, int) and c >= 1 for c in coins)
        and isinstance(amount, int)
        and 0 <= amount <= _INTERVIEW_AMOUNT
    )


PROBLEM = Problem(
    slug="coin_change",
    title="Coin Change",
    spec_path=Path(__file__).with_name("spec.md"),
    tasks=(
        Task(
            name="coin_change",
            params=("coins", "amount"),
            reference=coin_change,
            arguments=_arguments,
            target=Growth.LINEAR,
            make_input=make_input,
            make_variant=make_variant,
            size_unit="amount",
            examples=(
                Example(args=([1, 2, 5], 11), expected=3),
                Example(args=([2], 3), expected=-1),
                Example(args=([1], 0), expected=0),
                Example(args=([1, 3, 4], 6), expected=2),
            ),
            properties=(
                IS_AN_INT,
                Property("is 0 for the amount 0", _zero_for_zero),
                Property(
                    "uses at least amount / largest coin coins", _at_least_amount_over_largest
                ),
                Property(
                    "is -1 exactly when no coins make the amount", _minus_one_only_when_unreachable
                ),
            ),
            domain=_in_domain,
        ),
    ),
)
