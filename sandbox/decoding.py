"""The judge's half of the value codec: reads the worker's type-tagged JSON values, strictly.

sandbox/worker.py encodes (and specifies the format). What comes back is untrusted, so anything
that an honest encoder would not have produced is a ValueError. Decoding costs time linear in
the reply: the one structure whose building could cost more, a dict whose keys share hashes, is
checked before it is built (CostlyValue).
"""

from __future__ import annotations

from sandbox.base import Opaque
from sandbox.worker import EXACT_INT_LIMIT, MAX_DEPTH, untagged_cost

# Building a dict compares each key with every earlier key of the same hash: quadratic when many
# share one, and ints hash modulo 2**61 - 1, so a candidate can return any number of keys alike
# (0, 2**61 - 1, 2 * (2**61 - 1), ...). An honest answer has a few at most; past this many the
# dict costs the judge too much to build, like a value past the wire's size.
MAX_KEYS_PER_HASH = 8


class CostlyValue(Exception):
    """A well-formed value the judge will not build: its dict keys share hashes past the cap."""


def decode_value(data: object) -> object:
    """The value ``encode_value`` encoded; ValueError on anything malformed."""
    return _decode(data, 0)


def _decode(data: object, depth: int) -> object:
    kind = type(data)
    if data is None or kind is bool or kind is str:
        return data
    if kind is int:
        if not -EXACT_INT_LIMIT < data < EXACT_INT_LIMIT:  # type: ignore[operator]
            raise ValueError("a plain JSON int outside the exact range")
        return data
    if depth > MAX_DEPTH:
        raise ValueError(f"a value nested deeper than {MAX_DEPTH} levels")
    if kind is list:
        if untagged_cost(data) is not None:  # type: ignore[arg-type]
            return data
        return [_decode(item, depth + 1) for item in data]  # type: ignore[attr-defined]
    if kind is not dict or len(data) != 1:  # type: ignore[arg-type]
        raise ValueError(f"not a tagged value: {data!r:.80}")
    ((tag, body),) = data.items()  # type: ignore[attr-defined]
    if tag == "i" and type(body) is str:
        return _decode_big_int(body)
    if tag == "f" and type(body) is str:
        try:
            return float.fromhex(body)
        except OverflowError:  # "0x1p99999": no encoder writes a float past the largest
            raise ValueError(f"a float out of range: {body!r:.80}") from None
    if tag == "t" and type(body) is list:
        if untagged_cost(body) is not None:
            return tuple(body)
        return tuple(_decode(item, depth + 1) for item in body)
    if tag == "d" and type(body) is list:
        pairs = []
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise ValueError(f"a dict entry that is not a pair: {pair!r:.80}")
            pairs.append((_decode(pair[0], depth + 1), _decode(pair[1], depth + 1)))
        _check_key_hashes(pairs)
        return dict(pairs)
    if tag == "o" and type(body) is str:
        return Opaque(body)
    raise ValueError(f"unknown tagged value: {data!r:.80}")


def _check_key_hashes(pairs: list[tuple[object, object]]) -> None:
    """CostlyValue when more than MAX_KEYS_PER_HASH keys share a hash; ValueError if unhashable.

    The count itself is cheap: a hash code is an int whose own hash is itself, and codes that
    differ anywhere part within a few probes (the dict's perturbation reads every bit).
    """
    keys_per_hash: dict[int, int] = {}
    for key, _ in pairs:
        try:
            code = hash(key)
        except TypeError as exc:  # a list as a key: no encoder makes one
            raise ValueError(f"a dict key that cannot be a key: {exc}") from None
        count = keys_per_hash[code] = keys_per_hash.get(code, 0) + 1
        if count > MAX_KEYS_PER_HASH:
            raise CostlyValue(
                f"the returned dict has more than {MAX_KEYS_PER_HASH} keys with one hash: "
                "too costly for the judge to compare"
            )


def _decode_big_int(text: str) -> int:
    digits = text[1:] if text.startswith("-") else text
    if not digits.startswith("0x") or not digits[2:].isalnum() or not digits[2:].isascii():
        raise ValueError(f"a big int that is not hex: {text!r:.80}")
    number = int(text, 16)
    if -EXACT_INT_LIMIT < number < EXACT_INT_LIMIT:
        raise ValueError("a tagged big int inside the exact range")
    return number
