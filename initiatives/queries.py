"""Reads of initiative lists: who sees what, filters, full-text search, sorting and pages, all in SQL.

A list shows what initiatives.permissions.can_view allows: the user's own initiatives (as submitter, the officer
who entered it, or co-author), everything but drafts inside the subtrees the user manages or reviews, and anything
in a public state. Drafts of others never appear. Where a user may not read an initiative in full (a confidential
one outside their subtrees), the list gives its title, union and status only, and neither its field nor its hidden
text can be searched.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, any_, false, func, or_, select, true, union
from sqlalchemy.orm import aliased, contains_eager, selectinload

from core.extensions import db
from core.forms import FIRST_YEAR, LAST_YEAR
from core.timeutil import local_day_start
from initiatives.import_models import ImportBatch
from initiatives.lifecycle import Status
from initiatives.models import Initiative, InitiativeAuthor, Phase, Programme
from initiatives.permissions import PUBLIC_STATES
from initiatives.rules import Field
from initiatives.search import matches, search_words
from unions.models import Unit
from unions.permissions import admin_scopes, is_system_admin, manager_scopes
from unions.queries import in_any_subtree
from unions.roles import Role

SCOPES = ("mine", "union", "all")
# Newest first follows the id, which rises with created_at (set on insert) and orders the same rows the same way.
SORTS = {
    "newest": (Initiative.id.desc(),),
    "oldest": (Initiative.id.asc(),),
    "title": (Initiative.title.asc(), Initiative.id.asc()),
    "submitted": (Initiative.submitted_at.desc().nulls_last(), Initiative.id.desc()),
}
# Lists count their rows up to this many: past it the pager says "more than", and deeper pages are not served.
# Searches stop sooner: each match is checked row by row, where a list counts inside an index.
COUNT_CAP = 10_000
SEARCH_COUNT_CAP = 1_000
# The shares of the newest rows in which a search over the whole tree looks for its page first.
SEARCH_WINDOWS = (0.02, 0.1, 0.5)
MAX_QUERY = 200
EXPORT_BATCH = 1000


class FilterError(ValueError):
    """A query-string value that cannot be used; message says why (translated), field names the argument."""

    def __init__(self, message, field_name: str):
        super().__init__(str(message))
        self.message = message
        self.field = field_name


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their account and the subtrees (paths) whose initiatives they see in full."""

    user_id: int
    scopes: tuple[str, ...] = ()

    @property
    def default_scope(self) -> str:
        """Return the list shown first: the union or subtree for officers and councils, else everything visible."""
        return "union" if self.scopes else "all"


def viewer_of(user) -> Viewer:
    """Return the viewer for user: officers and administrators over their subtrees, reviewers over their councils'."""
    if is_system_admin(user):
        return Viewer(user.id, ("/",))
    paths = {*manager_scopes(user), *(a.unit.path for a in user.roles if a.role == Role.REVIEWER)}
    # A subtree inside another adds nothing to the condition.
    outermost = sorted(p for p in paths if not any(p != q and p.startswith(q) for q in paths))
    return Viewer(user.id, tuple(outermost))


@dataclass(frozen=True)
class ListFilters:
    """What a list asks for, read from the query string."""

    scope: str = "all"
    programme_id: int | None = None
    phase_id: int | None = None
    field: Field | None = None
    status: Status | None = None
    unit_code: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""
    sort: str = "newest"

    @classmethod
    def from_args(cls, args: Mapping[str, str], default_scope: str = "all") -> "ListFilters":
        """Read the filters from request arguments; raise FilterError on a value that cannot be used."""
        filters = cls(
            scope=_choice(args, "scope", SCOPES) or default_scope,
            programme_id=_positive_int(args, "programme"),
            phase_id=_positive_int(args, "phase"),
            field=Field(value) if (value := _choice(args, "field", [f.value for f in Field])) else None,
            status=Status(value) if (value := _choice(args, "status", [s.value for s in Status])) else None,
            unit_code=(args.get("unit") or "").strip(),
            date_from=_date(args, "from"),
            date_to=_date(args, "to"),
            q=(args.get("q") or "").strip(),
            sort=_choice(args, "sort", SORTS) or "newest",
        )
        if len(filters.q) > MAX_QUERY:
            raise FilterError(_l("The search text is too long."), "q")
        if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
            raise FilterError(_l("The start date is after the end date."), "from")
        return filters

    @property
    def words(self) -> list[str]:
        """Return the folded words searched for."""
        return search_words(self.q)


