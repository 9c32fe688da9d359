"""Text from the candidate, made safe to show: the one function every report medium calls.

What a candidate's code prints or raises (and the names it defines) reaches the user's terminal,
an HTML page and a JUnit file. An escape sequence in it could clear the screen, draw a fake
"Accepted" or set the window title (rich's Text drops only a few control characters); a lone
surrogate cannot be encoded at all, so writing it would crash the judge; a bidirectional
override reorders what is shown. ``visible`` writes each of those characters as a Python escape
(``\\x1b``, ``\\ud800``, ``\\u202e``), so the text reads as what it is and encodes anywhere.
"""

from __future__ import annotations

import re

# C0 and C1 controls and DEL, the bidirectional marks and overrides, the line and paragraph
# separators, surrogates, and the two non-characters XML cannot hold.
_SHOWN_ESCAPED = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
    "\ud800-\udfff\ufffe\uffff"
)
_HIDDEN_IN_LINES = re.compile(f"[{_SHOWN_ESCAPED}]")
_HIDDEN_IN_A_LINE = re.compile(f"[\t\n{_SHOWN_ESCAPED}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with every control character written as an escape; ``multiline`` keeps newlines
    and tabs (printed output), else they are escaped too (one line can then not pose as two)."""
    pattern = _HIDDEN_IN_LINES if multiline else _HIDDEN_IN_A_LINE
    return pattern.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
