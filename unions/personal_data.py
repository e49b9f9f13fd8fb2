"""What the union package holds about a person: the account, roles, signed-in browsers and sign-in attempts."""

from sqlalchemy import select

from core.extensions import db
from unions.models import LoginAttempt, RoleAssignment, User, UserSession
from unions.sessions import describe_device


def account(user: User) -> dict:
    """Return the account as its owner sees it."""
    return {
        "full_name": user.full_name, "email": user.email, "phone": user.phone, "job_title": user.job_title,
        "union": {"code": user.unit.code, "name": user.unit.name} if user.unit else None,
        "status": str(user.status), "created_at": user.created_at, "approved_at": user.approved_at,
        "last_login_at": user.last_login_at, "language": user.locale,
    }


def roles(user: User) -> list[dict]:
    """Return every role the person holds or held, with who granted and revoked it."""
    rows = db.session.scalars(select(RoleAssignment).where(RoleAssignment.user_id == user.id)
                              .order_by(RoleAssignment.id))
    return [{"role": str(row.role), "unit": row.unit.name, "granted_at": row.granted_at,
             "revoked_at": row.revoked_at} for row in rows]


def sessions(user: User) -> list[dict]:
    """Return every browser the person signed in from, open or ended."""
    rows = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id))
    return [{"device": describe_device(row.user_agent), "address": row.address, "signed_in_at": row.created_at,
             "last_seen_at": row.last_seen_at, "ended_at": row.ended_at, "ended_because": row.ended_reason}
            for row in rows]


def sign_in_attempts(user: User) -> list[dict]:
    """Return the sign-in attempts made with the person's e-mail address or phone number."""
    names = [name for name in (user.email, user.phone) if name]
    rows = db.session.scalars(select(LoginAttempt).where(LoginAttempt.identifier.in_(names))
                              .order_by(LoginAttempt.at))
    return [{"at": row.at, "address": row.address, "succeeded": row.succeeded} for row in rows]