def _choice(args, name: str, allowed) -> str | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    if value not in allowed:
        raise FilterError(_l("This value is not one of the choices."), name)
    return value


def _positive_int(args, name: str) -> int | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    if not value.isdigit() or not 0 < int(value) < 2**31:
        raise FilterError(_l("This value is not a valid number."), name)
    return int(value)


def _date(args, name: str) -> date | None:
    value = (args.get(name) or "").strip()
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise FilterError(_l("This value is not a valid date."), name) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise FilterError(_l("This value is not a valid date."), name)
    return day


# --- conditions ------------------------------------------------------------------------------------------


def authored_by(user_id: int):
    """Return a SQL condition: the user submitted, entered or co-wrote the initiative."""
    # One set of ids, each part found by its own index: an OR of the three would scan the whole table.
    other = aliased(Initiative)
    return Initiative.id.in_(union(
        select(other.id).where(other.submitter_id == user_id),
        select(other.id).where(other.entered_by_id == user_id),
        select(InitiativeAuthor.initiative_id).where(InitiativeAuthor.user_id == user_id)))


def in_units_under(paths):
    """Return a SQL condition: the initiative's union lies in one of the subtrees at paths."""
    if "/" in paths:
        return true()
    units = select(Unit.id).where(in_any_subtree(Unit.path, list(paths)))
    if db.engine.dialect.name == "postgresql":
        # As an array the ids are an index condition that PostgreSQL can AND with the other indexes' bitmaps
        # (status, programme, the search); a join to unit cannot be combined that way.
        return Initiative.unit_id == any_(func.array(units.scalar_subquery()))
    return Initiative.unit_id.in_(units)


def _in_scopes(viewer: Viewer):
    return in_units_under(viewer.scopes) if viewer.scopes else false()


def visible_to(viewer: Viewer, scope: str):
    """Return the SQL condition of a list's rows: scope "mine", "union" (the viewer's subtrees) or "all"."""
    mine = authored_by(viewer.user_id)
    if scope == "mine":
        return mine
    # A draft, or a draft its authors withdrew, is theirs alone (initiatives.permissions.can_view).
    not_draft = and_(Initiative.status != Status.DRAFT,
                     or_(Initiative.status != Status.WITHDRAWN, Initiative.submitted_at.is_not(None)))
    if scope == "union":
        return and_(_in_scopes(viewer), or_(not_draft, mine))
    return or_(and_(not_draft, or_(Initiative.status.in_(PUBLIC_STATES), _in_scopes(viewer))), mine)


def readable_by(viewer: Viewer):
    """Return the SQL condition: the viewer may read the (visible) initiative in full."""
    return or_(Initiative.confidential.is_(False), _in_scopes(viewer), authored_by(viewer.user_id))


def _narrowed(filters: ListFilters, unit: Unit | None) -> bool:
    """Tell whether the list is confined to some subtrees or to the viewer's own initiatives."""
    return unit is not None or filters.scope != "all"


def list_query(viewer: Viewer, filters: ListFilters, unit: Unit | None = None):
    """Return a select of the ids of the initiatives the list shows, filtered and sorted."""
    query = select(Initiative.id).where(visible_to(viewer, filters.scope))
    if unit is not None:
        query = query.where(in_units_under([unit.path]))
    if filters.programme_id:
        query = query.where(Initiative.programme_id == filters.programme_id)
    if filters.phase_id:
        query = query.where(Initiative.phase_id == filters.phase_id)
    if filters.status:
        query = query.where(Initiative.status == filters.status)
    if filters.date_from:
        query = query.where(Initiative.created_at >= local_day_start(filters.date_from))
    if filters.date_to:
        query = query.where(Initiative.created_at < local_day_start(filters.date_to + timedelta(days=1)))
    if filters.field:
        query = query.where(Initiative.field == filters.field)
    if filters.words:
        query = query.where(matches(filters.q, db.engine.dialect.name, narrowed=_narrowed(filters, unit)))
    if (filters.field or filters.words) and filters.scope != "union":
        # What a summary hides must not be found by filtering on it either (in the viewer's subtrees all is readable).
        query = query.where(readable_by(viewer))
    return query.order_by(*SORTS[filters.sort])


# --- pages -----------------------------------------------------------------------------------------------


