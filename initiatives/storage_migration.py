"""Copy the attachments kept in the local folder into the configured object store, verifying every copy."""

import contextlib
import hashlib
from dataclasses import dataclass, field

from sqlalchemy import select

from core.blobs import CHUNK_SIZE, LocalStore
from core.extensions import db
from initiatives.models import Attachment
from initiatives.storage import stored_key


@dataclass
class MigrationReport:
    """What a migration did, by attachment: copied, already there, missing locally, checksum mismatches."""

    copied: int = 0
    already_there: int = 0
    missing_locally: list[str] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.missing_locally or self.mismatches)


def _digest(stream) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    with contextlib.closing(stream):
        while chunk := stream.read(CHUNK_SIZE):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def migrate_attachments(local: LocalStore, target) -> MigrationReport:
    """Copy every attachment from local into target unless target holds it with the recorded size and SHA-256."""
    report = MigrationReport()
    rows = db.session.execute(select(Attachment.stored_name, Attachment.size, Attachment.sha256)
                              .order_by(Attachment.id)).all()
    for stored_name, size, sha256 in rows:
        key = stored_key(stored_name)
        if target.stat(key) == size and _digest(target.open(key)) == (size, sha256):
            report.already_there += 1
            continue
        if local.stat(key) is None:
            report.missing_locally.append(stored_name)
            continue
        # The local copy is checked before it is sent, so a damaged file never replaces nothing with garbage.
        if _digest(local.open(key)) != (size, sha256):
            report.mismatches.append(stored_name)
            continue
        with contextlib.closing(local.open(key)) as source:
            written = target.put(key, source)
        if written != (size, sha256) or target.stat(key) != size or _digest(target.open(key)) != (size, sha256):
            report.mismatches.append(stored_name)
            continue
        report.copied += 1
    return report
