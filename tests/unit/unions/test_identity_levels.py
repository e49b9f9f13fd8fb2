"""Login names, phone numbers and level rules."""

import pytest

from unions.identity import normalise_email, normalise_login, normalise_phone
from unions.levels import UnitLevel, may_contain, parse_level


@pytest.mark.parametrize("text", ["0912345678", "0912 345 678", "0912.345.678", "+84 912 345 678", "84912345678"])
def test_phone_numbers_reach_one_national_form(text):
    assert normalise_phone(text) == "0912345678"


@pytest.mark.parametrize("text", ["12345", "09123456789012", "abc"])
def test_non_phone_numbers_are_refused(text):
    with pytest.raises(ValueError):
        normalise_phone(text)


def test_blank_contact_is_none():
    assert normalise_phone("  ") is None
    assert normalise_email(" ") is None


def test_login_names_are_canonical():
    assert normalise_login(" Lan@Example.VN ") == "lan@example.vn"
    assert normalise_login("+84 912-345-678") == "0912345678"


def test_levels_nest_by_tier():
    assert may_contain(UnitLevel.PROVINCE_FEDERATION, UnitLevel.GRASSROOTS)
    assert may_contain(UnitLevel.COMMUNE_UNION, UnitLevel.GRASSROOTS)
    assert not may_contain(UnitLevel.GRASSROOTS, UnitLevel.DISTRICT_FEDERATION)
    assert not may_contain(UnitLevel.DISTRICT_FEDERATION, UnitLevel.COMMUNE_UNION)
    assert may_contain(None, UnitLevel.CONFEDERATION)
    assert not may_contain(None, UnitLevel.GRASSROOTS)


@pytest.mark.parametrize(("text", "level"), [
    ("grassroots", UnitLevel.GRASSROOTS), ("Công đoàn cơ sở", UnitLevel.GRASSROOTS), ("CĐCS", UnitLevel.GRASSROOTS),
    ("LĐLĐ huyện", UnitLevel.DISTRICT_FEDERATION), ("district_federation", UnitLevel.DISTRICT_FEDERATION),
    ("commune-union", UnitLevel.COMMUNE_UNION), ("không có", None),
])
def test_levels_are_read_in_english_and_vietnamese(text, level):
    assert parse_level(text) == level
