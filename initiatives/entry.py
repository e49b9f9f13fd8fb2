"""The officer's entry of one initiative for a member of their union (or in their own name)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from core.errors import DomainError
from core.extensions import db
from initiatives import services
from initiatives.import_rows import contact_key
from initiatives.models import Initiative, Programme
from unions.levels import JOINABLE_LEVELS
from unions.models import Unit, User
from unions.permissions import can_manage_members_of
from unions.roles import MEMBER_MANAGERS, AccountStatus


def officer_unions(user, programme: Programme) -> list[Unit]:
    """Return the grassroots unions taking part in programme whose members user manages, by name."""
    candidates = {a.unit for a in user.roles if a.role in MEMBER_MANAGERS}
    if user.unit is not None:
        candidates.add(user.unit)
    return sorted((unit for unit in candidates
                   if unit.level in JOINABLE_LEVELS and unit.dissolved_at is None
                   and unit.path.startswith(programme.owner_unit.path) and can_manage_members_of(user, unit)),
                  key=lambda unit: (unit.name, unit.id))


def find_member(unit: Unit, contact: str) -> User | None:
    """Return the active member of unit with this e-mail address or phone number (ValueError if it is neither)."""
    key = contact_key(contact)
    return db.session.scalar(select(User).where(User.unit_id == unit.id, User.status == AccountStatus.ACTIVE,
                                                or_(User.email == key, User.phone == key)))


def enter_initiative(actor, *, programme: Programme, unit: Unit, contact: str, data: services.InitiativeInput,
                     submission_token: str | None) -> Initiative:
    """Save a draft that an officer enters for a member of unit, or in the officer's name when contact is empty."""
    member = None
    if (contact or "").strip():
        try:
            member = find_member(unit, contact)
        except ValueError:
            raise DomainError(_l("Enter an e-mail address or a phone number."), "member") from None
        if member is None:
            raise DomainError(_l("No active member of %(union)s has this e-mail address or phone number.",
                                 union=unit.name), "member")
    initiative = services.save_draft(actor, programme=programme, unit=unit, data=data, submitter=member,
                                     submission_token=submission_token)
    initiative.entered_by = actor
    return initiative


def can_enter_for_members(user, programme: Programme) -> bool:
    """Tell whether user may enter or import initiatives for members of some union taking part in programme."""
    return user.is_authenticated and bool(officer_unions(user, programme))
