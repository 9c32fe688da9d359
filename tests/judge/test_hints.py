"""Static complexity hints: each code shape gives its rule at its line, and nothing else."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from judge.complexity.hints import confirm_hints, find_hints
from judge.report import Hint

PROBLEMS = Path(__file__).resolve().parents[2] / "problems"


def _found(source: str, entry: str, size_unit: str = "n") -> set[tuple[str, int]]:
    return {
        (h.rule, h.line) for h in find_hints(textwrap.dedent(source), entry, size_unit=size_unit)
    }


CASES = [
    pytest.param(
        """
        def f(nums):
            best = nums.count(nums[0])
            for num in nums:
                best = max(best, nums.count(num))
            return best
        """,
        "f",
        "n",
        {("count-in-loop", 5)},
        id="count-in-loop-not-before-it",
    ),
    pytest.param(
        """
        def f(nums):
            return max(sorted(nums), key=nums.count)
        """,
        "f",
        "n",
        {("count-in-loop", 3)},
        id="count-as-key-function",
    ),
    pytest.param(
        """
        def f(nums):
            seen = []
            for num in nums:
                if num not in seen:
                    seen.append(num)
            return seen
        """,
        "f",
        "n",
        {("list-membership", 5)},
        id="membership-in-list",
    ),
    pytest.param(
        """
        def f(nums):
            seen = set()
            counts = {}
            for num in nums:
                if num not in seen and num in counts:
                    seen.add(num)
            return seen
        """,
        "f",
        "n",
        set(),
        id="membership-in-set-and-dict-is-fine",
    ),
    pytest.param(
        """
        def f(text):
            return [c for c in text if c in "aeiou"]
        """,
        "f",
        "n",
        set(),
        id="membership-in-literal-is-fine",
    ),
    pytest.param(
        """
        def f(nums):
            order = list(nums)
            out = []
            for num in nums:
                out.insert(0, num)
                order.remove(num)
                order.pop(0)
                out.index(num)
            return out
        """,
        "f",
        "n",
        {("insert-front", 6), ("remove-in-loop", 7), ("pop-front", 8), ("index-in-loop", 9)},
        id="list-methods-in-loop",
    ),
    pytest.param(
        """
        def f(text):
            chars = list(text)
            i = 0
            while i < len(chars):
                del chars[i]
                i += 1
            return chars
        """,
        "f",
        "n",
        {("del-in-loop", 6)},
        id="del-in-while",
    ),
    pytest.param(
        """
        def f(s):
            best = 0
            for i in range(len(s)):
                for j in range(i, len(s)):
                    best = max(best, j - i)
            return best
        """,
        "f",
        "n",
        {("nested-loops", 5)},
        id="nested-loops",
    ),
    pytest.param(
        """
        def f(nums):
            return [(a, b) for a in nums for b in nums]
        """,
        "f",
        "n",
        {("nested-loops", 3)},
        id="nested-comprehension",
    ),
    pytest.param(
        """
        def f(nums):
            for _ in range(3):
                for num in nums:
                    pass
        """,
        "f",
        "n",
        set(),
        id="loop-in-constant-loop-is-fine",
    ),
    pytest.param(
        """
        def f(nums):
            out = []
            for num in nums:
                out.append(num)
                ordered = sorted(out)
            return ordered
        """,
        "f",
        "n",
        {("sort-in-loop", 6)},
        id="sort-in-loop",
    ),
    pytest.param(
        """
        def fib(n):
            if n < 2:
                return n
            return fib(n - 1) + fib(n - 2)
        """,
        "fib",
        "n",
        {("recursion-recomputes", 2)},
        id="recursion-without-cache",
    ),
    pytest.param(
        """
        import functools

        @functools.lru_cache(maxsize=None)
        def fib(n):
            if n < 2:
                return n
            return fib(n - 1) + fib(n - 2)
        """,
        "fib",
        "n",
        set(),
        id="recursion-with-cache",
    ),
    pytest.param(
        """
        def f(text):
            backwards = ""
            total = 0
            for char in text:
                backwards = char + backwards
                total = total + 1
            return backwards
        """,
        "f",
        "n",
        {("rebuild-in-loop", 6)},
        id="prepend-to-string-not-int-sum",
    ),
    pytest.param(
        """
        def f(s):
            for i in range(len(s)):
                rest = s[i:]
                pair = s[i:i + 2]
            return rest, pair
        """,
        "f",
        "n",
        {("slice-in-loop", 4)},
        id="slice-in-loop-not-fixed-width",
    ),
    pytest.param(
        """
        def gcd(a, b):
            for divisor in range(min(a, b), 0, -1):
                if a % divisor == 0 and b % divisor == 0:
                    return divisor
            return a + b
        """,
        "gcd",
        "digits",
        {("loop-to-value", 3)},
        id="loop-to-value-for-digits",
    ),
    pytest.param(
        """
        def gcd(a, b):
            while a != b:
                if a > b:
                    a -= b
                else:
                    b -= a
            return a
        """,
        "gcd",
        "digits",
        {("subtraction-loop", 3)},
        id="subtraction-loop-for-digits",
    ),
    pytest.param(
        """
        def helper(nums, value):
            return nums.count(value)

        def f(nums):
            return [helper(nums, num) for num in nums]
        """,
        "f",
        "n",
        set(),
        id="helper-scan-is-not-seen-through-the-call",
    ),
    pytest.param(
        """
        def helper(nums):
            for num in nums:
                nums.index(num)

        def f(nums):
            return helper(nums)
        """,
        "f",
        "n",
        {("index-in-loop", 4)},
        id="helper-called-by-the-task",
    ),
    pytest.param("def f(:\n", "f", "n", set(), id="syntax-error"),
    pytest.param("def g(nums):\n    return nums\n", "f", "n", set(), id="no-such-task"),
]


@pytest.mark.parametrize(("source", "entry", "size_unit", "expected"), CASES)
def test_hint_rules_and_lines(
    source: str, entry: str, size_unit: str, expected: set[tuple[str, int]]
) -> None:
    assert _found(source, entry, size_unit) == expected


def test_class_task_methods_count_as_run_per_operation() -> None:
    path = PROBLEMS / "lru_cache" / "slow" / "list_recency.py"
    found = _found(path.read_text(), "LRUCache")
    assert found == {("remove-in-loop", 16), ("remove-in-loop", 22), ("pop-front", 24)}


def test_the_count_hint_names_the_call_and_the_loop() -> None:
    path = PROBLEMS / "most_frequent_smallest" / "slow" / "count_every_element.py"
    (hint,) = find_hints(path.read_text(), "most_frequent_smallest")
    assert hint == Hint(
        line=8,
        what="`nums.count(num)` inside the loop over the input (line 7)",
        why=".count() scans the whole sequence: O(n) per call",
        rule="count-in-loop",
    )


@pytest.mark.parametrize(
    "path", sorted(PROBLEMS.glob("*/reference.py")), ids=lambda path: path.parent.name
)
def test_references_get_no_hints(path: Path) -> None:
    source = path.read_text()
    defined = [
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
    ]
    assert defined
    for entry in defined:
        assert find_hints(source, entry) == ()


def test_confirm_hints_marks_every_hint() -> None:
    hints = (Hint(3, "a", "b", rule="x"), Hint(5, "c", "d", rule="y"))
    assert [h.confirmed for h in confirm_hints(hints, confirmed=True)] == [True, True]
    assert confirm_hints(confirm_hints(hints, confirmed=True), confirmed=False) == hints
