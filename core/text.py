"""Normalise Vietnamese text so that spelling variants of one title compare equal (pure).

Public functions (pure, no I/O):

- ``normalise(text) -> str``: NFC, lowercase, one canonical tone-mark placement per syllable (hoá/hóa,
  thuỷ/thủy, khoẻ/khỏe), final ``y`` after a consonant spelled ``i`` (quý/quí, kỹ/kĩ, lý/lí), look-alike
  letters from other scripts mapped to Latin (Cyrillic "С", Greek omicron, fullwidth forms), punctuation
  and symbols turned into single spaces. Diacritics and ``đ`` are kept.
- ``fold(text) -> str``: ``normalise`` and then drop every diacritic, ``đ`` becoming ``d``.
- ``syllables(text) -> list[str]``: the words of ``normalise(text)``.
- ``fold_syllable(word) -> str``: fold one word of ``syllables``.
- ``folded_words(text, limit=None) -> list[str]``: the words of ``fold(text)`` (the first ``limit`` of them), by
  whitespace-separated piece, each piece folded once and remembered: real text repeats its syllables endlessly.
"""

import re
import unicodedata
from functools import lru_cache

# Combining marks that carry the tone of a syllable (huyền, sắc, ngã, hỏi, nặng).
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Combining marks that change the vowel itself (â ê ô, ă, ơ ư).
_VOWEL_MARKS = frozenset("\u0302\u0306\u031b")
_VOWELS = frozenset("aeiouy")
_COMBINING = re.compile("[\u0300-\u036f]")

# Letters from other scripts that render like Latin letters, as found in copy-pasted or deliberately
# disguised titles. Uppercase and lowercase are listed because casefolding happens after this mapping.
_LOOKALIKES = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W",
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ѕ": "s", "і": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "α": "a", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n",
    # Letters mistaken for đ (Icelandic eth, African hooked d)
    "Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɖ": "đ", "ɗ": "đ", "Ɗ": "Đ",
    # Dotless i and Latin alpha
    "ı": "i", "ɑ": "a",
}
_LOOKALIKE_TABLE = str.maketrans(_LOOKALIKES)
_LOOKALIKE_LETTERS = re.compile("[" + "".join(_LOOKALIKES) + "]")

# Everything that is not a letter, digit or combining mark separates words; underscore is a word
# character for the regex engine but a separator here.
_SEPARATORS = re.compile(r"[^\w\u0300-\u036f]+|_+")
# Format characters (zero-width space and joiners, soft hyphen, BOM) sit inside words: delete them.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]")

# A final "y" that is the whole rhyme after a consonant onset is spelled "i" by one convention.
_Y_AS_I = re.compile(r"^(qu|[bcdđghklmnprstvx]+)y$")


def normalise(text: str) -> str:
    """Return the canonical spelling of ``text`` (see the module docstring)."""
    return " ".join(syllables(text))


def fold(text: str) -> str:
    """Return ``text`` normalised and stripped of every diacritic, ``đ`` becoming ``d``."""
    return " ".join(fold_syllable(word) for word in syllables(text))


def syllables(text: str) -> list[str]:
    """Split ``text`` into normalised words."""
    if not text:
        return []
    decomposed = unicodedata.normalize("NFKD", _INVISIBLE.sub("", text))
    if _LOOKALIKE_LETTERS.search(decomposed):  # rare, and translate() is slow on non-ASCII text
        decomposed = decomposed.translate(_LOOKALIKE_TABLE)
    words = (_canonical_syllable(word) for word in _SEPARATORS.sub(" ", decomposed).lower().split())
    return [word for word in words if word]  # a stray combining mark ("¨" alone) leaves no word


def folded_words(text: str, limit: int | None = None) -> list[str]:
    """Return the words of ``fold(text)``, or the first ``limit`` of them."""
    if not text:
        return []
    words: list[str] = []
    # Whitespace separates words before and after every step of ``syllables``, so each piece folds on its own.
    for piece in text.split():
        words.extend(_folded_piece(piece))
        if limit is not None and len(words) >= limit:
            return words[:limit]
    return words


@lru_cache(maxsize=1 << 18)
def _folded_piece(piece: str) -> tuple[str, ...]:
    """Fold one whitespace-free piece of text into its words."""
    return tuple(fold_syllable(word) for word in syllables(piece))


@lru_cache(maxsize=1 << 16)
def fold_syllable(word: str) -> str:
    """Strip the diacritics of one normalised word."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", word)).replace("đ", "d")


@lru_cache(maxsize=1 << 16)
def _canonical_syllable(word: str) -> str:
    """Canonicalise one lowercase NFD word: i/y spelling and tone-mark position, then compose (NFC)."""
    letters: list[list[str]] = []
    tone = ""
    for char in word:
        if char in _TONE_MARKS:
            tone = char
        elif char in _VOWEL_MARKS and letters:
            letters[-1][1] += char
        elif unicodedata.combining(char):
            continue  # a mark foreign to Vietnamese (dot above, diaeresis): spelling noise
        else:
            letters.append([char, ""])
    bare = "".join(base + marks for base, marks in letters)
    if _Y_AS_I.match(bare):
        letters[-1][0] = "i"
    if tone and letters:  # a tone mark with no letter to sit on ("´" typed alone) is dropped
        position = _tone_position(letters)
        letters[position][1] += tone
    return unicodedata.normalize("NFC", "".join(base + marks for base, marks in letters))


def _tone_position(letters: list[list[str]]) -> int:
    """Return the index of the letter that carries the tone mark, by the 'new style' rule."""
    start = 0
    bases = "".join(base for base, _ in letters)
    # "qu" and "gi" before another vowel are onsets: their u/i is not part of the rhyme.
    if bases.startswith(("qu", "gi")) and len(bases) > 2 and bases[2] in _VOWELS:
        start = 2
    while start < len(letters) and letters[start][0] not in _VOWELS:
        start += 1
    end = start
    while end < len(letters) and letters[end][0] in _VOWELS:
        end += 1
    if start == end:
        return len(letters) - 1
    nucleus = range(start, end)
    marked = [i for i in nucleus if any(mark in _VOWEL_MARKS for mark in letters[i][1])]
    if marked:
        return marked[-1]
    if len(nucleus) >= 3:
        return start + 1
    if len(nucleus) == 2:
        has_coda = end < len(letters)
        rhyme = bases[start:end]
        return start + 1 if has_coda or rhyme in ("oa", "oe", "uy") else start
    return start
