"""The table of Excel imports: one row per uploaded workbook, from preview to its outcome."""

from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.columns import enum_column
from core.extensions import db
from core.timeutil import utcnow


class ImportStatus(StrEnum):
    """Where an import stands: previewed (a large workbook read by a worker first, while previewing), then saved
    or cancelled once and for all (a large one is being saved by a worker in between)."""

    PREVIEWING = "previewing"
    PREVIEWED = "previewed"
    SAVING = "saving"
    SAVED = "saved"
    CANCELLED = "cancelled"


class ImportBatch(db.Model):
    """An uploaded workbook of initiatives for one grassroots union; its token names the stored file."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), nullable=False, index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), nullable=False, index=True)
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), nullable=False)
    uploaded_at: Mapped[object] = mapped_column(db.DateTime, nullable=False, default=utcnow)
    original_name: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    # None until the rows are read (a worker reads a large workbook).
    row_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[ImportStatus] = mapped_column(enum_column(ImportStatus, 16), nullable=False,
                                                 default=ImportStatus.PREVIEWED)
    decided_at: Mapped[object | None] = mapped_column(db.DateTime, nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    saved_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The job reading a large workbook for its preview; its page and failure are the preview's while it runs.
    preview_job_id: Mapped[int | None] = mapped_column(ForeignKey("job.id"), nullable=True)

    programme = relationship("Programme")
    unit = relationship("Unit")
    uploaded_by = relationship("User", foreign_keys=[uploaded_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    preview_job = relationship("Job")
