"""Find initiatives that repeat one already submitted, however it is spelt or restated (pure).

Index and search in memory::

    index = DuplicateIndex()
    index.add(key, title, description="")   # adding an existing key replaces it
    index.remove(key)
    index.search(title, description="", limit=10)
    # -> [Match(key, score, likely_duplicate), ...], best first; score is 0-100

The analysis and scoring are pure functions, so a database-backed index can reuse them without this class:

- ``analyse(title, description="") -> Signature``: fold the text (``core.text.fold``: NFC/NFD, tone
  placement, capitals, punctuation, look-alike letters, diacritics), expand abbreviations (HS, NLĐ,
  ATVSLĐ…), map near-synonyms to one form (giải pháp → biện pháp, đồ gá → gá…), join known multi-syllable
  words into units (``chat_luong``), drop function words and a label before a colon ("Đề tài: …"), and split off
  the place clause ("tại phân xưởng nhuộm", at the end or opening the title before a comma) and the purpose clause
  ("nhằm giảm hao hụt", "để tránh tràn bể"). Everything works on
  folded words, so a title typed without diacritics analyses exactly like the original.
  ``Signature.dumps()``/``Signature.loads(text)`` store a signature in one text column; ``Signature.terms`` are
  the strings to index as postings (title units and unit bigrams).
- ``prior_weight(term) -> float``: built-in knowledge of how little a template or generic word ("một số",
  "biện pháp", "học sinh", "máy") says about which initiative a title is.
- ``term_weight(term, document_frequency, document_count) -> float``: the prior refined by the term's
  rarity in the corpus; the refinement fades in as the corpus grows. A database keeps document frequencies
  of ``Signature.terms | Signature.description_terms`` per document, as ``DuplicateIndex`` does.
- ``score(query, candidate, weight) -> (float, bool)``: 0-100 similarity and the likely-duplicate flag
  (score >= ``LIKELY_DUPLICATE``), ``weight(term)`` giving each term's weight. It first calls
  ``align(query, candidate)``, which rewrites the query's words that are the candidate's written another way
  (joined, split, hyphenated, respelled — compared by a rapidfuzz ratio — or abbreviated by initials).
- ``select_candidates(query, weight, posting_sizes, gather, units_of, caps) -> docs``: the search strategy
  (postings of the heaviest terms within a budget — the title's rare words before those of its place and purpose
  clauses, which weigh less —, pooled by the weight they share, the pool rated on all the query's units, the best of
  them kept for scoring; a tie across the pool's cut broken by the next words), over
  storage reached through two callbacks; ``rank(query, docs,
  signature_of, weight, limit)`` scores them. ``DuplicateIndex`` and the database-backed store (``review.store``,
  which pools in SQL) both search through these two.

Scoring compares weighted terms both ways. Terms one side has and the other lacks cost little when only one
side has them (a restatement adds or drops words) and much when both sides have their own (a template
look-alike swaps the distinctive words), so "biện pháp … thể chất" never passes for "biện pháp … ngôn ngữ".
A purpose clause only one side states costs a third of its weight; two different ones count in full.
"""

import math
import re
from array import array
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from heapq import nlargest
from operator import itemgetter

from rapidfuzz import fuzz

from core.text import folded_words, syllables
from review import lexicon

LIKELY_DUPLICATE = 70.0  # score from which a match is flagged as a likely duplicate
RELATED = 20.0  # lowest score worth listing at all
MAX_DESCRIPTION_UNITS = 40  # the opening of a description carries its gist; the rest costs memory

# Costs of unmatched weight: on the side with more of it (words added or dropped), on the side with less
# (what remains when both sides have words of their own), and for units of the title proper that both
# sides lack: a look-alike swaps distinctive units, a restatement mostly reorders or pads.
_ADDED_COST = 0.5
_SUBSTITUTED_COST = 1.3
_SWAPPED_UNIT_COST = 3.0
_RELATED_CEILING = 0.6  # highest score plain overlap alone can give: below LIKELY_DUPLICATE
_DESCRIPTION_SHARE = 0.5  # share of the gap to 100 that identical descriptions close
_PLACE_FACTOR = 0.5  # where an initiative was applied says less about what it is
_PURPOSE_FACTOR = 0.35  # what it is for, when only one side says so
_PURPOSE_AFTER = 2  # units of the title a purpose clause follows ("Để …" opening a title is its subject)
_ALIGN = True  # compare the words neither side shares by their spelling (see ``align``)
_SPAN = 3  # words joined or split: runs of up to three units are compared as one
_ALIGNED_MIN = 4  # letters a joined or split word must have to be recognised by its spelling alone
_RESPELLED_MIN = 6  # letters a word must have to be recognised by a close spelling (rapidfuzz ratio)
_RESPELLED_RATIO = 85.0
_HARD_C = str.maketrans("cq", "kk")
_DOUBLED = re.compile(r"(.)\1+")
# A folded Vietnamese syllable: onset, one to three vowels, coda. Abbreviations are the words that are not one.
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ng|nh|ch|[cmnpt])?$")
_GAPPED_CREDIT = 0.9  # both units of a bigram found in order with a word between ("dầu [diesel] khi cấp")
_REVERSED_CREDIT = 0.8  # a bigram found reversed ("kẹp nhanh phôi")
_SCATTERED_CREDIT = 0.6  # both units of a bigram found, apart
_SMALL_CORPUS = 500  # documents after which corpus rarity weighs as much as the built-in prior
TIE_TOLERANCE = 1e-9  # ratings this close are sums of the same weights
_EXTRA_UNIT_COST = 0.5  # candidate rating: cost of a unit the query lacks, in mean query unit weights

