"""The side-by-side view marks the words two initiatives share, with or without diacritics, never function words."""

from review.highlight import mark_shared, shared_share, words_of


def test_shared_words_are_marked_whatever_their_spelling():
    pieces = mark_shared("Cải tiến máy đóng bao của xưởng", "CAI TIEN MAY DONG GOI")

    assert pieces == [("Cải", True), (" ", False), ("tiến", True), (" ", False), ("máy", True), (" ", False),
                      ("đóng", True), (" ", False), ("bao", False), (" ", False), ("của", False), (" ", False),
                      ("xưởng", False)]


def test_two_spellings_with_different_marks_are_different_words():
    assert mark_shared("tự động", "máy đóng gói") == [("tự", False), (" ", False), ("động", False)]
    assert mark_shared("tự động", "may dong goi") == [("tự", False), (" ", False), ("động", True)]
    assert mark_shared("hoá chất", "hóa chất") == [("hoá", True), (" ", False), ("chất", True)]


def test_function_words_are_never_marked_and_punctuation_is_kept():
    assert mark_shared("Máy, và của!", "máy và của") == [("Máy", True), (", ", False), ("và", False), (" ", False),
                                                          ("của", False), ("!", False)]
    assert words_of("và của cho") == set()


def test_the_share_of_shared_words():
    assert shared_share("cải tiến máy đóng bao", "cải tiến máy trộn") == 0.6
    assert shared_share("", "cải tiến") is None
    assert mark_shared("", "x") == []