@dataclass
class Page:
    """One page of a list: (initiative, readable in full) pairs, and where it stands among the rest."""

    items: list[tuple[Initiative, bool]]
    page: int
    per_page: int
    total: int
    capped: bool = False

    @property
    def pages(self) -> int:
        """Return the number of pages (of the counted rows)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """Tell whether a page comes before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Tell whether a page comes after this one."""
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        """Return the previous page's number."""
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        """Return the next page's number."""
        return self.page + 1 if self.has_next else None


def count_capped(query, cap: int) -> tuple[int, bool]:
    """Return how many rows query gives, up to cap, and whether there are more."""
    limited = query.order_by(None).limit(cap + 1).subquery()
    found = db.session.scalar(select(func.count()).select_from(limited))
    return min(found, cap), found > cap


def _page_ids(query, filters: ListFilters, narrowed: bool, offset: int, limit: int) -> list[int]:
    """Return the ids of one page of the list query."""
    if filters.words and not narrowed and filters.sort == "newest":
        # A search over the whole tree looks for its newest matches among the newest rows first: PostgreSQL would
        # otherwise read every row that holds common words before keeping the newest, and a window bounds that.
        newest = db.session.scalar(select(func.max(Initiative.id))) or 0
        for share in SEARCH_WINDOWS:
            window = query.where(Initiative.id > newest - int(newest * share))
            ids = list(db.session.scalars(window.limit(limit).offset(offset)))
            if len(ids) == limit:
                return ids
    return list(db.session.scalars(query.limit(limit).offset(offset)))


def _rows_of(viewer: Viewer, ids, sort: str, columns=(Initiative,)):
    """Return a select of columns, and whether the viewer may read each in full, over the initiatives ids selects."""
    # The list is found on ids alone, mostly inside indexes; whole rows are read only for what is shown.
    return (select(*columns, readable_by(viewer).label("readable")).join(Unit, Initiative.unit_id == Unit.id)
            .where(Initiative.id.in_(ids)).order_by(*SORTS[sort]))


def get_page(viewer: Viewer, filters: ListFilters, page: int, per_page: int, unit: Unit | None = None) -> Page:
    """Return one page of the list, with the programme and union of each row loaded."""
    cap = SEARCH_COUNT_CAP if filters.words else COUNT_CAP
    offset = (page - 1) * per_page
    items: list = []
    query = list_query(viewer, filters, unit)
    if offset < cap:
        ids = _page_ids(query, filters, _narrowed(filters, unit), offset, min(per_page, cap - offset))
        shown = _rows_of(viewer, ids, filters.sort).options(contains_eager(Initiative.unit),
                                                              selectinload(Initiative.programme))
        items = [(initiative, bool(readable)) for initiative, readable in db.session.execute(shown)]
    if 0 < len(items) < per_page or (offset == 0 and not items):
        # The last page: the rows before it and on it are all there is, without counting.
        return Page(items, page, per_page, offset + len(items))
    total, capped = count_capped(query, cap)
    return Page(items, page, per_page, total, capped)


def get_programmes() -> list[Programme]:
    """Return every programme with its phases, newest first: the choices of a list's filter."""
    return list(db.session.scalars(select(Programme).options(selectinload(Programme.phases))
                                   .order_by(Programme.opens_on.desc(), Programme.id.desc())))


# --- exports ---------------------------------------------------------------------------------------------


@dataclass
class ExportRow:
    """One initiative as an export writes it; what the reader may not see is None."""

    id: int
    title: str
    unit_code: str
    unit_name: str
    status: Status
    programme: str | None = None
    phase: str | None = None
    field: Field | None = None
    created_at: datetime | None = None
    submitted_at: datetime | None = None
    first_applied_on: date | None = None
    benefit_vnd: int | None = None
    authors: list[tuple[str, object]] = dc_field(default_factory=list)


_EXPORT_COLUMNS = (Initiative.id, Initiative.title, Unit.code, Unit.name, Initiative.status, Programme.name,
                   Phase.name, Initiative.field, Initiative.created_at, Initiative.submitted_at,
                   Initiative.first_applied_on, Initiative.benefit_vnd)


def _export_query(viewer: Viewer, ids, sort: str):
    return (_rows_of(viewer, ids, sort, _EXPORT_COLUMNS).join(Programme, Initiative.programme_id == Programme.id)
            .outerjoin(Phase, Initiative.phase_id == Phase.id))


def _export_rows(batch) -> list[ExportRow]:
    """Return a batch of rows as the export writes them, with the authors of those the viewer may read in full."""
    authors = _authors_of([row.id for row in batch if row.readable])
    return [ExportRow(*tuple(row)[:-1], authors=authors.get(row.id, [])) if row.readable else ExportRow(*tuple(row)[:5])
            for row in batch]


