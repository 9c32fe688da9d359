"""Replies built to cost the judge: on both backends each ends in its outcome, within the call's
limit (decoding included), and leaves nothing running (the ``harness`` fixture checks that).

The candidate runs in the worker's interpreter, so it can replace the worker's encoder
(``__main__.encode_value``) and send any reply the JSON framing allows.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pytest

from sandbox.base import LoadStatus, Outcome
from sandbox.decoding import MAX_KEYS_PER_HASH

if TYPE_CHECKING:
    from conftest import Harness

# Ints hash modulo this prime: its multiples all hash to 0.
HASH_MODULUS = 2**61 - 1


def forging(harness: Harness, encoded: str) -> None:
    """Load a task ``forge`` whose reply's value is the expression ``encoded``, unchecked."""
    source = f"""
    import __main__
    def forge():
        __main__.encode_value = lambda value: {encoded}
        return 0
    """
    result = harness.load(textwrap.dedent(source))
    assert (result.outcome, result.status) == (Outcome.OK, LoadStatus.OK)


def test_a_forged_dict_of_colliding_keys_is_output_exceeded_in_linear_time(
    harness: Harness,
) -> None:
    # 100,000 keys of one hash: building that dict would hold the judge for minutes.
    forging(harness, f'{{"d": [[{{"i": hex(i * {HASH_MODULUS})}}, 0] for i in range(1, 100_001)]}}')
    result = harness.call("forge")
    assert result.outcome is Outcome.OUTPUT_EXCEEDED
    assert f"more than {MAX_KEYS_PER_HASH} keys with one hash" in result.detail
    # The forger's own work (100,000 pairs, 3 MB of JSON) counts; building the dict would not
    # end for a minute and a half.
    assert harness.elapsed_s < 10


@pytest.mark.parametrize(
    ("keys", "outcome"),
    [(MAX_KEYS_PER_HASH, Outcome.OK), (MAX_KEYS_PER_HASH + 1, Outcome.OUTPUT_EXCEEDED)],
    ids=["at-the-cap", "past-the-cap"],
)
def test_an_honest_dict_of_colliding_keys_is_carried_up_to_the_cap(
    harness: Harness, keys: int, outcome: Outcome
) -> None:
    source = f"def colliding():\n    return {{i * {HASH_MODULUS}: i for i in range({keys})}}\n"
    assert harness.load(source).status is LoadStatus.OK
    result = harness.call("colliding")
    assert result.outcome is outcome
    if outcome is Outcome.OK:
        assert result.value == {i * HASH_MODULUS: i for i in range(keys)}


@pytest.mark.parametrize(
    "encoded",
    ['{"f": "0x1p99999"}', '{"t": [{"f": "-0x1p99999"}]}', '{"d": [[[1], 2]]}'],
    ids=["float-overflow", "nested-float-overflow", "list-as-key"],
)
def test_a_value_no_encoder_writes_is_a_protocol_violation(harness: Harness, encoded: str) -> None:
    forging(harness, encoded)
    result = harness.call("forge")
    assert result.outcome is Outcome.PROTOCOL_VIOLATION
    assert "does not decode" in result.detail
    assert harness.within_limit()


def test_a_shared_tree_of_2_to_the_90_leaves_is_output_exceeded_at_once(harness: Harness) -> None:
    source = "def tree():\n    x = [0]\n    for _ in range(90):\n        x = [x, x]\n    return x\n"
    assert harness.load(source).status is LoadStatus.OK
    result = harness.call("tree")
    assert result.outcome is Outcome.OUTPUT_EXCEEDED
    assert "larger than the wire carries" in result.detail
    assert harness.within_limit()


def test_shared_references_within_the_budget_arrive_expanded(harness: Harness) -> None:
    source = "def shared():\n    x = [1.5, (2,)]\n    return [x, {0: x}, (x, x)]\n"
    assert harness.load(source).status is LoadStatus.OK
    result = harness.call("shared")
    x = [1.5, (2,)]
    assert (result.outcome, result.value) == (Outcome.OK, [x, {0: x}, (x, x)])
