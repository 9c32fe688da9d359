"""The judge's half of the value codec: reads the worker's type-tagged JSON values, strictly.

sandbox/worker.py encodes (and specifies the format). What comes back is untrusted, so anything
that an honest encoder would not have produced is a ValueError.
"""

from __future__ import annotations

from sandbox.base import Opaque
from sandbox.worker import EXACT_INT_LIMIT, MAX_DEPTH, untagged_cost


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
        return float.fromhex(body)
    if tag == "t" and type(body) is list:
        if untagged_cost(body) is not None:
            return tuple(body)
        return tuple(_decode(item, depth + 1) for item in body)
    if tag == "d" and type(body) is list:
        result = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise ValueError(f"a dict entry that is not a pair: {pair!r:.80}")
            key = _decode(pair[0], depth + 1)
            try:
                result[key] = _decode(pair[1], depth + 1)
            except TypeError as exc:  # an unhashable key: no encoder makes one
                raise ValueError(f"a dict key that cannot be a key: {exc}") from None
        return result
    if tag == "o" and type(body) is str:
        return Opaque(body)
    raise ValueError(f"unknown tagged value: {data!r:.80}")


def _decode_big_int(text: str) -> int:
    digits = text[1:] if text.startswith("-") else text
    if not digits.startswith("0x") or not digits[2:].isalnum() or not digits[2:].isascii():
        raise ValueError(f"a big int that is not hex: {text!r:.80}")
    number = int(text, 16)
    if -EXACT_INT_LIMIT < number < EXACT_INT_LIMIT:
        raise ValueError("a tagged big int inside the exact range")
    return number
