"""Verbs that change accounts and roles. They flush; the caller commits once."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.security import check_password_hash

from core.audit import record_audit
from core.errors import DomainError
from core.extensions import db
from core.timeutil import utcnow
from unions.auth import hash_password, temporary_password
from unions.identity import normalise_email, normalise_phone
from unions.levels import JOINABLE_LEVELS
from unions.models import Invitation, RoleAssignment, Unit, User
from unions.passwords import MIN_LENGTH, password_problem
from unions.roles import AccountStatus, Role
from unions.sessions import end_sessions, open_session


def check_password_strength(password: str, field: str = "password", personal: tuple[str, ...] = ()) -> None:
    """Refuse passwords that are too short, common, repetitive or made of the person's own name or contact."""
    problem = password_problem(password, personal)
    texts = {
        "short": lambda: _l("The password must have at least %(n)s characters.", n=MIN_LENGTH),
        "common": lambda: _l("This password is one of the most used, which guessers try first: choose another, "
                             "for example a few words you will remember."),
        "repetitive": lambda: _l("The password is too easy to guess."),
        "personal": lambda: _l("The password must not be your name, phone number or e-mail address."),
    }
    if problem is not None:
        raise DomainError(texts[problem](), field)


def _contact(email: str | None, phone: str | None, exclude_id: int | None = None) -> tuple[str | None, str | None]:
    """Normalise an e-mail address and phone number, requiring one of them and refusing ones already taken."""
    email = normalise_email(email)
    try:
        phone = normalise_phone(phone)
    except ValueError:
        raise DomainError(_l("Enter a Vietnamese phone number, e.g. 0912 345 678."), "phone") from None
    if not email and not phone:
        raise DomainError(_l("Enter an e-mail address or a phone number."), "email")
    for column, value, field in ((User.email, email, "email"), (User.phone, phone, "phone")):
        if value is None:
            continue
        taken = db.session.scalar(select(User.id).where(column == value))
        if taken is not None and taken != exclude_id:
            message = (_l("An account with this e-mail address already exists.") if field == "email"
                       else _l("An account with this phone number already exists."))
            raise DomainError(message, field)
    return email, phone


def _joinable(unit: Unit | None) -> Unit:
    if unit is None or unit.dissolved_at is not None:
        raise DomainError(_l("Choose your grassroots union from the list."), "unit")
    if unit.level not in JOINABLE_LEVELS:
        raise DomainError(_l("Members join a grassroots union, not %(name)s.", name=unit.name), "unit")
    return unit


def register_member(*, full_name: str, email: str | None, phone: str | None, password: str,
                    unit: Unit | None, job_title: str = "") -> User:
    """Create a pending account for a person who registers into a grassroots union."""
    unit = _joinable(unit)
    email, phone = _contact(email, phone)
    check_password_strength(password, personal=(full_name, email, phone))
    user = User(full_name=full_name.strip(), email=email, phone=phone, password_hash=hash_password(password),
                unit=unit, job_title=(job_title or "").strip(), status=AccountStatus.PENDING)
    db.session.add(user)
    db.session.flush()
    record_audit(user, "user.register", user, unit=unit)
    return user


def approve_member(actor: User, user: User) -> User:
    """Activate a pending registration."""
    if user.status != AccountStatus.PENDING:
        raise DomainError(_l("This registration has already been handled."))
    user.status = AccountStatus.ACTIVE
    user.approved_at = utcnow()
    user.approved_by = actor
    record_audit(actor, "user.approve", user, unit=user.unit)
    return user


def reject_member(actor: User, user: User, reason: str) -> User:
    """Refuse a pending registration, saying why."""
    if user.status != AccountStatus.PENDING:
        raise DomainError(_l("This registration has already been handled."))
    if not (reason or "").strip():
        raise DomainError(_l("Say why the registration is refused."), "reason")
    user.status = AccountStatus.REJECTED
    record_audit(actor, "user.reject", user, unit=user.unit, reason=reason.strip())
    return user


def create_member(actor: User, *, unit: Unit | None, full_name: str, email: str | None, phone: str | None,
                  job_title: str = "") -> tuple[User, str]:
    """Create an active member account with a temporary password to be changed at first login."""
    unit = _joinable(unit)
    email, phone = _contact(email, phone)
    password = temporary_password()
    user = User(full_name=full_name.strip(), email=email, phone=phone, password_hash=hash_password(password),
                unit=unit, job_title=(job_title or "").strip(), status=AccountStatus.ACTIVE,
                must_change_password=True, approved_at=utcnow(), approved_by=actor)
    db.session.add(user)
    db.session.flush()
    record_audit(actor, "user.create", user, unit=unit)
    return user, password


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_member(actor: User, *, unit: Unit | None, full_name: str, email: str | None,
                  phone: str | None) -> tuple[Invitation, str]:
    """Create a one-time invitation link; returns the invitation and its secret token."""
    unit = _joinable(unit)
    email, phone = _contact(email, phone)
    token = secrets.token_urlsafe(24)
    invitation = Invitation(token_hash=_token_hash(token), unit=unit, full_name=full_name.strip(), email=email,
                            phone=phone, created_by_id=actor.id,
                            expires_at=utcnow() + timedelta(days=current_app.config["INVITATION_DAYS"]))
    db.session.add(invitation)
    db.session.flush()
    record_audit(actor, "invitation.create", invitation, unit=unit)
    return invitation, token


