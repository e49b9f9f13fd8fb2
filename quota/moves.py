"""Counts follow the current tree: when a unit moves, its subtree's figures leave its old ancestors and join its new.

A unit's own counter rows already hold its whole subtree, so a move is a handful of INSERT … SELECT … ON CONFLICT
statements per table — the figures of the moved unit taken from each ancestor it left and given to each it joined —
whatever the size of the subtree. Its history moves with it: every day's changes, so "as of" figures of the old
parent drop for past dates too.
"""

from sqlalchemy import func, literal, select

from core.db import insert_for_engine
from core.extensions import db
from quota.models import QuotaDaily, QuotaFieldDaily, QuotaTotal

# table, its key columns besides unit_id and shard, its summed columns
_TABLES = (
    (QuotaTotal, ("programme_id", "phase_key"), ("count", "benefit", "covered")),
    (QuotaDaily, ("programme_id", "day", "phase_key"), ("count", "benefit", "covered")),
    (QuotaFieldDaily, ("programme_id", "field", "day"), ("count",)),
)


def _ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/")]


def shift_subtree(unit_id: int, old_path: str, new_path: str) -> None:
    """Take unit_id's figures from the ancestors in old_path it no longer has and add them to its new ones."""
    old, new = set(_ids(old_path)[:-1]), set(_ids(new_path)[:-1])
    for ancestor, sign in [*((a, -1) for a in sorted(old - new)), *((a, 1) for a in sorted(new - old))]:
        for model, keys, sums in _TABLES:
            _add_figures(model, keys, sums, source=unit_id, target=ancestor, sign=sign)


def _add_figures(model, keys, sums, *, source: int, target: int, sign: int) -> None:
    """Add sign × source's figures (summed over its shards) to target's shard 0."""
    columns = [getattr(model, key) for key in keys]
    figures = (select(*columns, literal(target).label("unit_id"), literal(0).label("shard"),
                      *(func.sum(getattr(model, column) * sign).label(column) for column in sums))
               .where(model.unit_id == source).group_by(*columns))
    upsert = insert_for_engine(model).from_select([*keys, "unit_id", "shard", *sums], figures)
    upsert = upsert.on_conflict_do_update(index_elements=[*keys, "unit_id", "shard"], set_={
        column: getattr(model, column) + getattr(upsert.excluded, column) for column in sums})
    db.session.execute(upsert)
