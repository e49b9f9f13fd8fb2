"""Union levels: which sits under which, and how people name them."""

import pytest

from unions.levels import JOINABLE_LEVELS, UnitLevel, may_contain, parse_level


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


def test_members_join_grassroots_unions_and_their_groups():
    assert {UnitLevel.GRASSROOTS, UnitLevel.UNION_GROUP} == JOINABLE_LEVELS