_TEMPLATE_PRIOR = 0.15
_GENERIC_PRIOR = 0.4
_NUMBER_PRIOR = 0.6
_AMBIGUOUS_PRIOR = 0.3

# Analysis works on folded words only, so a title typed without diacritics analyses exactly like the
# original. The price is ambiguity ("tai" is tại, tài, tải…): common words that a folded syllable would
# confuse are listed as phrases in review.lexicon, which are matched before anything else.
_FUNCTION_WORDS = frozenset(syllables(lexicon.FUNCTION_WORDS))
_AMBIGUOUS_WORDS = lexicon.AMBIGUOUS_WORDS
_PLACE_MARKERS = lexicon.PLACE_MARKERS
_PLACE = "@"  # stands for a place marker among units until the place clause is split off
_PURPOSE = "%"  # stands for a purpose marker ("nhằm", "để") until the purpose clause is split off
_MARKERS = frozenset((_PLACE, _PURPOSE))
# A label is followed by a colon and a space ("8:30" is no label), and has at most _LABEL_WORDS words.
_LABEL = re.compile(r"([^:：]+)[:：]\s+(.+)", re.DOTALL)
_LABEL_WORDS = 3
_NUMBER_WORDS = lexicon.NUMBER_WORDS
_SPECIAL_WORDS = _FUNCTION_WORDS | _PLACE_MARKERS | _NUMBER_WORDS.keys()
_GRADE_WORDS = lexicon.GRADE_WORDS
_AGE_WORDS = lexicon.AGE_WORDS


def _folded(text: str, limit: int | None = None) -> tuple[str, ...]:
    """Return the folded words of ``text`` (the first ``limit`` of them)."""
    return tuple(folded_words(text, limit))


def _unit(words: Iterable[str]) -> str:
    """Join folded words into one unit."""
    return "_".join(words)


def _entries(block: str, separator: str) -> list[list[tuple[str, ...]]]:
    """Split a lexicon block into entries (lines), each a list of folded phrases."""
    lines = block.replace("|\n", "| ").strip().splitlines()
    return [[words for phrase in line.split(separator) if (words := _folded(phrase))] for line in lines]


def _build_lexicon() -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], dict[str, float]]:
    """Compile the phrases (by first word, longest first, each with its unit) and the unit priors."""
    phrases: dict[tuple[str, ...], str] = {}
    priors: dict[str, float] = dict.fromkeys(_AMBIGUOUS_WORDS.split(), _AMBIGUOUS_PRIOR)
    blocks = ((_TEMPLATE_PRIOR, lexicon.TEMPLATE), (_GENERIC_PRIOR, lexicon.GENERIC), (1.0, lexicon.WORDS))
    for prior, block in blocks:
        for phrase in block.replace("\n", ",").split(","):
            if words := _folded(phrase):
                phrases[words] = _unit(words)
                priors.setdefault(_unit(words), prior)
    for group in _entries(lexicon.SYNONYMS, "|"):
        for words in group:
            phrases[words] = _unit(group[0])
    for phrase in lexicon.PURPOSE_MARKERS.replace("\n", ",").split(","):
        if words := _folded(phrase):
            phrases[words] = _PURPOSE
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, unit in sorted(phrases.items(), key=lambda item: -len(item[0])):
        if len(words) > 1 or unit != words[0]:
            by_first.setdefault(words[0], []).append((words, unit))
    return by_first, priors


def _build_abbreviations() -> dict[str, tuple[str, ...]]:
    """Map each folded abbreviation to the folded words it stands for."""
    entries = _entries(lexicon.ABBREVIATIONS, "=")
    return {spelling: expansion for spellings, expansion in entries for spelling in spellings}


_LEXICON, _PRIORS = _build_lexicon()


def _by_length(lexicon: dict[str, list[tuple[tuple[str, ...], str]]]) -> dict[str, list[tuple[int, dict]]]:
    """Regroup each first word's phrases by length, longest first, so one slice per length finds a phrase."""
    grouped: dict[str, list[tuple[int, dict]]] = {}
    for first, entries in lexicon.items():
        sizes: dict[int, dict[tuple[str, ...], str]] = {}
        for words, unit in entries:
            sizes.setdefault(len(words), {}).setdefault(words, unit)
        grouped[first] = sorted(sizes.items(), reverse=True)
    return grouped


_PHRASES = _by_length(_LEXICON)
# The words that can follow each first word in a phrase of two or more, and the single words with a unit of their
# own (a synonym): most words that may open a phrase open none here, and one set lookup tells.
_FOLLOWERS = {first: frozenset(words[1] for size, units in entries if size > 1 for words in units)
              for first, entries in _PHRASES.items()}
_SINGLES = {first: units[(first,)] for first, entries in _PHRASES.items() for size, units in entries if size == 1}
_EXPANSIONS = _build_abbreviations()


