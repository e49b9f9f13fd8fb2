"""Mark the words two initiatives share, for the duplicate queue's side-by-side view (pure: text in, marked
pieces out).

Words are compared without case and with one tone placement (hoá/hóa); a word written without diacritics matches
any spelling of it, so "Cải tiến" in one matches "cai tien" in the other, but "đóng" does not match "động". Function
words ("của", "và", "cho"…) are never marked, since every title shares them.
"""

import re

from core.text import fold, fold_syllable, syllables
from review.lexicon import AMBIGUOUS_WORDS, FUNCTION_WORDS

_WORD = re.compile(r"\w+", re.UNICODE)
_UNMARKED = frozenset((FUNCTION_WORDS + " " + AMBIGUOUS_WORDS).split())


def words_of(text: str) -> set[str]:
    """Return the folded words of text that can be marked."""
    return {word for word in fold(text or "").split() if word not in _UNMARKED and len(word) > 1}


def _vocabulary(text: str) -> tuple[set[str], set[str], set[str]]:
    """Return text's markable words: as spelt (normalised), folded, and folded from those written without marks."""
    spelt, folded, plain = set(), set(), set()
    for word in syllables(text or ""):
        bare = fold_syllable(word)
        if bare in _UNMARKED or len(bare) < 2:
            continue
        spelt.add(word)
        folded.add(bare)
        if bare == word:
            plain.add(bare)
    return spelt, folded, plain


def _shared(word: str, vocabulary: tuple[set[str], set[str], set[str]]) -> bool:
    spelt, folded, plain = vocabulary
    bare = fold_syllable(word)
    return word in spelt or (bare == word and bare in folded) or bare in plain


def mark_shared(text: str, other: str) -> list[tuple[str, bool]]:
    """Return text in pieces, each with whether it is a word that other contains too."""
    vocabulary = _vocabulary(other)
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _WORD.finditer(text or ""):
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        words = syllables(match.group())
        marked = bool(words) and all(fold_syllable(w) not in _UNMARKED and len(fold_syllable(w)) > 1
                                     and _shared(w, vocabulary) for w in words)
        pieces.append((match.group(), marked))
        position = match.end()
    if position < len(text or ""):
        pieces.append((text[position:], False))
    return pieces


def shared_share(text: str, other: str) -> float | None:
    """Return the share of text's markable words that other contains, None when text has none."""
    own = words_of(text)
    if not own:
        return None
    return len(own & words_of(other)) / len(own)
