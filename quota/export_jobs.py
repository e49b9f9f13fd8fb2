"""The children table of a progress dashboard written by a worker when it is too long for a request (see
jobs.exports)."""

from datetime import date

from core.extensions import db
from core.i18n import N_
from initiatives.models import Programme
from jobs.exports import Export
from jobs.kinds import JobFailed
from quota import dashboard, permissions, reports
from unions.models import Unit

EXPORT_JOB = "quota.export"


def build_progress_export(user, params: dict) -> Export:
    """Return the children table params ask for, if user may still read that unit's progress."""
    programme = db.session.get(Programme, params["programme_id"])
    unit = db.session.get(Unit, params["unit_id"])
    if (programme is None or unit is None or not unit.path.startswith(programme.owner_unit.path)
            or not permissions.can_view_progress(user, unit)):
        raise JobFailed(N_("You may no longer export this list."))
    board = dashboard.build(programme, unit, date.fromisoformat(params["as_of"]), params["sort"])
    rows, write = reports.children_file(board, params["extension"])
    return Export(params["name"], rows, write, len(rows))
