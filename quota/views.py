"""Quota pages: the indicators of chasing the quota with copies."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from core.access import permission_required
from quota import permissions
from quota.indicators import unit_signals
from quota.queries import get_signal_rows

bp = Blueprint("quota", __name__)

SIGNAL_ROWS = 500
SIGNAL_SORTS = ("share", "duplicated", "bursts", "resubmissions", "initiatives", "name")


@bp.get("/review/signals")
@permission_required(permissions.can_view_indicators)
def signals():
    """Show, per union of the administrator's subtree, the signs of chasing the quota with copies."""
    sort = request.args.get("sort", "share")
    if sort not in SIGNAL_SORTS:
        abort(400)
    ascending = request.args.get("order") == "asc"
    submissions, pairs, units = get_signal_rows(permissions.indicator_scopes(current_user))
    found = unit_signals(submissions, pairs)
    rows = [(units[unit_id], found[unit_id]) for unit_id in units]
    if sort == "name":
        rows.sort(key=lambda row: row[0].name, reverse=not ascending)
    else:
        rows.sort(key=lambda row: (getattr(row[1], sort) or 0, row[0].name), reverse=not ascending)
    return render_template("quota/signals.html", rows=rows[:SIGNAL_ROWS], total=len(rows), sort=sort,
                           ascending=ascending, limit=SIGNAL_ROWS)