def prior_weight(term: str) -> float:
    """Return the built-in weight of a term: low for template and generic words, 1 for the rest."""
    if " " in term:
        first, second = term.split(" ", 1)
        return min(prior_weight(first), prior_weight(second))
    if term.isdigit():
        return _NUMBER_PRIOR
    return _PRIORS.get(term, 1.0)


def term_weight(term: str, document_frequency: int, document_count: int) -> float:
    """Weigh a term by its prior and its rarity among ``document_count`` documents."""
    if document_count <= 0:
        return prior_weight(term)
    confidence = document_count / (document_count + _SMALL_CORPUS)
    rarity = math.log((document_count + 1) / (document_frequency + 1))
    return prior_weight(term) * (1.0 + confidence * rarity)


class Signature:
    """The analysed form of one initiative: units of the title, of its place and purpose clauses and of the
    description."""

    __slots__ = ("title", "place", "description", "purpose", "terms", "place_terms", "purpose_terms",
                 "description_terms", "_positions")

    def __init__(self, title: tuple[str, ...], place: tuple[str, ...] = (), description: tuple[str, ...] = (),
                 purpose: tuple[str, ...] = ()):
        self.title = title
        self.place = place
        self.description = description
        self.purpose = purpose
        title_terms = _terms(title)
        self.place_terms = _terms(place) - title_terms
        self.purpose_terms = _terms(purpose) - title_terms - self.place_terms
        self.terms = title_terms | self.place_terms | self.purpose_terms  # what to index as postings
        self.description_terms = frozenset(description)
        self._positions: dict[str, list[int]] | None = None

    def __bool__(self) -> bool:
        return bool(self.title or self.place or self.purpose)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Signature):
            return NotImplemented
        return self._parts() == other._parts()

    def __hash__(self) -> int:
        return hash(self._parts())

    def __repr__(self) -> str:
        return f"Signature.loads({self.dumps()!r})"

    def _parts(self) -> tuple[tuple[str, ...], ...]:
        return self.title, self.place, self.purpose, self.description

    @property
    def units(self) -> tuple[str, ...]:
        """Return the units of the title, place and purpose clauses, in that order."""
        return self.title + self.place + self.purpose

    def positions(self) -> dict[str, list[int]]:
        """Map each unit of ``units`` to where it stands."""
        if self._positions is None:
            self._positions = {}
            for i, unit in enumerate(self.units):
                self._positions.setdefault(unit, []).append(i)
        return self._positions

    def dumps(self) -> str:
        """Serialise to one line of text: title, place, purpose and description units."""
        return "\t".join(" ".join(units) for units in self._parts())

    @classmethod
    def loads(cls, text: str) -> "Signature":
        """Rebuild a signature from ``dumps`` output (or from the three-part form stored before purposes)."""
        parts = [tuple(part.split()) for part in text.split("\t")]
        if len(parts) == 3:
            return cls(*parts)
        title, place, purpose, description = parts
        return cls(title, place, description, purpose)


def _terms(units: tuple[str, ...]) -> frozenset[str]:
    """Return the units and the bigrams of adjacent units."""
    return frozenset(units).union(f"{first} {second}" for first, second in zip(units, units[1:], strict=False))


def analyse(title: str, description: str = "") -> Signature:
    """Analyse a title and optional description into a Signature."""
    units = _units(_folded(_place_last(_without_label(title))))
    place: list[str] = []
    if _PLACE in units[1:]:
        # The last place marker with something before it opens the place clause.
        split = len(units) - 1 - units[::-1].index(_PLACE)
        units, place = units[:split], units[split + 1:]
    units, purpose = _purpose_split(units)
    if not purpose:
        place, purpose = _purpose_split(place, 0)
    opening = _folded(description, 2 * MAX_DESCRIPTION_UNITS)
    description_units = [unit for unit in _units(opening) if unit not in _MARKERS]
    return Signature(_without_markers(units), _without_markers(place), tuple(description_units[:MAX_DESCRIPTION_UNITS]),
                     _without_markers(purpose))


def _without_label(title: str) -> str:
    """Drop a label in front of a title ("Đề tài: …", "Tên giải pháp: …"): a few words before a colon that a title
    of its own follows."""
    found = _LABEL.match(title)
    if found is None or len(found.group(1).split()) > _LABEL_WORDS or len(found.group(2).split()) < 2:
        return title
    return found.group(2)


def _place_last(title: str) -> str:
    """Move a place clause that opens the title ("Tại khoa Dược, …") to its end, where titles usually have it."""
    head, comma, rest = title.partition(",")
    words = head.split()
    if comma and len(words) > 1 and len(rest.split()) >= 2 and _units(_folded(head))[:1] == [_PLACE]:
        return f"{rest.strip()} {head.strip()}"
    return title


def _purpose_split(units: list[str], least: int = _PURPOSE_AFTER) -> tuple[list[str], list[str]]:
    """Split off the purpose clause: from the first purpose marker with ``least`` units before it and some after."""
    for i, unit in enumerate(units):
        if unit == _PURPOSE and i >= least and any(other not in _MARKERS for other in units[i + 1:]):
            return units[:i], units[i + 1:]
    return units, []


def _without_markers(units: list[str]) -> tuple[str, ...]:
    """Drop the place and purpose markers left in a unit list."""
    return tuple(unit for unit in units if unit not in _MARKERS)


