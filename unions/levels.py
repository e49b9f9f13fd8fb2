"""Union levels and the rules between them (pure: no Flask, no database)."""

from enum import StrEnum

from core.text import fold


class UnitLevel(StrEnum):
    """The kinds of union unit, from the confederation down to a union group."""

    CONFEDERATION = "confederation"
    PROVINCE_FEDERATION = "province_federation"
    CENTRAL_SECTOR_UNION = "central_sector_union"
    DISTRICT_FEDERATION = "district_federation"
    LOCAL_SECTOR_UNION = "local_sector_union"
    INDUSTRIAL_ZONE_UNION = "industrial_zone_union"
    CORPORATION_UNION = "corporation_union"
    COMMUNE_UNION = "commune_union"
    GRASSROOTS = "grassroots"
    UNION_GROUP = "union_group"


# Tier 0 is the confederation; a child always sits on a deeper tier than its parent, so a grassroots
# union may hang directly under a province federation but never above an upper-level union.
TIERS: dict[UnitLevel, int] = {
    UnitLevel.CONFEDERATION: 0,
    UnitLevel.PROVINCE_FEDERATION: 1,
    UnitLevel.CENTRAL_SECTOR_UNION: 1,
    UnitLevel.DISTRICT_FEDERATION: 2,
    UnitLevel.LOCAL_SECTOR_UNION: 2,
    UnitLevel.INDUSTRIAL_ZONE_UNION: 2,
    UnitLevel.CORPORATION_UNION: 2,
    UnitLevel.COMMUNE_UNION: 2,
    UnitLevel.GRASSROOTS: 3,
    UnitLevel.UNION_GROUP: 4,
}

UPPER_LEVELS = frozenset(level for level, tier in TIERS.items() if tier == 2)
# The levels members belong to: a grassroots union, or a union group inside one.
JOINABLE_LEVELS = frozenset({UnitLevel.GRASSROOTS, UnitLevel.UNION_GROUP})


def tier(level: UnitLevel) -> int:
    """Return the depth class of a level (0 for the confederation)."""
    return TIERS[UnitLevel(level)]


def may_contain(parent: UnitLevel | None, child: UnitLevel) -> bool:
    """Tell whether a unit of level child may sit directly under a unit of level parent (None: a root)."""
    if parent is None:
        return UnitLevel(child) == UnitLevel.CONFEDERATION or tier(child) == 1
    return tier(child) > tier(parent)


def parse_level(text: str) -> UnitLevel | None:
    """Return the level named by text (its code, or a common Vietnamese or English name), or None."""
    return _LEVEL_NAMES.get(fold(str(text).replace("_", " ").replace("-", " ")))


# Keys are folded (lower-case, no diacritics), so "LĐLĐ huyện" and "ldld huyen" both match.
_LEVEL_NAMES: dict[str, UnitLevel] = {level.value.replace("_", " "): level for level in UnitLevel}
_LEVEL_NAMES.update({
    "tong lien doan": UnitLevel.CONFEDERATION,
    "tong lien doan lao dong viet nam": UnitLevel.CONFEDERATION,
    "ldld tinh": UnitLevel.PROVINCE_FEDERATION,
    "ldld thanh pho": UnitLevel.PROVINCE_FEDERATION,
    "lien doan lao dong tinh": UnitLevel.PROVINCE_FEDERATION,
    "lien doan lao dong thanh pho": UnitLevel.PROVINCE_FEDERATION,
    "cong doan nganh trung uong": UnitLevel.CENTRAL_SECTOR_UNION,
    "ldld huyen": UnitLevel.DISTRICT_FEDERATION,
    "lien doan lao dong huyen": UnitLevel.DISTRICT_FEDERATION,
    "lien doan lao dong quan": UnitLevel.DISTRICT_FEDERATION,
    "lien doan lao dong thi xa": UnitLevel.DISTRICT_FEDERATION,
    "cong doan nganh": UnitLevel.LOCAL_SECTOR_UNION,
    "cong doan nganh dia phuong": UnitLevel.LOCAL_SECTOR_UNION,
    "cong doan khu cong nghiep": UnitLevel.INDUSTRIAL_ZONE_UNION,
    "cong doan cac khu cong nghiep": UnitLevel.INDUSTRIAL_ZONE_UNION,
    "cong doan tong cong ty": UnitLevel.CORPORATION_UNION,
    "cong doan xa phuong": UnitLevel.COMMUNE_UNION,
    "cong doan xa": UnitLevel.COMMUNE_UNION,
    "cong doan phuong": UnitLevel.COMMUNE_UNION,
    "cong doan co so": UnitLevel.GRASSROOTS,
    "cdcs": UnitLevel.GRASSROOTS,
    "to cong doan": UnitLevel.UNION_GROUP,
})