def get_open_invitation(token: str) -> Invitation | None:
    """Return the unexpired, unused invitation for token, or None."""
    invitation = db.session.scalar(select(Invitation).where(Invitation.token_hash == _token_hash(token)))
    if invitation is None or invitation.accepted_at is not None or invitation.expires_at < utcnow():
        return None
    return invitation


def accept_invitation(invitation: Invitation, password: str, address: str = "", user_agent: str = "") -> User:
    """Turn an invitation into an active account with the password the person chose, signed in at once."""
    email, phone = _contact(invitation.email, invitation.phone)
    check_password_strength(password, personal=(invitation.full_name, email, phone))
    user = User(full_name=invitation.full_name, email=email, phone=phone, password_hash=hash_password(password),
                unit=invitation.unit, status=AccountStatus.ACTIVE, approved_at=utcnow(),
                approved_by_id=invitation.created_by_id)
    db.session.add(user)
    db.session.flush()
    invitation.accepted_at = utcnow()
    invitation.user_id = user.id
    record_audit(user, "invitation.accept", invitation, unit=invitation.unit)
    open_session(user, address, user_agent)
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Replace user's password after checking the current one."""
    if not check_password_hash(user.password_hash, current or ""):
        raise DomainError(_l("The current password is wrong."), "current_password")
    check_password_strength(new, "new_password", personal=(user.full_name, user.email, user.phone))
    if current == new:
        raise DomainError(_l("Choose a password different from the current one."), "new_password")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    end_sessions(user, "password", keep=user.current_session)
    record_audit(user, "user.change_password", user, unit=user.unit)


def reset_password(actor: User, user: User) -> str:
    """Give user a temporary password, ending their sessions; returns the password to hand over."""
    password = temporary_password()
    user.password_hash = hash_password(password)
    user.must_change_password = True
    end_sessions(user, "reset")
    record_audit(actor, "user.reset_password", user, unit=user.unit)
    return password


def deactivate_user(actor: User, user: User, reason: str) -> None:
    """Stop an account from signing in, keeping everything it did."""
    if user.status == AccountStatus.DEACTIVATED:
        raise DomainError(_l("This account is already deactivated."))
    if not (reason or "").strip():
        raise DomainError(_l("Say why the account is deactivated."), "reason")
    previous = user.status
    user.status = AccountStatus.DEACTIVATED
    end_sessions(user, "deactivated")
    record_audit(actor, "user.deactivate", user, unit=user.unit, reason=reason.strip(), previous=str(previous))


def reactivate_user(actor: User, user: User) -> None:
    """Let a deactivated account sign in again."""
    if user.status != AccountStatus.DEACTIVATED:
        raise DomainError(_l("Only a deactivated account can be reactivated."))
    user.status = AccountStatus.ACTIVE
    record_audit(actor, "user.reactivate", user, unit=user.unit)


def grant_role(actor: User | None, user: User, role: Role, unit: Unit) -> RoleAssignment:
    """Give user role over unit and its subtree (once: granting a held role changes nothing)."""
    if user.status != AccountStatus.ACTIVE:
        raise DomainError(_l("Roles can only be given to active accounts."), "role")
    for held in user.roles:
        if held.role == role and held.unit_id == unit.id:
            raise DomainError(_l("This person already holds this role here."), "role")
    assignment = RoleAssignment(user_id=user.id, role=role, unit_id=unit.id,
                                granted_by_id=getattr(actor, "id", None))
    db.session.add(assignment)
    db.session.flush()
    db.session.expire(user, ["roles"])
    record_audit(actor, "role.grant", user, unit=unit, role=str(role))
    return assignment


def revoke_role(actor: User, assignment: RoleAssignment) -> None:
    """End a role assignment, keeping it on record."""
    if assignment.revoked_at is not None:
        raise DomainError(_l("This role has already been revoked."))
    assignment.revoked_at = utcnow()
    assignment.revoked_by_id = actor.id
    db.session.flush()
    db.session.expire(assignment.user, ["roles"])
    record_audit(actor, "role.revoke", assignment.user, unit=assignment.unit_id, role=str(assignment.role))

