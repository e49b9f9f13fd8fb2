"""Attach documents, drawings and photos to initiatives, and withdraw them. They flush; the caller commits once."""

import unicodedata
from pathlib import Path, PurePosixPath

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import func, select

from core.audit import record_audit
from core.errors import DomainError
from core.extensions import db
from core.timeutil import utcnow
from initiatives.filetypes import FileKind, FileRejected, Readable, inspect_upload
from initiatives.lifecycle import EDITABLE
from initiatives.models import Attachment, Initiative
from initiatives.storage import store

MAX_NAME = 255


def rejection_text(rejected: FileRejected) -> str:
    """Return the translated sentence for a refused upload."""
    p = rejected.params
    texts = {
        "empty": lambda: _("The file is empty."),
        "not_allowed": lambda: _("This kind of file is not accepted: attach a PDF, DOCX, XLSX, JPG or PNG file."),
        "unpacks_too_big": lambda: _("This document unpacks to far more than a document holds: save it again and "
                                     "attach the new copy."),
        "mismatch": lambda: _("The file is named as %(declared)s but its content is %(detected)s: rename it or "
                              "choose the right file.", declared=FileKind(p["declared"]).extension.upper(),
                              detected=FileKind(p["detected"]).extension.upper()),
        "too_large": lambda: _("The file is larger than the limit of %(limit)s MB.",
                               limit=format_decimal(p["limit_mb"])),
    }
    return texts[rejected.reason_key]()


def display_name(filename: str, kind: FileKind) -> str:
    """Return the uploader's file name fit for showing and for Content-Disposition: no folders, no control codes."""
    # Some browsers send the whole client-side path, with either kind of slash.
    name = PurePosixPath((filename or "").replace("\\", "/")).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C").strip()
    if not name:
        return f"attachment.{kind.extension}"
    if len(name) <= MAX_NAME:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or len(extension) > 10:
        return name[:MAX_NAME]
    return stem[:MAX_NAME - len(extension) - 1] + "." + extension


def _check_editable(initiative: Initiative) -> None:
    if initiative.status not in EDITABLE:
        raise DomainError(_("Attachments can be changed only while the initiative is a draft or returned for "
                            "revision."), "file")


def _count_active(initiative: Initiative) -> int:
    """Count the initiative's attachments, holding its row so that two uploads at once cannot pass the limit."""
    # FOR UPDATE serialises concurrent uploads on PostgreSQL; SQLite's writers are serialised already.
    db.session.execute(select(Initiative.id).where(Initiative.id == initiative.id).with_for_update())
    return db.session.scalar(select(func.count()).select_from(Attachment).where(
        Attachment.initiative_id == initiative.id, Attachment.withdrawn_at.is_(None)))


def add_attachment(actor, initiative: Initiative, filename: str, stream: Readable, *, root: Path, max_bytes: int,
                   max_count: int) -> Attachment:
    """Check an upload by its content and size, store it under a generated name and attach it to initiative."""
    _check_editable(initiative)
    if _count_active(initiative) >= max_count:
        raise DomainError(_("An initiative can have at most %(n)s attachments: withdraw one first.", n=max_count),
                          "file")
    try:
        with inspect_upload(filename, stream, max_bytes) as upload:
            # Only a file that passed every check reaches storage, and it is stored before its row is flushed, so a
            # row never points at a missing file. Should the flush or the commit fail, the file is an orphan that
            # no row names: nothing lists or serves it, so it is harmless.
            stored = store(root, upload.file, upload.kind)
    except FileRejected as rejected:
        raise DomainError(rejection_text(rejected), "file") from None
    attachment = Attachment(initiative=initiative, original_name=display_name(filename, upload.kind),
                            stored_name=stored.stored_name, kind=upload.kind.value, size=stored.size,
                            sha256=stored.sha256, uploaded_by_id=actor.id)
    db.session.add(attachment)
    db.session.flush()
    record_audit(actor, "attachment.add", attachment, unit=initiative.unit, initiative_id=initiative.id,
                 name=attachment.original_name, kind=attachment.kind, size=attachment.size,
                 sha256=attachment.sha256)
    return attachment


def withdraw_attachment(actor, attachment: Attachment) -> Attachment:
    """Take an attachment off its initiative; the row and the file are kept for the record."""
    _check_editable(attachment.initiative)
    if attachment.withdrawn_at is not None:
        raise DomainError(_("This attachment was already withdrawn."), "file")
    attachment.withdrawn_at = utcnow()
    record_audit(actor, "attachment.withdraw", attachment, unit=attachment.initiative.unit,
                 initiative_id=attachment.initiative_id, name=attachment.original_name)
    return attachment
