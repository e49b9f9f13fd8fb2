"""Recompute every quota figure from the initiatives themselves: their timelines, versions and duplicate judgements.

For each initiative, ``quota.credit.credit_changes`` replays when it started and stopped counting; each change
carries what the initiative was then — its phase (recorded on the timeline step) and its field and benefit (from the
version kept when it was edited after being returned, or its content now) — and lands on the local day it happened,
in the figures of its unit and of every unit above it in the current tree. Coverage replays each grassroots union's
count. The result replaces the programme's counter rows in the caller's transaction; the live counters must agree
with it exactly (``snapshot`` reads either, summed over shards, to compare).
"""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import delete, func, or_, select

from core.extensions import db
from core.timeutil import local_date
from initiatives.models import Initiative, InitiativeEvent, InitiativeVersion, Programme
from quota.counters import TreeNode, discard_pending, grassroots_of
from quota.credit import JudgementChange, StateChange, credit_changes
from quota.models import WHOLE_PROGRAMME, QuotaDaily, QuotaFieldDaily, QuotaTotal, QuotaUnionCount
from quota.queries import get_counts_from
from review.models import DuplicateJudgement, DuplicatePair
from unions.levels import UnitLevel
from unions.models import Unit

BATCH = 5000
_TABLES = (QuotaTotal, QuotaDaily, QuotaFieldDaily, QuotaUnionCount)


def rebuild(programme_id: int | None = None, on_progress: Callable[[int], None] | None = None) -> int:
    """Replace the counters of one programme (or of all) with figures replayed from history; return initiatives read."""
    programmes = [programme_id] if programme_id is not None else list(db.session.scalars(select(Programme.id)))
    db.session.flush()
    # What this transaction booked for these programmes is part of the history replayed below: drop it.
    discard_pending(set(programmes))
    nodes = {row.id: TreeNode(row.id, row.path, UnitLevel(row.level), row.depth)
             for row in db.session.execute(select(Unit.id, Unit.path, Unit.level, Unit.depth))}
    read = 0
    for programme in programmes:
        for model in _TABLES:
            db.session.execute(delete(model).where(model.programme_id == programme))
        figures = _Replay(programme, nodes)
        for batch in _batches(programme):
            figures.take(batch)
            read += len(batch)
            if on_progress:
                on_progress(len(batch))
        figures.write()
    return read


