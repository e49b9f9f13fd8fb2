"""Attachments of initiatives: upload, withdraw and download."""

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, g, redirect, request, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired

from core.blobs import open_store
from core.forms import BaseForm
from core.web import commit_service, flash_form_errors, load_or_404, safe_next
from initiatives import attachments, permissions
from initiatives import views as initiative_views
from initiatives.filetypes import MEBIBYTE, FileKind
from initiatives.models import Attachment, Initiative
from initiatives.storage import stored_key

STORE_KEY = "sangkien.attachment_store"

bp = Blueprint("attachments", __name__)

# Only a hint for the browser's file picker: the content decides what is accepted.
ACCEPT = ",".join(sorted({f".{kind.extension}" for kind in FileKind} | {".jpeg"}))


class AttachmentForm(BaseForm):
    file = FileField(_l("File"), validators=[FileRequired()], render_kw={"accept": ACCEPT})


def upload_root() -> Path:
    """Return the local folder attachments are stored in when no object store is configured."""
    return Path(current_app.config["UPLOAD_FOLDER"] or Path(current_app.instance_path) / "uploads")


def attachment_store():
    """Return the store attachments live in (the folder, or the bucket STORAGE_URL names), made once per app."""
    url = current_app.config.get("STORAGE_URL")
    if not url or not url.startswith("s3://"):
        # A folder costs nothing to name, and tests point UPLOAD_FOLDER elsewhere after the app is built.
        return open_store(url, upload_root())
    cached = current_app.extensions.get(STORE_KEY)
    if cached is None or cached[0] != url:
        cached = current_app.extensions[STORE_KEY] = (url, open_store(url, upload_root()))
    return cached[1]


def _attachment_form() -> AttachmentForm:
    """Return the upload form with the limits in its help text."""
    form = AttachmentForm()
    form.file.description = _("PDF, DOCX, XLSX, JPG or PNG, up to %(mb)s MB each; at most %(n)s files.",
                              mb=format_decimal(current_app.config["ATTACHMENT_MAX_BYTES"] / MEBIBYTE,
                                                format="#,##0.#"),
                              n=current_app.config["ATTACHMENT_MAX_COUNT"])
    return form


@bp.app_context_processor
def _attachment_globals():
    # The initiative's page includes the upload form; after a refused upload it shows the refused form instead.
    return {"attachment_form": lambda: g.attachment_form if "attachment_form" in g else _attachment_form()}


def _load_active(attachment_id: int, predicate) -> Attachment:
    """Return an attachment that has not been withdrawn, or 404; 403 unless predicate(user, its initiative)."""
    attachment = load_or_404(Attachment, attachment_id)
    if attachment.withdrawn_at is not None:
        abort(404)
    if not predicate(current_user, attachment.initiative):
        abort(403)
    return attachment


def _back_to(initiative_id: int, status: int = 302):
    """Return to the page the attachment was handled from: the initiative's form, or its page."""
    default = url_for("initiatives.show", initiative_id=initiative_id)
    return redirect(safe_next(request.form.get("next"), default) + "#attachments", status)


@bp.post("/initiatives/<int:initiative_id>/attachments")
def upload(initiative_id: int):
    """Attach a file to an initiative that is a draft or returned for revision."""
    initiative = load_or_404(Initiative, initiative_id, permissions.can_edit)
    form = _attachment_form()
    if form.validate_on_submit():
        config = current_app.config
        added = commit_service(form, attachments.add_attachment, current_user, initiative, form.file.data.filename,
                               form.file.data.stream, root=attachment_store(), max_bytes=config["ATTACHMENT_MAX_BYTES"],
                               max_count=config["ATTACHMENT_MAX_COUNT"])
        if added:
            flash(_("%(name)s was attached.", name=added.original_name), "success")
            return _back_to(initiative_id)
    if request.form.get("next"):
        flash_form_errors(form)
        return _back_to(initiative_id, 303)
    # The initiative's page again, with the reason under the file field.
    g.attachment_form = form
    return initiative_views.show(initiative_id), 400


@bp.post("/attachments/<int:attachment_id>/withdraw")
def withdraw(attachment_id: int):
    """Take an attachment off an initiative that is a draft or returned for revision."""
    attachment = _load_active(attachment_id, permissions.can_edit)
    initiative_id = attachment.initiative_id
    form = BaseForm()
    if form.validate_on_submit() and commit_service(form, attachments.withdraw_attachment, current_user, attachment):
        flash(_("The attachment was withdrawn."), "success")
        return _back_to(initiative_id)
    flash_form_errors(form)
    return _back_to(initiative_id, 303)


@bp.get("/attachments/<int:attachment_id>")
def download(attachment_id: int):
    """Send an attachment to someone who may read the initiative in full, under its original name."""
    attachment = _load_active(attachment_id, permissions.can_view_full)
    store = attachment_store()
    key = stored_key(attachment.stored_name)
    try:
        # Streamed through the app after the permission check, so the headers below hold for every store.
        stream = store.open(key)
    except FileNotFoundError:
        current_app.logger.error("Attachment %s: its file %s is missing from %s", attachment.id, key,
                                 store.describe())
        abort(404)
    response = send_file(stream, mimetype=FileKind(attachment.kind).mime_type, as_attachment=True,
                         download_name=attachment.original_name, conditional=False, etag=attachment.sha256)
    response.content_length = attachment.size
    # The browser must take the declared type as final and keep the file out of shared caches.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.cache_control.private = True
    return response
