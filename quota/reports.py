"""What the quota writes out: the children table as XLSX and CSV, the official sentence of a report, and the list of
progress a user may open (their home panel and the quota index)."""

import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core import spreadsheets
from core.i18n import number, official_date, percent_points
from initiatives.models import Programme
from initiatives.queries import get_programmes_of
from quota import dashboard
from quota.dashboard import Dashboard, UnitProgress
from unions.permissions import scopes_of
from unions.queries import get_units_by_ids
from unions.roles import MEMBER_MANAGERS, Role

COLUMNS = (
    (_l("Code"), lambda row: row.unit.code),
    (_l("Unit"), lambda row: row.unit.name),
    (_l("Initiatives"), lambda row: row.count),
    (_l("Assigned target"), lambda row: row.assigned),
    (_l("Percentage of the assigned target"), lambda row: row.percent_assigned),
    (_l("Self-set target"), lambda row: row.self_set),
    (_l("Percentage of the self-set target"), lambda row: row.percent_self),
    (_l("Grassroots unions taking part"), lambda row: row.counted.covered),
    (_l("Grassroots unions"), lambda row: row.grassroots),
    (_l("Members"), lambda row: row.members),
    (_l("Initiatives per 100 members"), lambda row: row.per_hundred),
    (_l("Claimed benefit (VND)"), lambda row: row.counted.benefit),
    (_l("Projected at closing"), lambda row: row.projection.projected if row.projection else None),
)


def _table(board: Dashboard) -> tuple[list[str], list[list]]:
    headers = [str(title) for title, _value in COLUMNS]
    rows = [[value(row) for _title, value in COLUMNS] for row in [*board.children, board.headline]]
    return headers, rows


def children_file(board: Dashboard, extension: str) -> tuple[list[list], Callable[[Iterable, object], None]]:
    """Return the rows of the children table (and the unit's own total last), and the writer of rows as XLSX or
    CSV into a binary file."""
    headers, rows = _table(board)
    if extension == "csv":
        return rows, lambda cells, target: target.writelines(spreadsheets.csv_chunks(headers, cells))
    title = _("Progress %(day)s", day=board.day.isoformat())
    return rows, lambda cells, target: spreadsheets.write_xlsx(headers, cells, target, title)


def children_xlsx(board: Dashboard) -> bytes:
    """Return the children table (and the unit's own total last) as a workbook."""
    rows, write = children_file(board, "xlsx")
    buffer = io.BytesIO()
    write(rows, buffer)
    return buffer.getvalue()


def children_csv(board: Dashboard) -> Iterator[bytes]:
    """Return the children table (and the unit's own total last) as CSV in pieces."""
    headers, rows = _table(board)
    return spreadsheets.csv_chunks(headers, rows)


def official_sentence(board: Dashboard) -> str:
    """Write out a unit's progress as the official reports do ("Tính đến ngày 30/5/2021, … đạt 492,3% …")."""
    figures = board.headline
    parent = figures.unit.parent
    parts = [_("As of %(day)s, %(unit)s had %(count)s initiatives", day=official_date(board.day),
               unit=figures.unit.name, count=number(figures.count))]
    if figures.assigned is not None:
        parts.append(_("%(percent)s of the target assigned by %(parent)s (%(target)s initiatives)",
                       percent=percent_points(figures.percent_assigned), target=number(figures.assigned),
                       parent=parent.name if parent else _("the level above")))
    if figures.self_set is not None:
        parts.append(_("%(percent)s of its own target (%(target)s initiatives)",
                       percent=percent_points(figures.percent_self), target=number(figures.self_set)))
    sentence = ", ".join(parts) + "."
    if figures.grassroots:
        sentence += " " + _("%(covered)s of its %(unions)s grassroots unions took part.",
                            covered=number(figures.counted.covered), unions=number(figures.grassroots))
    return sentence


def progress_entries(user, today: date, limit: int = 12) -> list[tuple[Programme, UnitProgress]]:
    """Return the progress of the user's outermost units in each programme they take part in: the running programmes
    first, then the latest closed."""
    paths = set(scopes_of(user, {*MEMBER_MANAGERS, Role.REVIEWER}))
    outermost = sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths))
    units = get_units_by_ids(int(path.strip("/").split("/")[-1]) for path in outermost)
    entries = []
    for unit in sorted(units.values(), key=lambda u: (u.depth, u.name)):
        for programme in get_programmes_of(unit):
            entries.append((programme, dashboard.measure(programme, [unit], min(today, programme.closes_on))[0]))
    entries.sort(key=lambda entry: (entry[0].closes_on < today, -entry[0].opens_on.toordinal(), entry[1].unit.name))
    return entries[:limit]
