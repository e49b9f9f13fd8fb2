"""Reads of personal access tokens."""

from sqlalchemy import select

from api.models import PersonalAccessToken
from core.extensions import db


def get_open_tokens(user) -> list[PersonalAccessToken]:
    """Return user's tokens that still open the API, the newest first."""
    return list(db.session.scalars(
        select(PersonalAccessToken).where(PersonalAccessToken.user_id == user.id,
                                          PersonalAccessToken.revoked_at.is_(None))
        .order_by(PersonalAccessToken.id.desc())))


def get_token_by_hash(token_hash: str) -> PersonalAccessToken | None:
    """Return the token whose secret has this hash, revoked or not."""
    return db.session.scalar(select(PersonalAccessToken).where(PersonalAccessToken.token_hash == token_hash))


def personal_tokens(user) -> list[dict]:
    """Return every API token the person made, open or revoked, without its hash (their copy of their data)."""
    rows = db.session.scalars(select(PersonalAccessToken).where(PersonalAccessToken.user_id == user.id)
                              .order_by(PersonalAccessToken.id))
    return [{"name": row.name, "scope": str(row.scope), "created_at": row.created_at,
             "last_used_at": row.last_used_at, "revoked_at": row.revoked_at} for row in rows]
