"""The schema checks' English messages are matched to the app's own, whatever their parameters."""

import pytest

from api.errors import _MESSAGES


@pytest.mark.parametrize(("english", "index"), [
    ("Missing data for required field.", 0), ("Not a valid integer.", 3), ("Not a valid number.", 3),
    ("Longer than maximum length 300.", 8), ("Must be one of: a, b.", 9),
    ("Must be greater than or equal to 1 and less than or equal to 100.", 10),
])
def test_each_message_finds_its_pattern(english, index):
    assert [n for n, (pattern, _text) in enumerate(_MESSAGES) if pattern.fullmatch(english)] == [index]
