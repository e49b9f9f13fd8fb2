"""How the audit entries of programmes and initiatives read."""

from flask import has_request_context, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from core.extensions import db
from initiatives.forms import STATUS_LABELS
from initiatives.import_models import ImportBatch
from initiatives.models import Attachment, Initiative, InitiativeAuthor, Programme
from initiatives.permissions import can_view, can_view_full

ACTIONS = {
    "initiative.create": _l("started"), "initiative.update": _l("revised"), "initiative.submit": _l("submitted"),
    "initiative.confirm": _l("confirmed"), "initiative.return": _l("returned for revision"),
    "initiative.start_review": _l("started the review of"), "initiative.recognise": _l("recognised"),
    "initiative.reject": _l("did not recognise"), "initiative.withdraw": _l("withdrew"),
    "initiative.import": _l("imported initiatives from"), "initiative.import_cancel": _l("cancelled the import of"),
    "programme.create": _l("created"), "programme.update": _l("changed"), "attachment.add": _l("attached"),
    "attachment.withdraw": _l("withdrew"), "initiative.forward": _l("recognised and forwarded to the level above"),
    "initiative.recognise_above": _l("recognised at a higher level"),
    "initiative.reject_above": _l("did not recognise at a higher level"),
    "initiative_author.category": _l("recorded the category of the author"),
}
KEYS = {
    "status": _l("Status"), "title": _l("Title"), "version": _l("Version"), "file": _l("File"), "rows": _l("Rows"),
    "saved": _l("Saved"), "skipped": _l("Skipped"), "opens_on": _l("Opens on"), "closes_on": _l("Closes on"),
    "programme_id": _l("Programme"), "token": None, "initiative_id": _l("Initiative"), "category": _l("Category"),
}
VALUES = {"status": STATUS_LABELS}


def _reads(initiative, full: bool = False) -> bool:
    """Tell whether the reader of the trail may see the initiative (its every part when full): an administrator
    reads the trail of their subtree, but a member's draft stays the authors' alone. Outside a request (the
    command line) the reader is the operator, who sees everything."""
    if not has_request_context():
        return True
    return (can_view_full if full else can_view)(current_user, initiative)


def _initiatives(ids) -> dict:
    return {i.id: (i.title or "", url_for("initiatives.show", initiative_id=i.id)) if _reads(i) else None
            for i in db.session.scalars(select(Initiative).where(Initiative.id.in_(ids)))}


def _authors(ids) -> dict:
    return {a.id: (a.name, url_for("initiatives.show", initiative_id=a.initiative_id))
            if _reads(a.initiative, full=True) else None
            for a in db.session.scalars(select(InitiativeAuthor).where(InitiativeAuthor.id.in_(ids)))}


def _programmes(ids) -> dict:
    return {p.id: (p.name, None) for p in db.session.scalars(select(Programme).where(Programme.id.in_(ids)))}


def _attachments(ids) -> dict:
    return {a.id: (a.original_name, url_for("initiatives.show", initiative_id=a.initiative_id))
            if _reads(a.initiative, full=True) else None
            for a in db.session.scalars(select(Attachment).where(Attachment.id.in_(ids)))}


def _imports(ids) -> dict:
    batches = db.session.scalars(select(ImportBatch).where(ImportBatch.id.in_(ids)))
    return {batch.id: (batch.original_name, None) for batch in batches}


OBJECTS = {
    "initiative": (_l("initiative"), _initiatives), "programme": (_l("programme"), _programmes),
    "attachment": (_l("file"), _attachments), "import_batch": (_l("workbook"), _imports),
    "initiative_author": (_l("author"), _authors),
}
