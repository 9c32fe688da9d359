"""The type-tagged codec of returned values: what goes in comes out with the same types, through
real JSON."""

from __future__ import annotations

import json
import math
import sys

import pytest
from exact import identical
from hypothesis import given, settings
from hypothesis import strategies as st

from sandbox.base import Opaque
from sandbox.decoding import decode_value
from sandbox.wire import FrameDecoder
from sandbox.worker import (
    MAX_DEPTH,
    ValueTooLarge,
    encode_frame,
    encode_value,
)


def through_the_wire(value: object) -> object:
    """Encode, frame, cut the frame again, decode: the path a returned value takes."""
    decoder = FrameDecoder(max_frame=1 << 26)
    decoder.feed(encode_frame({"value": encode_value(value)}))
    payload = decoder.next_frame()
    assert payload is not None and decoder.pending == 0
    return decode_value(json.loads(payload)["value"])


big_ints = st.builds(
    lambda digits, sign: sign * (10**digits + 7), st.integers(0, 6000), st.sampled_from([1, -1])
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | big_ints
    | st.floats(allow_nan=True, allow_infinity=True)
    # Any code point, lone surrogates included.
    | st.text(st.characters(exclude_categories=()))
)
keys = st.recursive(
    st.none() | st.booleans() | st.integers() | big_ints | st.text(),
    lambda inner: st.tuples(inner, inner),
    max_leaves=4,
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_values_round_trip_with_their_types(value: object) -> None:
    assert identical(through_the_wire(value), value)


EDGE_VALUES = {
    "int-5000-digits": 10**5000,
    "negative-int-5000-digits": -(10**5000) - 1,
    "2**53": 2**53,
    "-2**53": -(2**53),
    "2**53-1": 2**53 - 1,
    "nan": math.nan,
    "inf": math.inf,
    "-inf": -math.inf,
    "-0.0": -0.0,
    "smallest-subnormal": 5e-324,
    "empty-tuple": (),
    "empty-tuple-and-list": [(), []],
    "tuple-and-none-keys": {(1, "a"): [1, (2,)], None: {True: 1.5}},
    "surrogate-emoji-nul": "\ud800 lone surrogate, \U0001f600 and \x00",
}


@pytest.mark.parametrize("value", EDGE_VALUES.values(), ids=EDGE_VALUES.keys())
def test_edge_values_round_trip(value: object) -> None:
    assert identical(through_the_wire(value), value)


def test_huge_ints_need_no_global_setting() -> None:
    before = sys.get_int_max_str_digits()
    assert identical(through_the_wire(7 * 10**20000), 7 * 10**20000)
    assert sys.get_int_max_str_digits() == before


@pytest.mark.parametrize(
    ("value", "type_name"),
    [
        ({1, 2}, "set"),
        (frozenset(), "frozenset"),
        ((n for n in ()), "generator"),
        (b"bytes", "bytes"),
        (1 + 2j, "complex"),
        (type("Rigged", (int,), {"__eq__": lambda self, other: True})(3), "Rigged"),
        (type("Str", (str,), {})("text"), "Str"),
        ([1, {2}], None),
    ],
    ids=lambda value: type(value).__name__,
)
def test_other_types_are_opaque_by_type_name(value: object, type_name: str | None) -> None:
    decoded = through_the_wire(value)
    if type_name is None:  # nested: only the uncarried part is opaque
        assert decoded == [1, Opaque("set")]
    else:
        assert decoded == Opaque(type_name)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([0] * 5_000_000, "larger than the wire carries"),
        ("x" * 5_000_000, "larger than the wire carries"),
        ([[0] * 3_000_000, [0] * 3_000_000], "larger than the wire carries"),
    ],
    ids=["long-list", "long-string", "two-long-lists"],
)
def test_bounded_encoding_refuses_huge_values(value: object, message: str) -> None:
    with pytest.raises(ValueTooLarge, match=message):
        encode_value(value)


def test_bounded_encoding_refuses_deep_and_self_referential_values() -> None:
    cycle: list[object] = []
    cycle.append(cycle)
    with pytest.raises(ValueTooLarge, match=f"deeper than {MAX_DEPTH}"):
        encode_value(cycle)
    deep: list[object] = []
    for _ in range(MAX_DEPTH):
        deep = [deep]
    with pytest.raises(ValueTooLarge):
        encode_value(deep)
    assert decode_value(encode_value(deep[0])) == deep[0]


@pytest.mark.parametrize(
    "data",
    [
        {"i": "12"},  # not hex
        {"i": "0x5"},  # a small int must be plain
        {"i": "0x1_0000000000000000"},
        {"i": 5},
        2**60,  # a big int must be tagged
        1.5,  # a float must be tagged
        {"f": "not a float"},
        {"f": 1.5},
        {"t": "abc"},
        {"d": [[1]]},
        {"d": [[[1], 2]]},  # an unhashable key
        {"d": {"a": 1}},
        {"x": 1},
        {"t": [], "d": []},
        {},
    ],
    ids=repr,
)
def test_malformed_values_are_refused(data: object) -> None:
    with pytest.raises(ValueError):
        decode_value(data)


def test_decoding_refuses_values_nested_past_the_limit() -> None:
    data: object = 1
    for _ in range(MAX_DEPTH + 2):
        data = [data]
    with pytest.raises(ValueError, match="deeper"):
        decode_value(data)
