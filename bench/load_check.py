"""After a load run: compare what the simulated users were told with what the database holds.

Run inside an app context bound to the load's database. Nothing is changed: the quota comparison replays the
history in a transaction that is rolled back.
"""

import hashlib
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from core.extensions import db
from core.models import AuditEntry
from initiatives.models import Attachment, Initiative
from initiatives.storage import stored_path
from quota.rebuild import rebuild, snapshot
from review.models import DupDocument


def _quota_differences(programme_id: int) -> int:
    live = snapshot(programme_id)
    rebuild(programme_id)
    rebuilt = snapshot(programme_id)
    db.session.rollback()
    return sum(1 for table, rows in rebuilt.items() for key in set(rows) | set(live[table])
               if rows.get(key) != live[table].get(key))


def _submissions(record: dict, programme_id: int) -> dict:
    rows = db.session.execute(select(Initiative.id, Initiative.submission_token, Initiative.title,
                                     Initiative.submitted_at).where(Initiative.programme_id == programme_id,
                                                                    Initiative.submission_token.is_not(None))).all()
    by_token = {row.submission_token: row for row in rows}
    submitted = {row.id: row for row in rows if row.submitted_at is not None}
    told = {a["token"]: a for a in record.get("acknowledged", [])}
    doubtful = {u["token"] for u in record.get("uncertain", [])}
    cut = {u["token"] for u in record.get("uncertain", []) if u.get("cut_at_the_end")}
    lost = [a for token, a in told.items()
            if token not in by_token or by_token[token].submitted_at is None or by_token[token].id != a["id"]]
    unexplained = [row.id for row in submitted.values() if row.submission_token not in told
                   and row.submission_token not in doubtful]
    indexed = set(db.session.scalars(select(DupDocument.initiative_id).where(
        DupDocument.initiative_id.in_(list(submitted)))))
    audited = set(db.session.scalars(select(AuditEntry.object_id).where(
        AuditEntry.action == "initiative.submit", AuditEntry.object_type == "initiative",
        AuditEntry.object_id.in_(list(submitted)))))
    titles = Counter(row.title for row in rows)
    return {
        "acknowledged": len(told), "acknowledged_twice": len(record.get("acknowledged", [])) - len(told),
        "uncertain": len(doubtful - cut), "cut_at_the_end": len(cut), "submitted_in_database": len(submitted),
        "uncertain_that_went_through": sum(1 for row in submitted.values() if row.submission_token in doubtful
                                           and row.submission_token not in told),
        "lost": len(lost), "unexplained": len(unexplained),
        "titles_twice": sorted(title for title, n in titles.items() if n > 1),
        "without_index_row": sorted(set(submitted) - indexed), "without_audit_entry": sorted(set(submitted) - audited),
        "quota_differences": _quota_differences(programme_id),
    }


def _attachments(record: dict, upload_root: Path) -> dict:
    rows = db.session.scalars(select(Attachment)).all()
    present = {(row.initiative_id, row.original_name) for row in rows}
    broken = []
    for row in rows:
        path = stored_path(upload_root, row.stored_name)
        if not path.is_file() or path.stat().st_size != row.size or \
                hashlib.sha256(path.read_bytes()).hexdigest() != row.sha256:
            broken.append(row.id)
    told = record.get("uploads_acknowledged", [])
    return {"acknowledged": len(told), "in_database": len(rows),
            "lost": sum(1 for u in told if (u["initiative_id"], u["name"]) not in present),
            "rows_without_their_file": broken,
            "partial_files_left": sorted(str(p.relative_to(upload_root)) for p in upload_root.rglob(".upload-*"))}


def check_database(record: dict, programme_id: int, upload_root: Path) -> dict:
    """Return what the database holds against what was acknowledged: submissions, then attachments."""
    found = {"submissions": _submissions(record, programme_id), "attachments": _attachments(record, upload_root)}
    db.session.rollback()
    return found


def problems(found: dict) -> list[str]:
    """Name every way in which the database disagrees with what the users were told (empty when none)."""
    s, a = found["submissions"], found["attachments"]
    named = [("acknowledged submissions missing", s["lost"]),
             ("submissions acknowledged twice", s["acknowledged_twice"]),
             ("submitted without being asked", s["unexplained"]), ("titles stored twice", len(s["titles_twice"])),
             ("submitted without a duplicate-index row", len(s["without_index_row"])),
             ("submitted without an audit entry", len(s["without_audit_entry"])),
             ("quota figures unlike a rebuild", s["quota_differences"]),
             ("acknowledged attachments missing", a["lost"]),
             ("attachments whose file is missing or differs", len(a["rows_without_their_file"])),
             ("partial upload files left", len(a["partial_files_left"]))]
    return [f"{what}: {n}" for what, n in named if n]
