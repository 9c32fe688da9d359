# Seed 002 (002_d14a542653e98468.txt), stage 4, lines 151-187: the review of this stage has no
# revised example for the odd-index question (its revised examples cover OOP and copying). This is
# the candidate's own ideas (the modulus test, then join) applied to the question that was asked,
# in the reviews' revised-example style: the characters at odd indices of the whole text, and the
# per-word variant the candidate described as the follow-up.


def odd_index_chars(text: str) -> str:
    return "".join(char for index, char in enumerate(text) if index % 2 != 0)


def odd_index_chars_per_word(text: str) -> str:
    return " ".join(word[1::2] for word in text.split())
