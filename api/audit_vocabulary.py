"""How the audit entries of personal access tokens read."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from api.forms import SCOPE_LABELS
from api.models import PersonalAccessToken
from core.extensions import db

ACTIONS = {"api_token.create": _l("made the API token"), "api_token.revoke": _l("revoked the API token")}
KEYS = {"scope": _l("Access")}
VALUES = {"scope": SCOPE_LABELS}


def _tokens(ids) -> dict:
    return {token.id: (token.name, None)
            for token in db.session.scalars(select(PersonalAccessToken).where(PersonalAccessToken.id.in_(ids)))}


OBJECTS = {"personal_access_token": (_l("API token"), _tokens)}
