"""Reference solution for valid_parentheses: a stack of the brackets still open."""

_OPENER = {")": "(", "]": "[", "}": "{"}


def is_valid(text: str) -> bool:
    """Whether every bracket of ``text`` is closed by the same kind, in the right order."""
    # The stack holds the brackets opened and not yet closed, the innermost on top: a closing
    # bracket must match the top, and at the end nothing may be left open.
    stack: list[str] = []
    for char in text:
        if char in _OPENER:
            if not stack or stack.pop() != _OPENER[char]:
                return False
        else:
            stack.append(char)
    return not stack