def _units(words: tuple[str, ...]) -> list[str]:
    """Turn folded words into units: abbreviations expanded, phrases joined, function words dropped."""
    expanded: list[str] = []
    for word in words:
        expansion = _EXPANSIONS.get(word)
        if expansion is None:
            expanded.append(word)
        else:
            expanded.extend(expansion)
    units: list[str] = []
    i = 0
    count = len(expanded)
    phrases = _PHRASES
    special = _SPECIAL_WORDS
    while i < count:
        word = expanded[i]
        if word not in phrases and word not in special:
            # The common case: a plain word is a unit of its own.
            units.append(_singular(word))
            i += 1
            continue
        phrase = _phrase_at(expanded, i) if word in phrases else None
        if phrase is not None:
            size, unit = phrase
            units.append(unit)
            i += size
            continue
        i += 1
        if word not in _SPECIAL_WORDS:
            units.append(_singular(word))
        elif word in _PLACE_MARKERS:
            # Nothing to locate after it: "tai" is then "tải" ("xe tải", "xe tải tại …"), not "tại".
            ends = i == len(expanded) or expanded[i] in _PLACE_MARKERS
            units.append(word if ends else _PLACE)
        elif word not in _FUNCTION_WORDS:
            units.append(_number(expanded, i - 1) or word)
    return units


def _phrase_at(words: list[str], start: int) -> tuple[int, str] | None:
    """Return the size and unit of the longest lexicon phrase at ``words[start]``, if any."""
    first = words[start]
    available = len(words) - start
    if available > 1 and words[start + 1] in _FOLLOWERS[first]:
        for size, units in _PHRASES[first]:
            if 1 < size <= available:
                unit = units.get(tuple(words[start:start + size]))
                if unit is not None:
                    return size, unit
    unit = _SINGLES.get(first)
    return None if unit is None else (1, unit)


def _number(words: list[str], i: int) -> str | None:
    """Return the digits for a number word that counts a grade or an age ("lớp Một", "năm tuổi")."""
    digits = _NUMBER_WORDS.get(words[i])
    if digits is None:
        return None
    after_grade = i > 0 and words[i - 1] in _GRADE_WORDS
    before_age = i + 1 < len(words) and words[i + 1] in _AGE_WORDS
    return digits if after_grade or before_age else None


def _singular(unit: str) -> str:
    """Drop an English plural "s" ("Forms"); no Vietnamese syllable ends in "s"."""
    if unit[-1] == "s" and len(unit) > 3 and unit[-2] != "s":
        return unit[:-1]
    return unit


def score(query: Signature, candidate: Signature, weight: Callable[[str], float]) -> tuple[float, bool]:
    """Score how likely ``candidate`` is the same initiative as ``query``: (0-100, likely duplicate)."""
    if not query or not candidate:
        return 0.0, False
    similarity = _similarity(query, candidate, weight)
    if query.description_terms and candidate.description_terms:
        # Closely matching descriptions close part of the gap; loosely matching ones hardly any.
        described = _description_similarity(query, candidate, weight)
        similarity += _DESCRIPTION_SHARE * described * described * (1.0 - similarity)
    value = round(100.0 * similarity, 2)
    return value, value >= LIKELY_DUPLICATE


def _similarity(first: Signature, second: Signature, weight: Callable[[str], float]) -> float:
    """Compare two titles: 1 minus the costs of what each side lacks of the other."""
    first = align(first, second) if _ALIGN else first
    first_missing, first_units_missing = _unmatched_shares(first, second, weight)
    second_missing, second_units_missing = _unmatched_shares(second, first, weight)
    swapped = _SWAPPED_UNIT_COST * min(first_units_missing, second_units_missing)
    strict = _combine(first_missing, second_missing) - swapped
    # Plain overlap, capped below the flag, keeps look-alikes listed as related with a low score.
    overlap = _RELATED_CEILING * (1.0 - (first_missing + second_missing) / 2)
    return max(0.0, strict, overlap)


def _combine(first_missing: float, second_missing: float) -> float:
    """Charge the larger unmatched share as additions and the smaller as substitutions."""
    larger, smaller = max(first_missing, second_missing), min(first_missing, second_missing)
    return max(0.0, 1.0 - _ADDED_COST * larger - _SUBSTITUTED_COST * smaller)


def _unmatched_shares(side: Signature, other: Signature, weight: Callable[[str], float]) -> tuple[float, float]:
    """Return the shares of ``side``'s weight that ``other`` lacks: of all terms, and of the units that name it.

    A purpose clause only one side states costs little; when both state one, its units name the initiative as
    much as the title's do.
    """
    # The sums are exact (fsum): a set's order changes with the process's hash seed, and an inexact sum with it, so
    # that a near-tie could fall one way in one process and the other in the next.
    values, lacking_values, unit_values, unit_lacking = [], [], [], []
    other_terms = other.terms
    purpose_factor = 1.0 if other.purpose else _PURPOSE_FACTOR
    for term in side.terms:
        value = weight(term)
        naming = " " not in term
        if term in side.place_terms:
            value *= _PLACE_FACTOR
            naming = False
        elif term in side.purpose_terms:
            value *= purpose_factor
            naming = naming and purpose_factor == 1.0
        values.append(value)
        lacking = 0.0 if term in other_terms else value * (1.0 - _bigram_credit(term, other))
        lacking_values.append(lacking)
        if naming:
            unit_values.append(value)
            unit_lacking.append(lacking)
    total, missing, units_total, units_missing = map(math.fsum, (values, lacking_values, unit_values, unit_lacking))
    return (missing / total if total else 1.0), (units_missing / units_total if units_total else 0.0)


