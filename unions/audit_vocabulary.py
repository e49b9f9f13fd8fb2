"""How the union tree's and accounts' audit entries read."""

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.extensions import db
from unions.forms import ACCOUNT_STATUS_LABELS, LEVEL_LABELS, ROLE_LABELS
from unions.models import Bloc, Invitation, Unit, User

ACTIONS = {
    "user.register": _l("registered"), "user.approve": _l("approved the registration of"),
    "user.reject": _l("refused the registration of"), "user.create": _l("created"),
    "user.change_password": _l("changed the password of"), "user.reset_password": _l("reset the password of"),
    "user.deactivate": _l("deactivated"), "user.reactivate": _l("reactivated"), "invitation.create": _l("created"),
    "invitation.accept": _l("accepted"), "role.grant": _l("granted a role to"), "role.revoke": _l("revoked a role of"),
    "unit.create": _l("added"), "unit.update": _l("changed"), "unit.move": _l("moved"),
    "unit.import": _l("imported units"), "bloc.create": _l("created"), "bloc.update": _l("changed"),
    "user.end_session": _l("signed out a browser of"),
    "user.end_other_sessions": _l("signed out the other browsers of"),
}
KEYS = {
    "reason": _l("Reason"), "role": _l("Role"), "name": _l("Name"), "code": _l("Code"), "parent": _l("Parent"),
    "old_parent": _l("From"), "new_parent": _l("To"), "member_count": _l("Members"), "previous": _l("Before"),
    "units": _l("Units"), "before": _l("Before"), "after": _l("After"), "attached_to": _l("Under"),
    "level": _l("Level"), "device": _l("Browser"), "address": _l("Address"), "count": _l("Number"),
}
VALUES = {"role": ROLE_LABELS, "previous": ACCOUNT_STATUS_LABELS, "level": LEVEL_LABELS}


def _people(ids) -> dict:
    return {user.id: (user.full_name, url_for("members.show", user_id=user.id))
            for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def _units(ids) -> dict:
    return {unit.id: (unit.name, url_for("units.show", unit_id=unit.id))
            for unit in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}


def _blocs(ids) -> dict:
    return {bloc.id: (bloc.name, url_for("units.edit_bloc", bloc_id=bloc.id))
            for bloc in db.session.scalars(select(Bloc).where(Bloc.id.in_(ids)))}


def _invitations(ids) -> dict:
    return {invitation.id: (invitation.full_name, None)
            for invitation in db.session.scalars(select(Invitation).where(Invitation.id.in_(ids)))}


OBJECTS = {
    "user_account": (_l("account"), _people), "unit": (_l("unit"), _units), "bloc": (_l("bloc"), _blocs),
    "invitation": (_l("invitation"), _invitations),
}
