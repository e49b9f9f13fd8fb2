"""Hypothesis strategies for Vietnamese-looking text: real syllables with every tone, joined any way people type."""

from hypothesis import strategies as st

ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p",
          "ph", "qu", "r", "s", "t", "th", "tr", "v", "x")
RHYMES = ("a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "ă", "ăm", "ăn", "ăng", "â", "âm", "ân", "âng",
          "âu", "ây", "e", "em", "en", "eo", "ê", "êm", "ên", "ênh", "êu", "i", "ia", "iêm", "iên", "iêu", "in",
          "inh", "iu", "o", "oa", "oai", "oan", "oang", "oanh", "oay", "oe", "oi", "om", "on", "ong", "ô", "ôi",
          "ôm", "ôn", "ông", "ơ", "ơi", "ơm", "ơn", "u", "ua", "uân", "uê", "ui", "um", "un", "ung", "uô", "uôi",
          "uôn", "uông", "uy", "uya", "uyên", "ư", "ưa", "ưi", "ưng", "ươ", "ươi", "ươn", "ương", "ưu", "y", "yên")
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # ngang, huyền, sắc, ngã, hỏi, nặng


@st.composite
def syllable(draw) -> str:
    """A Vietnamese syllable, its tone mark combined after its first vowel (the folding puts it where it belongs)."""
    onset, rhyme, tone = draw(st.sampled_from(ONSETS)), draw(st.sampled_from(RHYMES)), draw(st.sampled_from(TONES))
    vowel_at = next(i for i, c in enumerate(rhyme) if c in "aăâeêioôơuưy")
    return onset + rhyme[:vowel_at + 1] + tone + rhyme[vowel_at + 1:]


def title(min_words: int = 1, max_words: int = 12):
    """A title of min_words to max_words syllables separated by single spaces."""
    return st.lists(syllable(), min_size=min_words, max_size=max_words).map(" ".join)


# What people put between words and around them: spaces, tabs, line breaks, punctuation.
SEPARATORS = st.sampled_from((" ", "  ", "\t", "\n", " - ", ", ", "; ", " (", ") ", "/", ". "))


@st.composite
def messy(draw, words: str) -> str:
    """The same words as typed carelessly: other separators, capitals, surrounding punctuation."""
    parts = words.split(" ")
    text = parts[0]
    for part in parts[1:]:
        text += draw(SEPARATORS) + part
    if draw(st.booleans()):
        text = text.upper()
    return draw(st.sampled_from(("", " ", "“", "\"", "- "))) + text + draw(st.sampled_from(("", ".", "!", "”", " ")))
