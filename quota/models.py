"""Tables of the quota: each programme's counting rule, the targets, and the live counters behind every figure.

The counters hold, for every unit that has initiatives below it, the figures of its whole subtree — so a unit's
figures are read from its own rows, never summed over its descendants:

- ``quota_total``: the current count, claimed benefit and covered grassroots unions;
- ``quota_daily``: the same as changes by day, so that any "as of" date is a sum up to that day;
- ``quota_field_daily``: the count's changes by day and field, for the mix by field;
- ``quota_union_count``: per grassroots union its own current count, the row whose update decides exactly when a
  union starts or stops taking part (coverage) however many submissions commit at once.

Rows at the top of the tree are split into ``shard`` rows (a submission adds to one of them, chosen by the
initiative's id) so that concurrent submissions do not all queue on one row; readers sum the shards. ``phase_key``
is the phase's id, 0 for an initiative outside any phase (and for coverage, which is not per phase). No foreign
keys: the counters are derived, rebuilt by ``flask quota rebuild``, and loaded in bulk. On SQLite each primary key
is the table itself, so a unit's rows lie together.
"""

from enum import StrEnum

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.columns import enum_column
from core.extensions import db
from core.timeutil import utcnow
from quota.credit import CountsFrom

WHOLE_PROGRAMME = 0  # phase_key of a target for the whole programme, and of counts outside any phase


class TargetKind(StrEnum):
    """Who set a target: the level above (assigned) or the unit itself (self-set, often higher)."""

    ASSIGNED = "assigned"
    SELF_SET = "self"


class QuotaSetting(db.Model):
    """How a programme counts toward its targets, and whether its progress is public."""

    __tablename__ = "quota_setting"

    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), primary_key=True, autoincrement=False)
    counts_from: Mapped[CountsFrom] = mapped_column(enum_column(CountsFrom, 16), nullable=False,
                                                    default=CountsFrom.CONFIRMED)
    public: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    updated_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)

    programme = relationship("Programme")


class QuotaTarget(db.Model):
    """A target (chỉ tiêu) of a unit in a programme, for the whole programme or one phase."""

    __tablename__ = "quota_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), nullable=False)
    phase_key: Mapped[int] = mapped_column(Integer, nullable=False, default=WHOLE_PROGRAMME)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    kind: Mapped[TargetKind] = mapped_column(enum_column(TargetKind, 16), nullable=False)
    value: Mapped[int] = mapped_column(Integer, nullable=False)
    set_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)

    unit = relationship("Unit")
    set_by = relationship("User")

    __table_args__ = (UniqueConstraint("programme_id", "phase_key", "unit_id", "kind", name="uq_quota_target_key"),)


class QuotaTotal(db.Model):
    """The current figures of a unit's subtree in a programme (one shard of them)."""

    __tablename__ = "quota_total"

    programme_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    phase_key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    benefit: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    covered: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    __table_args__ = {"sqlite_with_rowid": False}


class QuotaDaily(db.Model):
    """How the figures of a unit's subtree changed on one day (local date where the programmes run)."""

    __tablename__ = "quota_daily"

    programme_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    day: Mapped[object] = mapped_column(Date, primary_key=True)
    phase_key: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    benefit: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)
    covered: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    __table_args__ = {"sqlite_with_rowid": False}


class QuotaFieldDaily(db.Model):
    """How the count of a unit's subtree changed on one day in one field."""

    __tablename__ = "quota_field_daily"

    programme_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    field: Mapped[str] = mapped_column(String(24), primary_key=True)
    day: Mapped[object] = mapped_column(Date, primary_key=True)
    shard: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    __table_args__ = {"sqlite_with_rowid": False}


class QuotaUnionCount(db.Model):
    """A grassroots union's own current count in a programme: its update says when the union joins or leaves."""

    __tablename__ = "quota_union_count"

    programme_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    __table_args__ = {"sqlite_with_rowid": False}
