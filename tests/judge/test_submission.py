"""Reading a solution file, and telling which problem it solves, before anything runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from judge.catalog.discovery import Catalogue, discover
from judge.errors import UsageError
from judge.sessions.submission import (
    MAX_SUBMISSION_BYTES,
    defined_names,
    infer_problem,
    read_submission,
)


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return discover()


def test_reads_a_solution(tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text("def gcd(a, b):\n    return a\n", encoding="utf-8")
    submission = read_submission(path)
    assert submission.filename == "mine.py"
    assert submission.source == b"def gcd(a, b):\n    return a\n"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("absent.py", None, "no such file: '{path}'; pass the path of your solution file"),
        ("folder", "dir", "'{path}' is a directory; pass the path of your solution file"),
        ("empty.py", b"", "'{path}' is empty; write your solution in it first"),
        ("blank.py", b"  \n\n", "'{path}' is empty; write your solution in it first"),
        (
            "binary.py",
            b"\x7fELF\x00\x01",
            "'{path}' is a binary file; pass your Python source file",
        ),
        (
            "latin1.py",
            "def gcd(a, b):  # é\n".encode("latin-1"),
            "'{path}' is not UTF-8 text (byte 18); save it as UTF-8",
        ),
        (
            "huge.py",
            b"#" * (MAX_SUBMISSION_BYTES + 1),
            "'{path}' is 65,537 bytes, over the 64 KiB limit for a solution; "
            "submit the one file with your solution",
        ),
    ],
)
def test_bad_files_are_one_line_usage_errors(
    tmp_path: Path, name: str, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    with pytest.raises(UsageError) as raised:
        read_submission(path)
    assert str(raised.value) == message.format(path=path)
    assert "\n" not in str(raised.value)


def test_a_file_exactly_at_the_cap_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.py"
    path.write_bytes(b"#" * MAX_SUBMISSION_BYTES)
    assert len(read_submission(path).source) == MAX_SUBMISSION_BYTES


def test_defined_names_covers_every_top_level_binding() -> None:
    source = b"""
import math
from functools import reduce as fold
import os.path

def gcd(a, b): ...
async def later(): ...
class LRUCache: ...
digit_sum = lambda n: 0
total: int = 0
first, (second, third) = 1, (2, 3)
if True:
    def digital_root(n): ...
try:
    import numpy
except ImportError:
    fallback = None

def outer():
    inner = 1
"""
    assert defined_names(source) == {
        "math",
        "fold",
        "os",
        "gcd",
        "later",
        "LRUCache",
        "digit_sum",
        "total",
        "first",
        "second",
        "third",
        "digital_root",
        "numpy",
        "fallback",
        "outer",
    }


def test_defined_names_is_none_for_a_file_that_does_not_parse() -> None:
    assert defined_names(b"def gcd(a, b)\n    return a\n") is None


def _solution(tmp_path: Path, name: str, source: str) -> tuple[Path, object]:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return path, read_submission(path)


@pytest.mark.parametrize(
    ("name", "source", "slug"),
    [
        ("gcd.py", "print('no functions at all')\n", "gcd"),  # the stem names the problem
        ("digit_sum.py", "def gcd(a, b): ...\n", "digit_sum"),  # the stem wins over names
        ("gcd.py", "def gcd(a, b)\n", "gcd"),  # a syntax error falls back to the stem
        ("solution.py", "def gcd(a, b):\n    return a\n", "gcd"),
        ("solution.py", "def helper(): ...\ndef most_frequent_smallest(nums): ...\n", None),
        ("solution.py", "def digital_root(n): ...\n", "digit_sum"),  # a follow-up alone
        # the main task of one problem beats a follow-up name of another
        ("solution.py", "def odd_index_chars_per_word(t): ...\ndef gcd(a, b): ...\n", "gcd"),
    ],
)
def test_infers_the_problem(
    tmp_path: Path, catalogue: Catalogue, name: str, source: str, slug: str | None
) -> None:
    path, submission = _solution(tmp_path, name, source)
    expected = slug or "most_frequent_smallest"
    assert infer_problem(path, submission, catalogue).slug == expected


def test_ambiguous_file_lists_the_candidates(tmp_path: Path, catalogue: Catalogue) -> None:
    path, submission = _solution(tmp_path, "both.py", "def gcd(a, b): ...\ndef digit_sum(n): ...\n")
    with pytest.raises(UsageError) as raised:
        infer_problem(path, submission, catalogue)
    assert str(raised.value) == (
        "'both.py' defines task functions of several problems (digit_sum, gcd); "
        "pass --problem with one of them"
    )


def test_file_without_task_functions_lists_every_problem(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    path, submission = _solution(tmp_path, "mine.py", "def solve(x):\n    return x\n")
    with pytest.raises(UsageError) as raised:
        infer_problem(path, submission, catalogue)
    message = str(raised.value)
    assert message.startswith("'mine.py' defines none of the task functions (")
    slugs = ", ".join(sorted(catalogue.slugs))
    assert message.endswith(
        f"name your function as the spec says or pass --problem, one of: {slugs}"
    )


def test_unparsable_file_with_unknown_stem_asks_for_problem(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    path, submission = _solution(tmp_path, "mine.py", "def gcd(a, b)\n")
    with pytest.raises(UsageError) as raised:
        infer_problem(path, submission, catalogue)
    slugs = ", ".join(sorted(catalogue.slugs))
    assert str(raised.value) == (
        f"cannot tell which problem 'mine.py' solves (it does not parse); "
        f"pass --problem, one of: {slugs}"
    )
