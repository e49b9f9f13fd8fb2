"""What the audit trail is asked for (the filter form, the query within the reader's subtrees), read alike by its
page, its export and the export job that writes it later as the reader."""

from collections.abc import Mapping
from datetime import timedelta

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from wtforms import SelectChoice

from core.hooks import audit_vocabulary
from core.timeutil import local_day_start
from unions import permissions
from unions.forms import AuditFilterForm
from unions.queries import audit_query, get_unit_by_code


class AuditRefused(Exception):
    """The filters cannot be used; message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_audit_request(user, args: Mapping):
    """Return the filter form and the audit query args ask of user's subtrees; raise AuditRefused on bad filters."""
    form = AuditFilterForm(args if hasattr(args, "getlist") else MultiDict(args), meta={"csrf": False})
    form.action.choices = [SelectChoice("", _("Every action")), *sorted(
        (SelectChoice(code, str(label)) for code, label in audit_vocabulary().actions.items()),
        key=lambda choice: choice.label)]
    if not form.validate():
        raise AuditRefused(" ".join(str(error) for errors in form.errors.values() for error in errors))
    unit = get_unit_by_code(form.unit.data) if form.unit.data else None
    if form.unit.data and (unit is None or not permissions.can_administer_unit(user, unit)):
        raise AuditRefused(_("No unit of yours has this code."))
    query = audit_query(permissions.admin_scopes(user), who=form.who.data or "", action=form.action.data or "",
                        unit=unit, since=local_day_start(form.since.data) if form.since.data else None,
                        until=local_day_start(form.until.data + timedelta(days=1)) if form.until.data else None)
    return form, query
