"""What a list of initiatives is asked for (the viewer, the filters, the unit), read alike by the list's pages and
by the export job that writes it later as the user who asked."""

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from initiatives.queries import FilterError, ListFilters, Viewer, viewer_of
from unions.models import Unit
from unions.queries import get_unit_by_code


class ListRefused(Exception):
    """The list cannot be given: status is the HTTP answer (400 a bad value, 403 a scope not the user's), field the
    query argument at fault."""

    def __init__(self, status: int, message=None, field: str | None = None):
        super().__init__(str(message or status))
        self.status, self.message, self.field = status, message, field


def read_list_request(user, args: Mapping[str, str]) -> tuple[Viewer, ListFilters, Unit | None]:
    """Return the viewer, filters and unit args ask of user's list; raise ListRefused when they cannot be given."""
    viewer = viewer_of(user)
    try:
        filters = ListFilters.from_args(args, viewer.default_scope)
    except FilterError as error:
        raise ListRefused(400, error.message, error.field) from error
    if filters.scope == "union" and not viewer.scopes:
        raise ListRefused(403)
    unit = None
    if filters.unit_code:
        unit = get_unit_by_code(filters.unit_code)
        if unit is None:
            raise ListRefused(400, _l("No unit has this code."), "unit")
    return viewer, filters, unit