def _bigram_credit(term: str, other: Signature) -> float:
    """Credit a bigram the other side has reversed, with a word between, or with its units apart."""
    first, separator, second = term.partition(" ")
    if not separator:
        return 0.0
    if f"{second} {first}" in other.terms:
        return _REVERSED_CREDIT
    positions = other.positions()
    if first in positions and second in positions:
        if any(0 < after - before <= 2 for before in positions[first] for after in positions[second]):
            return _GAPPED_CREDIT
        return _SCATTERED_CREDIT
    return 0.0


def align(first: Signature, second: Signature) -> Signature:
    """Rewrite ``first`` where its words are ``second``'s written another way.

    Joined, split or hyphenated ("xilanh", "xi lanh"), respelled ("xéc măng", "séc măng") or abbreviated ("GVCN",
    "giáo viên chủ nhiệm"): only runs of words the other side lacks are compared, so an alignment never makes two
    titles share more than the same words spelt otherwise. ``first`` itself is returned when nothing aligns.
    """
    first_units, second_units = first.positions(), second.positions()
    if all(unit in second_units for unit in first_units) or all(unit in first_units for unit in second_units):
        return first
    first_parts = [list(first.title), list(first.place), list(first.purpose)]
    second_parts = (second.title, second.place, second.purpose)
    replacements = _initials(first_parts, second_parts, second_units, first_units, abbreviated=True)
    replacements += _initials(second_parts, first_parts, first_units, second_units, abbreviated=False)
    second_spans = _spans(second_parts, first_units)
    for span, key in _spans(first_parts, second_units).items():
        if len(key) >= _ALIGNED_MIN and (target := _respelling(key, second_spans)) is not None:
            replacements.append((*span, second_parts[target[0]][target[1]:target[2]]))
    if not replacements:
        return first
    # The longest runs first, then applied right to left so that the positions of the others still hold.
    taken: set[tuple[int, int]] = set()
    chosen = []
    for part, start, end, target in sorted(replacements, key=lambda item: item[1] - item[2]):
        slots = {(part, i) for i in range(start, end)}
        if not slots & taken:
            taken |= slots
            chosen.append((part, start, end, target))
    for part, start, end, target in sorted(chosen, key=lambda item: -item[1]):
        first_parts[part][start:end] = target
    return Signature(tuple(first_parts[0]), tuple(first_parts[1]), first.description, tuple(first_parts[2]))


def _spans(parts, other_units: Mapping[str, list[int]]) -> dict[tuple[int, int, int], str]:
    """Return the spelling keys of the runs (up to ``_SPAN`` units, within one part) of units the other side lacks."""
    spans: dict[tuple[int, int, int], str] = {}
    for number, units in enumerate(parts):
        for i in range(len(units)):
            key = ""
            for j in range(i, min(i + _SPAN, len(units))):
                unit = units[j]
                if unit in other_units or unit.isdigit():
                    break
                following = _spelling_key(unit)
                key += following[1:] if key and key[-1] == following[0] else following
                spans[(number, i, j + 1)] = key
    return spans


def _respelling(key: str, spans: dict[tuple[int, int, int], str]) -> tuple[int, int, int] | None:
    """Return the other side's span spelt like ``key``, or written so close to it that it must be the same word."""
    best, best_ratio = None, _RESPELLED_RATIO
    for span, other in spans.items():
        if other == key:
            return span
        if len(other) >= _RESPELLED_MIN and len(key) >= _RESPELLED_MIN:
            ratio = fuzz.ratio(key, other, score_cutoff=best_ratio)
            if ratio > best_ratio:
                best, best_ratio = span, ratio
    return best


@lru_cache(maxsize=1 << 16)
def _spelling_key(unit: str) -> str:
    """Spell a folded unit one way: no joins, i for y, f for ph, k for c/k/q, no doubled letters."""
    key = unit.replace("_", "").replace("ph", "f").replace("y", "i").translate(_HARD_C)
    return _DOUBLED.sub(r"\1", key)


def _initials(parts, other_parts, other_units, own_units, *, abbreviated: bool) -> list:
    """Find abbreviations among ``parts`` whose letters are the initials of a run of words of ``other_parts``.

    Return replacements for the first signature: the run's units for an abbreviation of the first
    (``abbreviated``), the abbreviation for a run of the first otherwise.
    """
    found = []
    for number, units in enumerate(parts):
        for i, unit in enumerate(units):
            if unit in other_units or not _is_abbreviation(unit):
                continue
            for other_number, other in enumerate(other_parts):
                run = _run_with_initials(unit, other, own_units)
                if run is not None:
                    start, end = run
                    if abbreviated:
                        found.append((number, i, i + 1, tuple(other[start:end])))
                    else:
                        found.append((other_number, start, end, (unit,)))
                    break
    return found


