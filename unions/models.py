"""Tables of the union tree, accounts and roles."""

from flask_login import UserMixin
from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.columns import enum_column
from core.extensions import db
from core.timeutil import utcnow
from unions.levels import UnitLevel
from unions.roles import AccountStatus, Role

# Byte-wise ordering makes a subtree one contiguous index range; PostgreSQL's locale collations would not.
PathString = String(1024).with_variant(String(1024, collation="C"), "postgresql")


class Unit(db.Model):
    """A union organisation at any level, placed in the tree by parent and by materialised path."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    # The name folded to lower-case ASCII, so that "cong ty det" finds "Công ty Dệt".
    search_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    level: Mapped[UnitLevel] = mapped_column(enum_column(UnitLevel), nullable=False)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True, index=True)
    # "/1/7/42/": the ids from the root down to this unit. A subtree is the range [path, path + "0").
    path: Mapped[str] = mapped_column(PathString, nullable=False, default="", index=True)
    depth: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    member_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    dissolved_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    parent = relationship("Unit", remote_side=[id])

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.name!r}>"

    @property
    def ancestor_ids(self) -> list[int]:
        """Return the ids from the root down to the parent of this unit."""
        return [int(part) for part in self.path.strip("/").split("/")[:-1] if part]


class UnitSize(db.Model):
    """The size of a unit's whole subtree (itself included), kept in step with the tree by its services."""

    __tablename__ = "unit_size"

    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True, autoincrement=False)
    members: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    grassroots: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class UnitMove(db.Model):
    """A unit moved under a new parent: kept forever so that past reports stay explainable."""

    __tablename__ = "unit_move"

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    old_parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True)
    new_parent_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False)
    old_path: Mapped[str] = mapped_column(PathString, nullable=False)
    moved_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    moved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    reason: Mapped[str] = mapped_column(String(500), nullable=False, default="")

    unit = relationship("Unit", foreign_keys=[unit_id])
    old_parent = relationship("Unit", foreign_keys=[old_parent_id])
    new_parent = relationship("Unit", foreign_keys=[new_parent_id])
    moved_by = relationship("User", foreign_keys=[moved_by_id])


bloc_unit = db.Table(
    "bloc_unit",
    db.Column("bloc_id", ForeignKey("bloc.id"), primary_key=True),
    db.Column("unit_id", ForeignKey("unit.id"), primary_key=True, index=True),
)


class Bloc(db.Model):
    """An emulation bloc or cluster (khối / cụm thi đua): units that compete and are ranked together."""

    __tablename__ = "bloc"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), nullable=False)
    kind: Mapped[str] = mapped_column(String(16), nullable=False, default="bloc")  # bloc (khối) or cluster (cụm)
    owner_unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)

    owner_unit = relationship("Unit")
    units = relationship("Unit", secondary=bloc_unit, order_by="Unit.name")

    __table_args__ = (UniqueConstraint("owner_unit_id", "name", name="uq_bloc_owner_name"),)


class User(UserMixin, db.Model):
    """A person: a member of a grassroots union, and possibly an officer, reviewer or administrator."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str | None] = mapped_column(String(254), unique=True, nullable=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True, nullable=True)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), nullable=True, index=True)
    job_title: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    status: Mapped[AccountStatus] = mapped_column(enum_column(AccountStatus, 16), nullable=False,
                                                  default=AccountStatus.PENDING, index=True)
    must_change_password: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    locale: Mapped[str | None] = mapped_column(String(8), nullable=True)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    approved_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    last_login_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)

    unit = relationship("Unit")
    approved_by = relationship("User", remote_side=[id])
    roles = relationship("RoleAssignment", foreign_keys="RoleAssignment.user_id", back_populates="user",
                         primaryjoin="and_(User.id == RoleAssignment.user_id, RoleAssignment.revoked_at.is_(None))",
                         viewonly=True, lazy="selectin")

    def __repr__(self) -> str:
        return f"<User {self.id} {self.full_name!r}>"

    @property
    def is_active(self) -> bool:
        """Let only approved, not deactivated accounts hold a session."""
        return self.status == AccountStatus.ACTIVE

    # The signed-in session this object was loaded for (set by unions.sessions; not a column).
    current_session = None
    session_token = None

    def get_id(self) -> str:
        """Name the server-side session, so that ending it there ends it in the browser too."""
        return f"{self.id}:{self.session_token or ''}"

    @property
    def login_name(self) -> str:
        """Return what the person types to log in."""
        return self.email or self.phone or ""


class RoleAssignment(db.Model):
    """A role held by a user over a unit and its subtree; revoked, never deleted."""

    __tablename__ = "role_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False, index=True)
    role: Mapped[Role] = mapped_column(enum_column(Role), nullable=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    granted_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    revoked_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)

    user = relationship("User", foreign_keys=[user_id], back_populates="roles")
    unit = relationship("Unit", lazy="joined")
    granted_by = relationship("User", foreign_keys=[granted_by_id])


class LoginAttempt(db.Model):
    """A login attempt, kept in the database so every worker throttles from the same counts."""

    __tablename__ = "login_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    identifier: Mapped[str] = mapped_column(String(254), nullable=False)
    address: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    __table_args__ = (
        Index("ix_login_attempt_identifier_at", "identifier", "at"),
        Index("ix_login_attempt_address_at", "address", "at"),
    )


class UserSession(db.Model):
    """One signed-in browser: kept on the server, so that signing out or revoking it ends it for good."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    # sha256 of the random token in the browser's signed cookie; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    last_seen_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    address: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    user_agent: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    ended_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    # "logout", "revoked", "password", "reset", "deactivated"
    ended_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)

    user = relationship("User")

    __table_args__ = (Index("ix_user_session_user_open", "user_id", "ended_at"),)


class Invitation(db.Model):
    """An officer's invitation for a person to join a union: a one-time link that sets the password."""

    __tablename__ = "invitation"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    full_name: Mapped[str] = mapped_column(String(200), nullable=False)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    created_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    expires_at: Mapped[object] = mapped_column(db.DateTime, nullable=False)
    accepted_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)

    unit = relationship("Unit")
    created_by = relationship("User", foreign_keys=[created_by_id])
