"""Verbs on personal access tokens. They flush; the caller commits once."""

import hashlib
import secrets
from datetime import date

from flask_babel import lazy_gettext as _l

from api.models import PersonalAccessToken, TokenScope
from core.audit import record_audit
from core.errors import DomainError
from core.extensions import db
from core.timeutil import utcnow
from initiatives import services as initiatives_services
from initiatives.lifecycle import Status
from initiatives.models import Initiative, Programme
from initiatives.rules import parse_percent
from initiatives.signals import submission_warnings

# Every secret starts so, which lets a person (or a secret scanner) tell it for what it is.
SECRET_PREFIX = "sk_"


def hash_secret(secret: str) -> str:
    """Return the stored form of a secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user, name: str, scope: TokenScope) -> tuple[PersonalAccessToken, str]:
    """Make user a token called name; returns it and its secret, which is shown this once and never again."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_l("Give the token a name."), "name")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken(user=user, name=name[:80], scope=TokenScope(scope), token_hash=hash_secret(secret))
    db.session.add(token)
    db.session.flush()
    record_audit(user, "api_token.create", token, unit=user.unit, name=token.name, scope=str(token.scope))
    return token, secret


def revoke_token(user, token_id: int) -> PersonalAccessToken:
    """Stop one of user's own tokens from opening the API again."""
    token = db.session.get(PersonalAccessToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise DomainError(_l("This token has already been revoked."))
    token.revoked_at = utcnow()
    record_audit(user, "api_token.revoke", token, unit=user.unit, name=token.name, scope=str(token.scope))
    return token


class HeldBack(DomainError):
    """A submission that looks like initiatives already submitted: similar lists them, as the caller may see them."""

    def __init__(self, similar: list):
        super().__init__(_l("This initiative looks like one already submitted. Check the list; to submit it anyway, "
                            "send confirm_duplicate true."))
        self.similar = similar


def submit_initiative(actor, initiative: Initiative, today: date, *, confirm_duplicate: bool) -> Initiative:
    """Submit a saved initiative, unless it looks like one already submitted and the caller has not confirmed."""
    if not confirm_duplicate:
        warnings = submission_warnings(actor, initiative)
        if warnings:
            raise HeldBack(warnings)
    return initiatives_services.submit(actor, initiative, today)


def submit_new(actor, programme: Programme, data: dict, today: date) -> Initiative:
    """Save a new initiative of actor's union from the API's content, and submit it when asked to: all or nothing."""
    earlier = initiatives_services.find_by_token(data["submission_token"])
    if earlier is not None and earlier.submitter_id != actor.id:
        raise DomainError(_l("This submission token is already in use; send another."), "submission_token")
    content = initiatives_services.InitiativeInput(**{
        name: data[name] for name in initiatives_services.CONTENT_FIELDS})
    content.authors = [initiatives_services.AuthorInput(a["name"], parse_percent(a["share"]), a["workplace"])
                       for a in data["authors"]]
    initiative = initiatives_services.save_draft(actor, programme=programme, unit=actor.unit, data=content,
                                                 submission_token=data["submission_token"])
    if data["submit"] and initiative.status == Status.DRAFT:
        submit_initiative(actor, initiative, today, confirm_duplicate=data["confirm_duplicate"])
    return initiative