def _run_with_initials(letters: str, units, lacking: Mapping[str, list[int]]) -> tuple[int, int] | None:
    """Return the (start, end) of the units whose words' initials spell ``letters``, one of them ``lacking``."""
    for start in range(len(units)):
        initials = ""
        for end in range(start, len(units)):
            initials += "".join(word[0] for word in units[end].split("_"))
            if not letters.startswith(initials):
                break
            if initials == letters:
                if any(unit not in lacking for unit in units[start:end + 1]):
                    return start, end + 1
                break
    return None


@lru_cache(maxsize=1 << 16)
def _is_abbreviation(unit: str) -> bool:
    """Tell whether a unit is shaped like an abbreviation: a few letters that spell no Vietnamese syllable."""
    return 2 <= len(unit) <= 6 and unit.isascii() and unit.isalpha() and not _SYLLABLE.match(unit)


def _description_similarity(first: Signature, second: Signature, weight: Callable[[str], float]) -> float:
    """Compare two descriptions as weighted sets of units."""
    return _combine(_set_unmatched(first.description_terms, second.description_terms, weight),
                    _set_unmatched(second.description_terms, first.description_terms, weight))


def _set_unmatched(terms: frozenset[str], other: frozenset[str], weight: Callable[[str], float]) -> float:
    """Return the share of the weight of ``terms`` missing from ``other``."""
    values = [weight(term) for term in terms]
    total = math.fsum(values)
    missing = math.fsum(value for term, value in zip(terms, values, strict=True) if term not in other)
    return missing / total if total else 1.0


@dataclass(frozen=True, slots=True)
class Caps:
    """Work caps per query: postings entries read, documents rated on their units, candidates scored in full."""

    postings_budget: int = 10_000
    pool: int = 500
    rerank: int = 40
    tiebreak_budget: int = 60_000
    tiebreak_terms: int = 3


def plan_tiebreakers(posting_sizes: Mapping[str, int], plan: list[tuple[str, int | None]], caps: Caps,
                     weights: Mapping[str, float] | None = None) -> list[str]:
    """Choose the terms that break a tie among more documents than the pool holds: the next words after the plan.

    When the planned postings cannot tell their documents apart (all of them hold the same rare terms, as in a
    corpus full of one template), the pool would be cut arbitrarily; the next terms decide, read only where the
    tied documents are. They are words the plan does not hold already, not even in a bigram: the tied documents
    hold those alike.
    """
    covered = {unit for term, _ in plan for unit in term.split(" ")}
    chosen: list[str] = []
    budget = caps.tiebreak_budget
    for _, size, term in _by_importance(posting_sizes, weights):
        if len(chosen) == caps.tiebreak_terms:
            break
        if " " not in term and term not in covered and size <= budget:
            chosen.append(term)
            budget -= size
    return chosen


def plan_postings(posting_sizes: Mapping[str, int], budget: int,
                  weights: Mapping[str, float] | None = None) -> list[tuple[str, int | None]]:
    """Choose the postings to read: (term, None) for all of it, (term, n) for its newest n.

    The terms that say most about the initiative come first (the heaviest ``weights``; the rarest without them), as
    many as the budget holds, so that a rare word one side adds (a label, a purpose clause) does not spend it
    before the words that name the initiative are read.
    """
    plan: list[tuple[str, int | None]] = []
    ordered = _by_importance(posting_sizes, weights)
    for _, size, term in ordered:
        if size <= budget:
            plan.append((term, None))
            budget -= size
    if not plan and ordered:
        # Every term is this common (template words): sample the newest entries of the rarest.
        plan.append((min((size, term) for _, size, term in ordered)[1], budget))
    return plan


def _by_importance(posting_sizes: Mapping[str, int], weights: Mapping[str, float] | None) -> list[tuple]:
    """Return (−weight, size, term) for the terms held by some document, heaviest first, then rarest."""
    return sorted((-weights[term] if weights else 0.0, size, term) for term, size in posting_sizes.items() if size > 0)


def select_candidates(query: Signature, weight: Callable[[str], float], posting_sizes: Mapping[str, int],
                      gather: Callable[[list[tuple[str, int | None, float]], int, list[tuple[str, float]]], list[int]],
                      units_of: Callable[[list[int]], Iterable[Collection[str]]], caps: Caps = Caps()) -> list[int]:
    """Collect documents sharing the query's heaviest terms; return the most promising, best first.

    ``posting_sizes`` gives how many documents hold each query term as a posting. ``gather(plan, size,
    tiebreakers)`` returns, for the (term, newest, weight) entries of ``plan_postings``, the ``size`` documents
    whose planned terms weigh most, as ``pool_of`` does (documents are ints; ``newest`` limits a term to its newest
    postings); when more than ``size`` documents share the top weight, the (term, weight) ``tiebreakers`` held by
    each of them decide between them. ``units_of(docs)`` returns each document's title, place and purpose units.
    """
    weights = {term: _clause_factor(query, term) * weight(term) for term in posting_sizes}
    planned = plan_postings(posting_sizes, caps.postings_budget, weights)
    plan = [(term, newest, weights[term]) for term, newest in planned]
    tiebreakers = [(term, weights[term]) for term in plan_tiebreakers(posting_sizes, planned, caps, weights)]
    pool = gather(plan, caps.pool, tiebreakers)
    # Those sharing the most rare-term weight are then rated on every query unit, however common.
    unit_weights = {unit: weight(unit) for unit in query.units if posting_sizes.get(unit)}
    extra_cost = _EXTRA_UNIT_COST * sum(unit_weights.values()) / max(len(unit_weights), 1)
    wanted = unit_weights.keys()
    rated = []
    for doc, held in zip(pool, units_of(pool), strict=True):
        shared = wanted & held
        rated.append((doc, math.fsum(map(unit_weights.__getitem__, shared)) - extra_cost * len(held - shared)))
    return [doc for doc, _ in nlargest(caps.rerank, rated, key=itemgetter(1))]


