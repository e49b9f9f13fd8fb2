"""The figures a dashboard, an export or a report shows for a unit, read in a handful of queries.

Everything is "as of" a day: the end of that day, or today when none is asked for. Counts, benefit and coverage
come from the counters; members and grassroots unions from the tree's sizes; the arithmetic from quota.progress.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from core.extensions import db
from core.timeutil import local_today
from initiatives.models import Programme
from quota import progress
from quota.models import WHOLE_PROGRAMME, TargetKind
from quota.queries import Counted, get_counted, get_daily_changes, get_field_mix, get_targets
from unions.models import Bloc, Unit
from unions.queries import get_children
from unions.sizes import get_sizes


@dataclass
class UnitProgress:
    """One unit's figures in a programme, as of a day."""

    unit: Unit
    counted: Counted
    members: int
    grassroots: int
    assigned: int | None
    self_set: int | None
    projection: progress.Projection | None = None

    @property
    def count(self) -> int:
        """Return the initiatives that count."""
        return self.counted.count

    @property
    def percent_assigned(self) -> Decimal | None:
        """Return the count against the assigned target, in percent."""
        return progress.percent_of(self.count, self.assigned)

    @property
    def percent_self(self) -> Decimal | None:
        """Return the count against the self-set target, in percent."""
        return progress.percent_of(self.count, self.self_set)

    @property
    def coverage(self) -> Decimal | None:
        """Return the share of grassroots unions taking part, in percent."""
        return progress.share(self.counted.covered, self.grassroots)

    @property
    def per_hundred(self) -> Decimal | None:
        """Return the initiatives per 100 members."""
        return progress.per_hundred(self.count, self.members)

    @property
    def target(self) -> int | None:
        """Return the target the unit is measured against first: the assigned one, else its own."""
        return self.assigned if self.assigned is not None else self.self_set


SORTS = {
    "percent": lambda row: (row.percent_assigned is None, -(row.percent_assigned or 0)),
    "count": lambda row: -row.count,
    "coverage": lambda row: (row.coverage is None, -(row.coverage or 0)),
    "rate": lambda row: (row.per_hundred is None, -(row.per_hundred or 0)),
    "name": lambda row: row.unit.name,
}


def measure(programme: Programme, units: list[Unit], day: date, *, phase_key: int = WHOLE_PROGRAMME,
            with_pace: bool = False) -> list[UnitProgress]:
    """Return the figures of several units as of the end of day, in their order."""
    ids = [unit.id for unit in units]
    as_of = None if day >= local_today() else day
    phase = None if phase_key == WHOLE_PROGRAMME else phase_key
    counted = get_counted(programme.id, ids, as_of, phase)
    sizes = get_sizes(ids)
    targets = get_targets(programme.id, ids, phase_key)
    earlier = get_counted(programme.id, ids, progress.pace_window_start(day), phase) if with_pace else {}
    rows = []
    for unit in units:
        size = sizes.get(unit.id)
        row = UnitProgress(unit, counted.get(unit.id, Counted()), size.members if size else 0,
                           size.grassroots if size else 0, targets[unit.id].get(TargetKind.ASSIGNED),
                           targets[unit.id].get(TargetKind.SELF_SET))
        if with_pace:
            row.projection = progress.project(row.count, earlier.get(unit.id, Counted()).count,
                                              opens=programme.opens_on, closes=programme.closes_on, today=day,
                                              target=row.target)
        rows.append(row)
    return rows


@dataclass
class Dashboard:
    """Everything the dashboard of one unit shows."""

    programme: Programme
    day: date
    headline: UnitProgress
    children: list[UnitProgress]
    blocs: list[tuple[Bloc, list[UnitProgress]]]
    series: list[tuple[date, int]]
    fields: dict[str, int]
    phases: list[tuple[object, UnitProgress]] = field(default_factory=list)

    @property
    def at_risk(self) -> list[UnitProgress]:
        """Return the children that will miss their target at their present pace, the furthest behind first."""
        risky = [row for row in self.children if row.projection and row.projection.at_risk]
        return sorted(risky, key=lambda row: row.projection.percent or 0)

    @property
    def children_total(self) -> int | None:
        """Return what the children's assigned targets add up to (None when none has one)."""
        values = [row.assigned for row in self.children if row.assigned is not None]
        return sum(values) if values else None


def as_of_day(programme: Programme, day: date | None = None) -> date:
    """Return the day figures are read as of: by default today, or the closing day of a programme that has closed;
    never a day after either, nor before the eve of its opening."""
    last = min(local_today(), programme.closes_on)
    if day is None:
        return last
    return min(max(day, programme.opens_on - timedelta(days=1)), last)


def build(programme: Programme, unit: Unit, day: date, sort: str = "percent") -> Dashboard:
    """Return the dashboard of unit in programme as of day."""
    headline = measure(programme, [unit], day, with_pace=True)[0]
    children = measure(programme, get_children(unit), day, with_pace=True)
    children.sort(key=SORTS.get(sort, SORTS["percent"]))
    blocs = []
    for bloc in db.session.scalars(select(Bloc).where(Bloc.owner_unit_id == unit.id).order_by(Bloc.name)):
        members = measure(programme, list(bloc.units), day)
        blocs.append((bloc, sorted(members, key=SORTS["percent"])))
    series = [(when, total) for when, total in progress.cumulative(get_daily_changes(programme.id, unit.id))
              if when <= day]
    phases = [(phase, measure(programme, [unit], day, phase_key=phase.id)[0]) for phase in programme.phases]
    fields = get_field_mix(programme.id, unit.id, None if day >= local_today() else day)
    return Dashboard(programme, day, headline, children, blocs, series, fields, phases)


def chart_points(dashboard: Dashboard) -> dict:
    """Return the chart's data: the cumulative count per day from the opening to the day shown, the target line and
    the phases (as plain values for the page's JSON)."""
    start, end = dashboard.programme.opens_on, min(dashboard.day, dashboard.programme.closes_on)
    by_day = dict(dashboard.series)
    total, days, counts = 0, [], []
    before = [count for when, count in dashboard.series if when < start]
    total = before[-1] if before else 0
    current = start
    while current <= end:
        total = by_day.get(current, total)
        days.append(current.isoformat())
        counts.append(total)
        current += timedelta(days=1)
    return {"days": days, "counts": counts, "target": dashboard.headline.target,
            "phases": [{"name": phase.name, "from": phase.opens_on.isoformat(), "to": phase.closes_on.isoformat()}
                       for phase, _figures in dashboard.phases]}
