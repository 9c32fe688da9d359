"""Named properties of a correct LRUCache's results, checkable from the operations and results.

Each takes ``args = ((capacity,), operations)`` and the list of the methods' return values.
"""

from __future__ import annotations

from typing import Any

from judge.catalog.problem import Args, Property


def _one_result_per_operation(args: Args, answer: Any) -> bool:
    _, operations = args
    if not isinstance(answer, list) or len(answer) != len(operations):
        return False
    return all(
        result is None if method == "put" else type(result) is int
        for (method, _), result in zip(operations, answer, strict=True)
    )


def _hits_return_the_latest_value(args: Args, answer: Any) -> bool:
    if not _one_result_per_operation(args, answer):
        return False
    _, operations = args
    latest: dict[int, int] = {}
    for (method, method_args), result in zip(operations, answer, strict=True):
        if method == "put":
            key, value = method_args
            latest[key] = value
        elif result != -1 and latest.get(method_args[0]) != result:
            return False
    return True


def _a_key_just_put_is_present(args: Args, answer: Any) -> bool:
    # Reads never evict, so after put(key, value) and only reads, get(key) must find value.
    if not _one_result_per_operation(args, answer):
        return False
    _, operations = args
    just_put: dict[int, int] = {}
    for (method, method_args), result in zip(operations, answer, strict=True):
        if method == "put":
            key, value = method_args
            just_put = {key: value}
        elif method_args[0] in just_put and result != just_put[method_args[0]]:
            return False
    return True


def _holds_at_most_capacity_keys(args: Args, answer: Any) -> bool:
    # Between two puts the set of cached keys cannot change, so the distinct keys that reads
    # find there were all cached at once: no more than capacity of them.
    if not _one_result_per_operation(args, answer):
        return False
    (capacity,), operations = args
    found: set[int] = set()
    for (method, method_args), result in zip(operations, answer, strict=True):
        if method == "put":
            found = set()
        elif result != -1:
            found.add(method_args[0])
            if len(found) > capacity:
                return False
    return True


PROPERTIES = (
    Property("one result per operation: an int from get, None from put", _one_result_per_operation),
    Property("get returns -1 or the latest value put for that key", _hits_return_the_latest_value),
    Property("a key just put is present", _a_key_just_put_is_present),
    Property("holds at most capacity keys", _holds_at_most_capacity_keys),
)