def _clause_factor(query: Signature, term: str) -> float:
    """Return how much a term of the query counts in the pool: less in the place and purpose clauses, as in
    ``score``."""
    if term in query.place_terms:
        return _PLACE_FACTOR
    if term in query.purpose_terms:
        return _PURPOSE_FACTOR
    return 1.0


def pool_of(postings: Iterable[tuple[Iterable[int], float]], size: int,
            tiebreakers: Iterable[tuple[Iterable[int], float]] = ()) -> list[int]:
    """Sum each document's weight over the posting lists holding it; return the ``size`` best, ties lower doc first.

    When the documents sharing the rating at the cut are more than the pool has room for, the ``tiebreakers``
    lists decide between those documents (only they are looked up in them): the pool keeps every document rated
    above the cut, then the tied ones with the most tie-breaking weight.
    """
    gathered: dict[int, float] = {}
    for docs, value in postings:
        # Set operations run in C: only the documents already gathered need a sum of their own.
        added = dict.fromkeys(docs, value)
        if gathered:
            added.update({doc: gathered[doc] + value for doc in gathered.keys() & added.keys()})
        gathered.update(added)
    if size <= 0:
        return []

    def best_first(doc: int) -> tuple[float, int]:
        return -gathered[doc], doc

    if len(gathered) <= size:
        return sorted(gathered, key=best_first)
    # The cut is found on the ratings alone; one pass then splits the documents around it.
    top = nlargest(size + 1, gathered.values())
    cut = top[size - 1]
    if top[size] < cut - TIE_TOLERANCE:
        floor = cut - TIE_TOLERANCE
        return sorted((doc for doc, value in gathered.items() if value >= floor), key=best_first)
    above, tied = [], []
    high, low = cut + TIE_TOLERANCE, cut - TIE_TOLERANCE
    for doc, value in gathered.items():
        if value > high:
            above.append(doc)
        elif value >= low:
            tied.append(doc)
    above.sort(key=best_first)
    tied.sort()
    bonus = dict.fromkeys(tied, 0.0)
    tied_docs = set(tied)
    for docs, value in tiebreakers:
        for doc in tied_docs.intersection(docs):
            bonus[doc] += value
    return above + nlargest(size - len(above), tied, key=bonus.__getitem__)


def rank(query: Signature, docs: Iterable[Hashable], signature_of: Callable[[Hashable], Signature],
         weight: Callable[[str], float], limit: int) -> list[tuple[Hashable, float, bool]]:
    """Score candidates against the query; return up to ``limit`` (doc, score, likely) worth listing, best first."""
    found = []
    for doc in docs:
        value, likely = score(query, signature_of(doc), weight)
        if value >= RELATED:
            found.append((-value, doc, likely))
    found.sort()
    return [(doc, -negated, likely) for negated, doc, likely in found[:limit]]


@dataclass(frozen=True, slots=True)
class Match:
    """A search result."""

    key: Hashable
    score: float
    likely_duplicate: bool


