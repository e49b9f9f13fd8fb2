"""Properties of the text folding every comparison rests on, over generated Vietnamese titles."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from core.text import fold, folded_words, normalise, syllables
from tests.unit.property.strategies import messy, title


@given(title())
def test_the_composed_and_decomposed_forms_fold_alike(text):
    assert normalise(unicodedata.normalize("NFD", text)) == normalise(unicodedata.normalize("NFC", text))
    assert fold(unicodedata.normalize("NFD", text)) == fold(text)


@given(st.data(), title())
def test_separators_capitals_and_surrounding_punctuation_do_not_matter(data, text):
    assert normalise(data.draw(messy(text))) == normalise(text)


@given(title())
def test_normalising_and_folding_are_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)
    assert fold(fold(text)) == fold(text)
    assert fold(normalise(text)) == fold(text)


@given(title())
def test_folding_leaves_plain_lower_case_ascii_words(text):
    folded = fold(text)
    assert folded.isascii() and folded == folded.lower()
    assert folded == " ".join(folded.split())
    assert len(folded.split()) == len(syllables(text))


@given(st.text(max_size=300))
def test_any_text_at_all_normalises_without_error_into_single_spaced_words(text):
    result = normalise(text)
    assert result == " ".join(result.split())
    assert fold(result) == fold(text)


@given(st.one_of(st.text(max_size=200), title()), st.integers(min_value=0, max_value=12))
def test_folded_words_are_the_words_of_fold_piece_by_piece(text, limit):
    assert folded_words(text) == fold(text).split()
    assert folded_words(text, limit) == fold(text).split()[:limit]
