"""Personal access tokens: a person's key to the JSON API, kept on the server only as a hash."""

from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.columns import enum_column
from core.extensions import db
from core.timeutil import utcnow


class TokenScope(StrEnum):
    """What a token lets its bearer do: read only, or read and write."""

    READ = "read"
    READ_WRITE = "read-write"


class PersonalAccessToken(db.Model):
    """A token a person made on their account page; the API acts as that person, within its scope."""

    __tablename__ = "personal_access_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    scope: Mapped[TokenScope] = mapped_column(enum_column(TokenScope, 16), nullable=False)
    # sha256 of the secret shown once at creation; the secret itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    last_used_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    revoked_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    user = relationship("User")

    __table_args__ = (Index("ix_personal_access_token_user_open", "user_id", "revoked_at"),)

    @property
    def can_write(self) -> bool:
        """Tell whether the token may change things."""
        return self.scope == TokenScope.READ_WRITE