def iter_export_rows(viewer: Viewer, filters: ListFilters, unit: Unit | None = None) -> Iterator[ExportRow]:
    """Yield every row of the list in order, in batches, with the authors of those the viewer may read in full."""
    query = _export_query(viewer, list_query(viewer, filters, unit).order_by(None), filters.sort)
    for batch in db.session.execute(query.execution_options(yield_per=EXPORT_BATCH)).partitions():
        yield from _export_rows(batch)


def count_export_rows(viewer: Viewer, filters: ListFilters, unit: Unit | None = None) -> int:
    """Return how many rows the export of the list holds."""
    return db.session.scalar(select(func.count()).select_from(
        list_query(viewer, filters, unit).order_by(None).subquery()))


def export_ids(viewer: Viewer, filters: ListFilters, unit: Unit | None = None) -> list[int]:
    """Return the ids of the rows of the list's export, in its order."""
    return list(db.session.scalars(_rows_of(viewer, list_query(viewer, filters, unit).order_by(None), filters.sort,
                                            (Initiative.id,))))


def get_export_rows(viewer: Viewer, ids: list[int], sort: str) -> list[ExportRow]:
    """Return the export's rows of the initiatives ids, as iter_export_rows writes them, in the list's order."""
    return _export_rows(db.session.execute(_export_query(viewer, ids, sort)).all())


def _authors_of(ids: list[int]) -> dict[int, list[tuple[str, object]]]:
    """Return the authors' names and shares of the initiatives, in their order."""
    found: dict[int, list[tuple[str, object]]] = {}
    if ids:
        rows = db.session.execute(select(InitiativeAuthor.initiative_id, InitiativeAuthor.name, InitiativeAuthor.share)
                                  .where(InitiativeAuthor.initiative_id.in_(ids))
                                  .order_by(InitiativeAuthor.initiative_id, InitiativeAuthor.position))
        for initiative_id, name, share in rows:
            found.setdefault(initiative_id, []).append((name, share))
    return found


# --- programmes and one's own initiatives ----------------------------------------------------------------


def get_programmes_for(user) -> list[Programme]:
    """Return the programmes user's union takes part in and those owned within the subtrees user administers."""
    owners = [*user.unit.ancestor_ids, user.unit.id] if user.unit else []
    admin = admin_scopes(user)
    query = select(Programme).join(Unit, Programme.owner_unit_id == Unit.id).where(
        Programme.owner_unit_id.in_(owners) | in_any_subtree(Unit.path, admin))
    return list(db.session.scalars(query.options(selectinload(Programme.phases))
                                   .order_by(Programme.opens_on.desc(), Programme.id.desc())))


def get_programmes_of(unit: Unit, open_on: date | None = None) -> list[Programme]:
    """Return the programmes unit takes part in (owned by it or a unit above it), those open on a day if given."""
    query = select(Programme).where(Programme.owner_unit_id.in_([*unit.ancestor_ids, unit.id]))
    if open_on is not None:
        query = query.where(Programme.opens_on <= open_on, Programme.closes_on >= open_on)
    return list(db.session.scalars(query.order_by(Programme.closes_on, Programme.id)))


def get_own_initiatives(user_id: int) -> list[Initiative]:
    """Return the initiatives the user submitted, entered or co-wrote, newest first."""
    return list(db.session.scalars(select(Initiative).where(authored_by(user_id))
                                   .options(selectinload(Initiative.programme))
                                   .order_by(Initiative.created_at.desc(), Initiative.id.desc())))


def get_import_batch(programme_id: int, token: str) -> ImportBatch | None:
    """Return the Excel import of a programme with this token."""
    return db.session.scalar(select(ImportBatch).where(ImportBatch.token == token,
                                                       ImportBatch.programme_id == programme_id))


def count_waiting_confirmation(scopes: list[str]) -> int:
    """Return how many submitted initiatives wait for their union's confirmation in the given subtrees."""
    if not scopes:
        return 0
    return db.session.scalar(select(func.count()).select_from(Initiative).where(
        Initiative.status == Status.SUBMITTED, in_units_under(scopes)))


def count_own_by_status(user_id: int) -> dict[Status, int]:
    """Return how many of the user's own initiatives stand in each state."""
    return {Status(status): count for status, count in db.session.execute(
        select(Initiative.status, func.count()).where(authored_by(user_id)).group_by(Initiative.status))}