def _batches(programme_id: int):
    """Yield the programme's initiatives in id order, a batch at a time, with what their replay needs."""
    last = 0
    while True:
        rows = db.session.execute(
            select(Initiative.id, Initiative.unit_id, Initiative.field, Initiative.benefit_vnd,
                   Initiative.benefit_not_computable)
            .where(Initiative.programme_id == programme_id, Initiative.id > last)
            .order_by(Initiative.id).limit(BATCH)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


class _Replay:
    """The figures of one programme, gathered initiative by initiative."""

    def __init__(self, programme_id: int, nodes: dict[int, TreeNode]) -> None:
        self.programme_id = programme_id
        self.counts_from = get_counts_from(programme_id)
        self.nodes = nodes
        self.own: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])  # (unit, phase, day) -> count, benefit
        self.own_fields: dict[tuple, int] = defaultdict(int)  # (unit, field, day) -> count
        self.union_changes: dict[int, list] = defaultdict(list)  # grassroots union -> [(at, delta)]

    def take(self, rows) -> None:
        """Replay the history of a batch of initiatives."""
        ids = [row.id for row in rows]
        events = defaultdict(list)
        for initiative_id, at, status, phase_id in db.session.execute(
                select(InitiativeEvent.initiative_id, InitiativeEvent.at, InitiativeEvent.to_status,
                       InitiativeEvent.phase_id)
                .where(InitiativeEvent.initiative_id.in_(ids)).order_by(InitiativeEvent.at, InitiativeEvent.id)):
            events[initiative_id].append((at, status, phase_id))
        versions = defaultdict(list)
        for initiative_id, saved_at, content in db.session.execute(
                select(InitiativeVersion.initiative_id, InitiativeVersion.saved_at, InitiativeVersion.content)
                .where(InitiativeVersion.initiative_id.in_(ids)).order_by(InitiativeVersion.saved_at)):
            versions[initiative_id].append((saved_at, content))
        judgements = defaultdict(list)
        for pair_id, at, duplicate_id, a_id, b_id in db.session.execute(
                select(DuplicateJudgement.pair_id, DuplicateJudgement.at, DuplicateJudgement.duplicate_id,
                       DuplicatePair.a_id, DuplicatePair.b_id)
                .join(DuplicatePair, DuplicateJudgement.pair_id == DuplicatePair.id)
                .where(or_(DuplicatePair.a_id.in_(ids), DuplicatePair.b_id.in_(ids)))
                .order_by(DuplicateJudgement.at, DuplicateJudgement.id)):
            for initiative_id in (a_id, b_id):
                judgements[initiative_id].append(JudgementChange(at, pair_id, duplicate_id == initiative_id))
        for row in rows:
            self._replay(row, events[row.id], versions[row.id], judgements[row.id])

    def _replay(self, row, events, versions, judgements) -> None:
        states = [StateChange(at, status) for at, status, _phase in events]
        moments = [at for at, _status, _phase in events]
        saved = [saved_at for saved_at, _content in versions]
        for at, delta in credit_changes(states, judgements, self.counts_from):
            step = bisect_right(moments, at) - 1
            phase_key = (events[step][2] if step >= 0 else None) or WHOLE_PROGRAMME
            later = bisect_right(saved, at)
            field, benefit = _content_at(row, versions[later][1] if later < len(versions) else None)
            day = local_date(at)
            own = self.own[(row.unit_id, phase_key, day)]
            own[0] += delta
            own[1] += delta * benefit
            self.own_fields[(row.unit_id, field, day)] += delta
            union = grassroots_of(self.nodes[row.unit_id], self.nodes)
            if union is not None:
                self.union_changes[union.id].append((at, delta))

    def write(self) -> None:
        """Spread the gathered figures over every unit above, work out coverage, and store it all (shard 0)."""
        daily: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        fields: dict[tuple, int] = defaultdict(int)
        for (unit_id, phase_key, day), (count, benefit) in self.own.items():
            for above in self.nodes[unit_id].chain:
                row = daily[(above, day, phase_key)]
                row[0] += count
                row[1] += benefit
        for (unit_id, field, day), count in self.own_fields.items():
            for above in self.nodes[unit_id].chain:
                fields[(above, field, day)] += count
        unions = {}
        for union_id, changes in self.union_changes.items():
            count = 0
            for at, delta in sorted(changes, key=lambda change: change[0]):
                joined = (count + delta > 0) - (count > 0)
                count += delta
                if joined:
                    for above in self.nodes[union_id].chain:
                        daily[(above, local_date(at), WHOLE_PROGRAMME)][2] += joined
            unions[union_id] = count
        totals: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0])
        for (unit_id, _day, phase_key), values in daily.items():
            row = totals[(unit_id, phase_key)]
            for index in range(3):
                row[index] += values[index]
        p = self.programme_id
        _insert(QuotaTotal, [{"programme_id": p, "unit_id": u, "phase_key": ph, "shard": 0, "count": c, "benefit": b,
                              "covered": v} for (u, ph), (c, b, v) in totals.items() if c or b or v])
        _insert(QuotaDaily, [{"programme_id": p, "unit_id": u, "day": d, "phase_key": ph, "shard": 0, "count": c,
                              "benefit": b, "covered": v} for (u, d, ph), (c, b, v) in daily.items()
                             if c or b or v])
        _insert(QuotaFieldDaily, [{"programme_id": p, "unit_id": u, "field": f, "day": d, "shard": 0, "count": c}
                                  for (u, f, d), c in fields.items() if c])
        _insert(QuotaUnionCount, [{"programme_id": p, "unit_id": u, "count": c} for u, c in unions.items() if c])


def _content_at(row, snapshot: dict | None) -> tuple[str, int]:
    """Return the field and counted benefit an initiative had: as a kept version recorded it, or as it is now."""
    if snapshot is None:
        field, amount, not_computable = row.field, row.benefit_vnd, row.benefit_not_computable
    else:
        field, amount, not_computable = (snapshot.get("field"), snapshot.get("benefit_vnd"),
                                         snapshot.get("benefit_not_computable"))
    return (str(field) if field else ""), (0 if not_computable else (amount or 0))


def _insert(model, rows: list[dict]) -> None:
    """Insert rows in batches through the table itself (the ORM's bulk path would only add work)."""
    for start in range(0, len(rows), BATCH):
        db.session.execute(model.__table__.insert(), rows[start:start + BATCH])


def snapshot(programme_id: int) -> dict[str, dict]:
    """Return every counter of a programme summed over its shards, without the rows that sum to nothing."""
    found = {}
    for model, keys, values in (
            (QuotaTotal, ("unit_id", "phase_key"), ("count", "benefit", "covered")),
            (QuotaDaily, ("unit_id", "day", "phase_key"), ("count", "benefit", "covered")),
            (QuotaFieldDaily, ("unit_id", "field", "day"), ("count",)),
            (QuotaUnionCount, ("unit_id",), ("count",))):
        query = (select(*(getattr(model, key) for key in keys),
                        *(func.sum(getattr(model, value)) for value in values))
                 .where(model.programme_id == programme_id).group_by(*(getattr(model, key) for key in keys)))
        found[model.__tablename__] = {tuple(row[:len(keys)]): tuple(int(v) for v in row[len(keys):])
                                      for row in db.session.execute(query) if any(row[len(keys):])}
    return found
