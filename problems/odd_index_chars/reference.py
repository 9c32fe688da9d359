"""Reference solutions for odd_index_chars: the characters at odd indices, of a text or per word.

Standard library only: the judge also loads this file into a sandbox worker to time it.
"""


def odd_index_chars(text: str) -> str:
    """The characters of ``text`` at odd 0-based indices, in order, in O(n)."""
    return text[1::2]


def odd_index_chars_per_word(text: str) -> str:
    """The odd-index characters of each whitespace-separated word, joined with one space."""
    return " ".join(word[1::2] for word in text.split())
