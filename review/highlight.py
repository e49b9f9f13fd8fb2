"""Mark the words two initiatives share, for the duplicate queue's side-by-side view (pure: text in, marked
pieces out).

Words are compared folded (no case, no diacritics, one tone placement), so "Cải tiến" in one matches "cai tien" in
the other; function words ("của", "và", "cho"…) are never marked, since every title shares them.
"""

import re

from core.text import fold
from review.lexicon import AMBIGUOUS_WORDS, FUNCTION_WORDS

_WORD = re.compile(r"\w+", re.UNICODE)
_UNMARKED = frozenset((FUNCTION_WORDS + " " + AMBIGUOUS_WORDS).split())


def words_of(text: str) -> set[str]:
    """Return the folded words of text that can be marked."""
    return {word for word in fold(text or "").split() if word not in _UNMARKED and len(word) > 1}


def mark_shared(text: str, other: str) -> list[tuple[str, bool]]:
    """Return text in pieces, each with whether it is a word that other contains too."""
    shared = words_of(other)
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _WORD.finditer(text or ""):
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        folded = fold(match.group()).split()
        pieces.append((match.group(), bool(folded) and all(word in shared for word in folded)))
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
