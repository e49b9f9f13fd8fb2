"""Keep the quota counters live: every credit change reaches the figures of its unit and of every unit above it.

Receivers of the initiatives' and reviews' signals ``book`` a change while the transaction runs; the changes are
added to the counters just before it commits (a ``before_commit`` listener), all at once, sorted by key:

- a unit's row is touched only for that moment, not for the rest of a long transaction (an Excel import of
  thousands of rows holds no counter while it indexes them);
- every writer locks rows in the same order, so concurrent submissions wait briefly but never deadlock;
- the top units' rows are split into shards (the initiative's id picks one), so submissions from different
  districts do not queue on the confederation's one row.

Coverage is decided on the grassroots union's own row (``quota_union_count``): its update returns the new count
under the row's lock, so a union is counted as taking part exactly once however many of its submissions commit at
the same moment. A rollback drops what was booked.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import event
from sqlalchemy.orm import Session

from core.db import add_to_rows, insert_for_engine
from core.extensions import db
from quota.models import WHOLE_PROGRAMME, QuotaDaily, QuotaFieldDaily, QuotaTotal, QuotaUnionCount
from unions.levels import UnitLevel
from unions.sizes import path_ids

PENDING = "quota.pending"
# Shards by depth for the units above the grassroots: the confederation (0) and the provinces (1) take every
# submission of their subtree; a district's rows see few enough to stay whole.
SHARDS_BY_DEPTH = {0: 16, 1: 4}


@dataclass(frozen=True)
class CreditChange:
    """An initiative started (+1) or stopped (-1) counting on a day, with what it brings to the figures.

    path is its union's place in the tree (the units whose figures change) and union_id the grassroots union it
    counts for in coverage (None outside any).
    """

    initiative_id: int
    programme_id: int
    path: str
    union_id: int | None
    phase_key: int
    field: str
    benefit: int
    day: date
    delta: int

    @property
    def chain(self) -> list[int]:
        """Return the ids of the units whose figures change, from the root down."""
        return path_ids(self.path)


@dataclass(frozen=True)
class TreeNode:
    """What a replay of the history needs of a unit: where it sits and what kind it is."""

    id: int
    path: str
    level: UnitLevel
    depth: int

    @property
    def chain(self) -> list[int]:
        """Return the ids from the root down to this unit."""
        return path_ids(self.path)


def shards_of(depth: int) -> int:
    """Return into how many rows the counters of a unit at this depth are split."""
    return SHARDS_BY_DEPTH.get(depth, 1)


def grassroots_id(unit) -> int | None:
    """Return the id of the grassroots union a unit is or sits in (a union group's union), if any."""
    while unit is not None and UnitLevel(unit.level) != UnitLevel.GRASSROOTS:
        unit = unit.parent
    return unit.id if unit is not None else None


def book(change: CreditChange) -> None:
    """Add a credit change to the current transaction's counters (applied just before it commits)."""
    if change.delta:
        db.session.info.setdefault(PENDING, []).append(change)


def discard_pending(programme_ids: set[int]) -> None:
    """Forget the changes booked in this transaction for these programmes (a rebuild has replayed them)."""
    pending = db.session.info.get(PENDING)
    if pending:
        db.session.info[PENDING] = [change for change in pending if change.programme_id not in programme_ids]


def grassroots_of(node: TreeNode, nodes: dict[int, TreeNode]) -> TreeNode | None:
    """Return the grassroots union a unit is or sits in (a union group's union), if any."""
    for unit_id in reversed(node.chain):
        if nodes[unit_id].level == UnitLevel.GRASSROOTS:
            return nodes[unit_id]
    return None


class Tally:
    """Figures to add, by counter row; written in key order."""

    def __init__(self) -> None:
        self.totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.daily: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        self.fields: dict[tuple, int] = defaultdict(int)

    def add(self, programme_id: int, unit_id: int, shard: int, phase_key: int, day: date, *, count: int = 0,
            benefit: int = 0, covered: int = 0, field: str | None = None) -> None:
        """Add to the rows of one unit."""
        for row in (self.totals[(programme_id, unit_id, phase_key, shard)],
                    self.daily[(programme_id, unit_id, day, phase_key, shard)]):
            row[0] += count
            row[1] += benefit
            row[2] += covered
        if field is not None and count:
            self.fields[(programme_id, unit_id, field, day, shard)] += count

    def write(self) -> None:
        """Add everything to the stored counters."""
        add_to_rows(QuotaTotal, [
            {"programme_id": p, "unit_id": u, "phase_key": ph, "shard": s, "count": c, "benefit": b, "covered": v}
            for (p, u, ph, s), (c, b, v) in sorted(self.totals.items()) if c or b or v],
            ["programme_id", "unit_id", "phase_key", "shard"], ["count", "benefit", "covered"])
        add_to_rows(QuotaDaily, [
            {"programme_id": p, "unit_id": u, "day": d, "phase_key": ph, "shard": s, "count": c, "benefit": b,
             "covered": v}
            for (p, u, d, ph, s), (c, b, v) in sorted(self.daily.items()) if c or b or v],
            ["programme_id", "unit_id", "day", "phase_key", "shard"], ["count", "benefit", "covered"])
        add_to_rows(QuotaFieldDaily, [
            {"programme_id": p, "unit_id": u, "field": f, "day": d, "shard": s, "count": c}
            for (p, u, f, d, s), c in sorted(self.fields.items()) if c],
            ["programme_id", "unit_id", "field", "day", "shard"], ["count"])


def apply(changes: list[CreditChange]) -> None:
    """Add the changes to the counters of their units and every unit above, with the coverage they cause."""
    tally = Tally()
    unions: dict[tuple[int, int, date], int] = defaultdict(int)
    union_chains: dict[int, list[int]] = {}
    for change in changes:
        chain = change.chain
        for depth, unit_id in enumerate(chain):
            tally.add(change.programme_id, unit_id, change.initiative_id % shards_of(depth), change.phase_key,
                      change.day, count=change.delta, benefit=change.delta * change.benefit, field=change.field)
        if change.union_id is not None:
            unions[(change.programme_id, change.union_id, change.day)] += change.delta
            union_chains[change.union_id] = chain[:chain.index(change.union_id) + 1]
    # Day by day, as a replay of the history would see them (a transaction rarely spans midnight, but may).
    for (programme_id, union_id, day), net in sorted(unions.items()):
        if not net:
            continue
        after = _add_to_union(programme_id, union_id, net)
        joined = (after > 0) - (after - net > 0)
        if joined:
            for depth, unit_id in enumerate(union_chains[union_id]):
                tally.add(programme_id, unit_id, union_id % shards_of(depth), WHOLE_PROGRAMME, day, covered=joined)
    tally.write()


def _add_to_union(programme_id: int, union_id: int, net: int) -> int:
    """Add net to a grassroots union's own count and return the new count (read under the row's lock)."""
    upsert = insert_for_engine(QuotaUnionCount).values(programme_id=programme_id, unit_id=union_id, count=net)
    upsert = upsert.on_conflict_do_update(index_elements=["programme_id", "unit_id"],
                                          set_={"count": QuotaUnionCount.count + net})
    return db.session.execute(upsert.returning(QuotaUnionCount.count)).scalar_one()


@event.listens_for(Session, "before_commit")
def _apply_pending(session) -> None:
    changes = session.info.pop(PENDING, None)
    if changes:
        apply(changes)


@event.listens_for(Session, "after_soft_rollback")
def _drop_pending(session, _previous_transaction) -> None:
    session.info.pop(PENDING, None)
