"""The one function that makes candidate text safe to show, in every medium."""

from __future__ import annotations

import pytest

from judge.untrusted import visible


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J\x1b]0;title\x07", "\\x1b[2J\\x1b]0;title\\x07"),
        ("a\rb\x00\x7f\x9b", "a\\rb\\x00\\x7f\\x9b"),
        ("\ud800 \u202e \u2066 \u2028 \ufffe", "\\ud800 \\u202e \\u2066 \\u2028 \\ufffe"),
        ("plain naïve ünïcode 😀", "plain naïve ünïcode 😀"),
    ],
    ids=["ansi-and-osc", "c0-c1-del", "surrogate-bidi-separators", "printable-unchanged"],
)
def test_control_characters_are_written_as_escapes(text: str, shown: str) -> None:
    assert visible(text) == shown
    assert visible(text).encode("utf-8")  # encodable: no lone surrogate is left


def test_only_multiline_text_keeps_its_newlines_and_tabs() -> None:
    assert visible("one\n\ttwo") == "one\\n\\ttwo"
    assert visible("one\n\ttwo", multiline=True) == "one\n\ttwo"
