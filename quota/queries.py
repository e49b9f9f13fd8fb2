"""Reads of the quota: each programme's counting rule, the targets, and the figures the counters hold.

Every figure of a unit comes from its own counter rows (its subtree's figures), summed over their shards; an "as of"
figure is the sum of the daily changes up to and including that day.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from core.extensions import db
from quota.credit import CountsFrom
from quota.models import (
    WHOLE_PROGRAMME,
    QuotaDaily,
    QuotaFieldDaily,
    QuotaSetting,
    QuotaTarget,
    QuotaTotal,
    TargetKind,
)
from review.models import DuplicatePair, PairStatus

DEFAULT_COUNTS_FROM = CountsFrom.CONFIRMED
_SETTINGS_CACHE = "quota.counts_from"


@dataclass(frozen=True)
class Counted:
    """What a unit's subtree has to show in a programme: initiatives that count, their benefit, unions taking part."""

    count: int = 0
    benefit: int = 0
    covered: int = 0


def get_setting(programme_id: int) -> QuotaSetting | None:
    """Return a programme's quota setting, if one was saved."""
    return db.session.get(QuotaSetting, programme_id)


def get_counts_from(programme_id: int) -> CountsFrom:
    """Return the milestone from which a programme counts initiatives (cached for the transaction)."""
    cache = db.session.info.setdefault(_SETTINGS_CACHE, {})
    if programme_id not in cache:
        setting = get_setting(programme_id)
        cache[programme_id] = setting.counts_from if setting else DEFAULT_COUNTS_FROM
    return cache[programme_id]


def forget_counts_from(programme_id: int) -> None:
    """Drop a programme's cached counting rule (it just changed)."""
    db.session.info.get(_SETTINGS_CACHE, {}).pop(programme_id, None)


def count_judged_copies(initiative_id: int) -> int:
    """Return how many standing judgements name the initiative the copy of another."""
    return db.session.scalar(select(func.count()).select_from(DuplicatePair).where(
        DuplicatePair.duplicate_id == initiative_id, DuplicatePair.status == PairStatus.SAME))


def get_counted(programme_id: int, unit_ids, as_of: date | None = None,
                phase_key: int | None = None) -> dict[int, Counted]:
    """Return the figures of each unit's subtree, now or at the end of as_of, in one phase or all of them."""
    ids = sorted(set(unit_ids))
    if not ids:
        return {}
    model = QuotaTotal if as_of is None else QuotaDaily
    query = (select(model.unit_id, func.sum(model.count), func.sum(model.benefit), func.sum(model.covered))
             .where(model.programme_id == programme_id, model.unit_id.in_(ids)).group_by(model.unit_id))
    if as_of is not None:
        query = query.where(QuotaDaily.day <= as_of)
    if phase_key is not None:
        query = query.where(model.phase_key == phase_key)
    return {unit_id: Counted(int(count or 0), int(benefit or 0), int(covered or 0))
            for unit_id, count, benefit, covered in db.session.execute(query)}


def get_daily_changes(programme_id: int, unit_id: int) -> list[tuple[date, int]]:
    """Return (day, change of the count) for every day a unit's subtree count changed, in order."""
    return [(day, int(change)) for day, change in db.session.execute(
        select(QuotaDaily.day, func.sum(QuotaDaily.count))
        .where(QuotaDaily.programme_id == programme_id, QuotaDaily.unit_id == unit_id)
        .group_by(QuotaDaily.day).order_by(QuotaDaily.day))]


def get_field_mix(programme_id: int, unit_id: int, as_of: date | None = None) -> dict[str, int]:
    """Return a unit's subtree count by field (now, or at the end of as_of); fields with nothing are left out."""
    query = (select(QuotaFieldDaily.field, func.sum(QuotaFieldDaily.count))
             .where(QuotaFieldDaily.programme_id == programme_id, QuotaFieldDaily.unit_id == unit_id)
             .group_by(QuotaFieldDaily.field))
    if as_of is not None:
        query = query.where(QuotaFieldDaily.day <= as_of)
    return {field: int(count) for field, count in db.session.execute(query) if count}


def get_targets(programme_id: int, unit_ids, phase_key: int = WHOLE_PROGRAMME) -> dict[int, dict[TargetKind, int]]:
    """Return each unit's targets in a programme (or one of its phases), by kind."""
    ids = sorted(set(unit_ids))
    found: dict[int, dict[TargetKind, int]] = {unit_id: {} for unit_id in ids}
    if ids:
        for unit_id, kind, value in db.session.execute(
                select(QuotaTarget.unit_id, QuotaTarget.kind, QuotaTarget.value)
                .where(QuotaTarget.programme_id == programme_id, QuotaTarget.phase_key == phase_key,
                       QuotaTarget.unit_id.in_(ids))):
            found[unit_id][TargetKind(kind)] = value
    return found


def get_target(programme_id: int, unit_id: int, kind: TargetKind, phase_key: int = WHOLE_PROGRAMME) -> QuotaTarget:
    """Return one target row, if it was set."""
    return db.session.scalar(select(QuotaTarget).where(
        QuotaTarget.programme_id == programme_id, QuotaTarget.phase_key == phase_key,
        QuotaTarget.unit_id == unit_id, QuotaTarget.kind == kind))


def get_public_settings() -> list[QuotaSetting]:
    """Return the settings of the programmes whose progress is public."""
    return list(db.session.scalars(select(QuotaSetting).where(QuotaSetting.public.is_(True))))