class DuplicateIndex:
    """An in-memory duplicate index: postings over title terms, searched heaviest first, then re-ranked."""

    CAPS = Caps()

    def __init__(self) -> None:
        self._doc_ids: dict[Hashable, int] = {}
        self._keys: list[Hashable] = []
        self._alive = bytearray()
        # Every document's units as term ids in one flat array: [title size, place size, purpose size,
        # description size, units…], starting at _starts[doc].
        self._units = array("i")
        self._starts = array("q")
        self._term_ids: dict[str, int] = {}
        self._terms: list[str] = []
        self._frequencies = array("i")
        self._postings: list[array] = []
        self._removed = 0

    def __len__(self) -> int:
        return len(self._doc_ids)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._doc_ids

    def add(self, key: Hashable, title: str, description: str = "") -> None:
        """Index an initiative under ``key``, replacing what ``key`` had."""
        self.add_signature(key, analyse(title, description))

    def add_signature(self, key: Hashable, signature: Signature) -> None:
        """Index an analysed initiative under ``key``, replacing what ``key`` had."""
        self.remove(key)
        doc = len(self._keys)
        self._doc_ids[key] = doc
        self._keys.append(key)
        self._alive.append(1)
        self._starts.append(len(self._units))
        self._units.extend((len(signature.title), len(signature.place), len(signature.purpose),
                            len(signature.description)))
        term_ids, term_id = self._term_ids, self._term_id
        self._units.extend([term_ids.get(unit) if unit in term_ids else term_id(unit)
                            for unit in signature.units + signature.description])
        frequencies, postings = self._frequencies, self._postings
        for term in signature.terms:
            known = term_ids.get(term)
            if known is None:
                known = term_id(term)
            frequencies[known] += 1
            postings[known].append(doc)
        for term in signature.description_terms - signature.terms:
            known = term_ids.get(term)
            frequencies[term_id(term) if known is None else known] += 1

    def remove(self, key: Hashable) -> None:
        """Forget ``key``; a key that is not indexed is ignored."""
        doc = self._doc_ids.pop(key, None)
        if doc is None:
            return
        signature = self._signature(doc)
        for term in signature.terms | signature.description_terms:
            self._frequencies[self._term_ids[term]] -= 1
        self._alive[doc] = 0
        self._keys[doc] = None
        self._removed += 1
        if self._removed > max(1024, len(self._doc_ids) // 4):
            self._purge()

    def search(self, title: str, description: str = "", limit: int = 10) -> list[Match]:
        """Return up to ``limit`` indexed initiatives most like this one, best first."""
        return self.search_signature(analyse(title, description), limit)

    def search_signature(self, query: Signature, limit: int = 10) -> list[Match]:
        """Return up to ``limit`` indexed initiatives most like an analysed one, best first."""
        if limit <= 0 or not query:
            return []
        weight = self._weight_function()
        docs = self._candidates(query, weight)
        return [Match(self._keys[doc], value, likely)
                for doc, value, likely in rank(query, docs, self._signature, weight, limit)]

    def candidates(self, title: str, description: str = "") -> list[Hashable]:
        """Return the keys a search would score in full, most promising first (to measure candidate recall)."""
        query = analyse(title, description)
        if not query:
            return []
        return [self._keys[doc] for doc in self._candidates(query, self._weight_function())]

    def _candidates(self, query: Signature, weight: Callable[[str], float]) -> list[int]:
        """Return the documents a search scores in full."""
        postings, term_ids = self._postings, self._term_ids
        sizes = {term: len(postings[term_ids[term]]) for term in query.terms if term in term_ids}
        return select_candidates(query, weight, sizes, self._gather, self._held_units, self.CAPS)

    def _term_id(self, term: str) -> int:
        """Return the id of ``term``, registering it on first sight."""
        term_id = self._term_ids.get(term)
        if term_id is None:
            term_id = self._term_ids[term] = len(self._terms)
            self._terms.append(term)
            self._frequencies.append(0)
            self._postings.append(array("i"))
        return term_id

    def _signature(self, doc: int) -> Signature:
        """Rebuild the stored signature of a document."""
        start = self._starts[doc]
        title_size, place_size, purpose_size, description_size = self._units[start:start + _HEADER]
        start += _HEADER
        terms = self._terms
        units = [terms[term_id] for term_id in
                 self._units[start:start + title_size + place_size + purpose_size + description_size]]
        named = title_size + place_size + purpose_size
        return Signature(tuple(units[:title_size]), tuple(units[title_size:title_size + place_size]),
                         tuple(units[named:]), tuple(units[title_size + place_size:named]))

    def _weight_function(self) -> Callable[[str], float]:
        """Return a memoised weight function over the current document frequencies."""
        return _Weights(self._term_ids, self._frequencies, len(self._doc_ids)).__getitem__

    def _gather(self, plan: list[tuple[str, int | None, float]], size: int,
                tiebreakers: list[tuple[str, float]] = ()) -> list[int]:
        """Pool the live documents of the planned postings."""
        lists = []
        for term, newest, value in plan:
            docs = self._postings[self._term_ids[term]]
            if newest is not None:
                docs = docs[-newest:]
            lists.append(([doc for doc in docs if self._alive[doc]] if self._removed else docs, value))
        # A removed document is never in the pool, so the tie-breaking lists need no filtering.
        breaking = ((self._postings[self._term_ids[term]], value) for term, value in tiebreakers)
        return pool_of(lists, size, breaking)

    def _held_units(self, docs: list[int]) -> list[set[str]]:
        """Return the title and place units of each document."""
        units, starts, terms = self._units, self._starts, self._terms
        held = []
        for doc in docs:
            start = starts[doc] + _HEADER
            named = units[start - 4] + units[start - 3] + units[start - 2]
            held.append(set(map(terms.__getitem__, units[start:start + named])))
        return held

    def _purge(self) -> None:
        """Drop removed documents from the postings and the unit store."""
        alive = self._alive
        self._postings = [array("i", (doc for doc in docs if alive[doc])) for docs in self._postings]
        units, starts = array("i"), self._starts
        for doc, start in enumerate(starts):
            if alive[doc]:
                size = _HEADER + sum(self._units[start:start + _HEADER])
                starts[doc] = len(units)
                units.extend(self._units[start:start + size])
        self._units = units
        self._removed = 0


_HEADER = 4  # sizes stored before a document's units: title, place, purpose, description


class _Weights(dict):
    """Term weights over an index's document frequencies, computed on first use."""

    def __init__(self, term_ids: dict[str, int], frequencies: array, count: int) -> None:
        super().__init__()
        self._term_ids = term_ids
        self._frequencies = frequencies
        self._count = count

    def __missing__(self, term: str) -> float:
        term_id = self._term_ids.get(term)
        frequency = 0 if term_id is None else self._frequencies[term_id]
        value = self[term] = term_weight(term, frequency, self._count)
        return value
