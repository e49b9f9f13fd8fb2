"""Properties of the duplicate engine's contract over generated titles: a title finds itself however it is typed,
a removed one is gone, scores stay on their scale and come best first."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from review.duplicates import DuplicateIndex
from tests.unit.property.strategies import messy, title

TITLES = st.lists(title(min_words=4, max_words=12), min_size=1, max_size=12, unique=True)


def _index(titles) -> DuplicateIndex:
    index = DuplicateIndex()
    for key, text in enumerate(titles):
        index.add(key, text)
    return index


@settings(max_examples=60, deadline=None)
@given(st.data(), TITLES)
def test_an_indexed_title_finds_itself_first_however_it_is_typed(data, titles):
    index = _index(titles)
    key = data.draw(st.integers(min_value=0, max_value=len(titles) - 1))
    typed = data.draw(messy(titles[key]))
    if data.draw(st.booleans()):
        typed = unicodedata.normalize("NFD", typed)

    found = index.search(typed)

    assert found and found[0].score == max(match.score for match in found)
    assert key in [match.key for match in found if match.score == found[0].score]
    assert next(match for match in found if match.key == key).likely_duplicate


@settings(max_examples=60, deadline=None)
@given(TITLES, st.integers(min_value=1, max_value=5), st.data())
def test_results_are_best_first_on_a_hundred_point_scale_within_the_limit(titles, limit, data):
    index = _index(titles)
    query = data.draw(st.one_of(st.sampled_from(titles), title()))

    found = index.search(query, limit=limit)

    assert len(found) <= limit
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert all(0 <= m.score <= 100 for m in found)
    assert len({m.key for m in found}) == len(found)


@settings(max_examples=60, deadline=None)
@given(TITLES, st.data())
def test_a_removed_title_is_never_found_again(titles, data):
    index = _index(titles)
    key = data.draw(st.integers(min_value=0, max_value=len(titles) - 1))

    index.remove(key)
    index.remove(key)  # twice: the second changes nothing

    assert key not in [m.key for m in index.search(titles[key], limit=len(titles))]
