"""Tables of duplicate detection: the shared search index over submitted initiatives, and the review queue.

The index lives in the database so that every app process (gunicorn workers, app servers over one PostgreSQL)
searches one truth with no cache to keep in step: ``dup_document`` holds each indexed initiative's analysed
signature, ``dup_posting`` the title terms a search starts from, ``dup_term`` the counts the term weights and the
search plan need, and ``dup_stat`` the number of documents. ``review.store`` changes all four in the transaction
that submits the initiative.
"""

from enum import StrEnum

from sqlalchemy import JSON, Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.columns import enum_column
from core.extensions import db
from core.timeutil import utcnow

# Terms are compared byte-wise: PostgreSQL's "C" collation makes the postings index cheaper to search and fill.
TermString = Text().with_variant(Text(collation="C"), "postgresql")


class DupDocument(db.Model):
    """An initiative as the duplicate index knows it: its analysed signature and where and when it was submitted."""

    __tablename__ = "dup_document"

    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), primary_key=True, autoincrement=False)
    signature: Mapped[str] = mapped_column(Text, nullable=False)
    unit_id: Mapped[int] = mapped_column(Integer, nullable=False)
    programme_id: Mapped[int] = mapped_column(Integer, nullable=False)
    year: Mapped[int] = mapped_column(Integer, nullable=False)
    indexed_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)

    # A programme's sweep pages through its documents in id order.
    __table_args__ = (Index("ix_dup_document_programme", "programme_id", "initiative_id"),)


class DupPosting(db.Model):
    """One title term of one indexed initiative; a search reads the postings of its rarest terms, newest first."""

    __tablename__ = "dup_posting"

    # No foreign key: the table is derived from dup_document, rebuilt by `flask duplicates reindex`, and a
    # per-row check would slow the bulk loads of millions of postings.
    term: Mapped[str] = mapped_column(TermString, primary_key=True)
    initiative_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)

    # On SQLite the primary key index is the table: half the size, and a term's postings lie together.
    __table_args__ = {"sqlite_with_rowid": False}


class DupTerm(db.Model):
    """A term's counts: documents holding it anywhere (for its weight), and as a posting (for the search plan)."""

    __tablename__ = "dup_term"

    term: Mapped[str] = mapped_column(TermString, primary_key=True)
    df: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    postings: Mapped[int] = mapped_column(Integer, nullable=False, default=0)

    __table_args__ = {"sqlite_with_rowid": False}


class DupStat(db.Model):
    """The one row counting indexed documents, the N of the term weights."""

    __tablename__ = "dup_stat"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    documents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class PairStatus(StrEnum):
    """Where a suspected duplicate pair stands in the review queue."""

    OPEN = "open"
    SAME = "same"
    DIFFERENT = "different"


class DuplicateReason(StrEnum):
    """Why a reviewer judged an initiative a duplicate of another."""

    RESUBMITTED = "resubmitted"  # the same initiative submitted again (by the same authors, or another year)
    COPIED = "copied"  # copied from another author's initiative
    PART_OF = "part_of"  # a part of the other initiative, submitted on its own


FOUND_ON_SUBMIT = "submit"
FOUND_BY_SWEEP = "sweep"


class DuplicateSweep(db.Model):
    """One batch sweep over a programme or the whole history."""

    __tablename__ = "duplicate_sweep"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(32), nullable=False)  # "all" or "programme"
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programme.id"), nullable=True, index=True)
    started_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    finished_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    documents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    pairs: Mapped[int | None] = mapped_column(Integer, nullable=True)  # likely pairs found
    new_pairs: Mapped[int | None] = mapped_column(Integer, nullable=True)  # of those, not in the queue before
    clusters: Mapped[int | None] = mapped_column(Integer, nullable=True)  # groups of two or more documents
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)

    programme = relationship("Programme")
    started_by = relationship("User")


class DuplicateSweepChunk(db.Model):
    """One id range of a sweep split among workers: it searches the documents after after_id up to last_id, each
    against every document before it."""

    __tablename__ = "duplicate_sweep_chunk"
    __table_args__ = (UniqueConstraint("sweep_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    sweep_id: Mapped[int] = mapped_column(ForeignKey("duplicate_sweep.id"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id"), nullable=True)  # the job that runs it
    after_id: Mapped[int] = mapped_column(Integer, nullable=False)  # the range starts after this id (0: the first)
    last_id: Mapped[int] = mapped_column(Integer, nullable=False)
    documents: Mapped[int | None] = mapped_column(Integer, nullable=True)  # of its range, once finished
    pairs: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # What the sweep's clusters need of its pairs: a spanning forest of them, flat [a, b, a, b, ...].
    links: Mapped[list | None] = mapped_column(JSON(none_as_null=True), nullable=True)
    finished_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)


class DuplicatePair(db.Model):
    """Two initiatives suspected to be one: found on submission or by a sweep, then judged by a reviewer."""

    __tablename__ = "duplicate_pair"

    id: Mapped[int] = mapped_column(primary_key=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), nullable=False)
    b_id: Mapped[int] = mapped_column(ForeignKey("initiative.id"), nullable=False, index=True)
    score: Mapped[float] = mapped_column(Float, nullable=False)
    likely: Mapped[bool] = mapped_column(Boolean, nullable=False)
    found_by: Mapped[str] = mapped_column(String(16), nullable=False)
    sweep_id: Mapped[int | None] = mapped_column(ForeignKey("duplicate_sweep.id"), nullable=True)
    found_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    status: Mapped[PairStatus] = mapped_column(enum_column(PairStatus, 16), nullable=False, default=PairStatus.OPEN)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    decided_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # When judged the same: which of the two is the copy (it loses its quota credit), and why.
    duplicate_id: Mapped[int | None] = mapped_column(ForeignKey("initiative.id"), nullable=True, index=True)
    reason: Mapped[DuplicateReason | None] = mapped_column(enum_column(DuplicateReason, 16), nullable=True)

    a = relationship("Initiative", foreign_keys=[a_id])
    b = relationship("Initiative", foreign_keys=[b_id])
    duplicate = relationship("Initiative", foreign_keys=[duplicate_id])
    decided_by = relationship("User")
    judgements = relationship("DuplicateJudgement", back_populates="pair", order_by="DuplicateJudgement.id")

    @property
    def original_id(self) -> int | None:
        """Return the initiative the duplicate copies, while the pair is judged the same."""
        if self.duplicate_id is None:
            return None
        return self.a_id if self.duplicate_id == self.b_id else self.b_id

    __table_args__ = (
        UniqueConstraint("a_id", "b_id", name="uq_duplicate_pair_a_b"),
        CheckConstraint("a_id < b_id", name="ordered"),
        # The queue lists open pairs best first.
        Index("ix_duplicate_pair_status_score", "status", "score"),
    )


class DuplicateJudgement(db.Model):
    """Every judgement of a pair, undone ones included: who judged what and when (quota credit replays these)."""

    __tablename__ = "duplicate_judgement"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("duplicate_pair.id"), nullable=False, index=True)
    at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    status: Mapped[PairStatus] = mapped_column(enum_column(PairStatus, 16), nullable=False)
    duplicate_id: Mapped[int | None] = mapped_column(ForeignKey("initiative.id"), nullable=True, index=True)
    reason: Mapped[DuplicateReason | None] = mapped_column(enum_column(DuplicateReason, 16), nullable=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")

    pair = relationship("DuplicatePair", back_populates="judgements")
    actor = relationship("User")
