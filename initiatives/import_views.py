"""Officers' entry of initiatives for members: one on a form, or many from the Excel template with a preview."""

import re

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from core.downloads import xlsx_download
from core.extensions import db
from core.forms import BaseForm
from core.i18n import number
from core.web import commit_service, load_or_404
from initiatives import entry, import_messages, import_reader, import_services, import_workbooks, services
from initiatives.filetypes import FileKind
from initiatives.form_input import initiative_input, offer_fields, pad_authors, today
from initiatives.forms import InitiativeForm
from initiatives.import_models import ImportBatch, ImportStatus
from initiatives.lifecycle import Status
from initiatives.models import Initiative, Programme
from initiatives.permissions import can_view_import
from initiatives.queries import get_import_batch
from jobs.queue import dispatch
from jobs.views import describe as describe_job

bp = Blueprint("initiative_import", __name__)

_TOKEN = re.compile(r"[0-9a-f]{32}")
# The member's fields sit outside the shared initiative form's markup and join it through this attribute.
_JOIN_FORM = {"form": "initiative-form"}


class ImportUploadForm(BaseForm):
    unit = SelectField(_l("Grassroots union"))
    file = FileField(_l("Excel workbook (.xlsx)"), validators=[FileRequired()],
                     render_kw={"accept": f".xlsx,{FileKind.XLSX.mime_type}"})


class ImportDecisionForm(BaseForm):
    choice = SelectField(choices=[SelectChoice("save_valid", _l("Save the valid rows")),
                                  SelectChoice("cancel", _l("Cancel"))],
                         validators=[DataRequired()])


class OfficerEntryForm(InitiativeForm):
    unit = SelectField(_l("Grassroots union"), render_kw=_JOIN_FORM)
    member = StringField(_l("The member's e-mail or phone"), validators=[Optional(), Length(max=254)],
                         description=_l("Leave it empty when the member has no account: the initiative is then "
                                        "submitted in your name, with the authors as entered."),
                         render_kw=_JOIN_FORM | {"autocomplete": "off"})


def _officer_programme(programme_id: int):
    """Load the programme and the unions whose members the user may enter for, or refuse."""
    programme = load_or_404(Programme, programme_id)
    unions = entry.officer_unions(current_user, programme)
    if not unions:
        abort(403)
    return programme, unions


def _union_choices(unions) -> list[SelectChoice]:
    return [SelectChoice(unit.code, unit.name) for unit in unions]


def _chosen_union(form, unions):
    return next(unit for unit in unions if unit.code == form.unit.data)


def _load_batch(programme_id: int, token: str) -> ImportBatch:
    """Load an import of the programme by its token; only officers of its union may see or decide it."""
    if not _TOKEN.fullmatch(token):
        abort(404)
    batch = get_import_batch(programme_id, token)
    if batch is None:
        abort(404)
    if not can_view_import(current_user, batch):
        abort(403)
    return batch


@bp.route("/programmes/<int:programme_id>/import", methods=["GET", "POST"])
def upload(programme_id: int):
    """Take a filled-in template and show its preview."""
    programme, unions = _officer_programme(programme_id)
    form = ImportUploadForm()
    form.unit.choices = _union_choices(unions)
    if form.validate_on_submit():
        batch = commit_service(form, import_services.start_import, current_user, programme=programme,
                               unit=_chosen_union(form, unions), upload=form.file.data,
                               inline_rows=current_app.config["IMPORT_INLINE_PREVIEW_ROWS"], today=today())
        if batch:
            if batch.preview_job is not None:
                dispatch(batch.preview_job)
            return redirect(url_for(".preview", programme_id=programme.id, token=batch.token))
    return render_template("initiatives/import.html", form=form, programme=programme)


@bp.get("/programmes/<int:programme_id>/import/template.xlsx")
def template(programme_id: int):
    """Download the template workbook of the programme."""
    programme, _unions = _officer_programme(programme_id)
    return xlsx_download(import_workbooks.template_workbook(programme), f"mau-sang-kien-{programme.id}.xlsx")


@bp.get("/programmes/<int:programme_id>/import/<token>")
def preview(programme_id: int, token: str):
    """Show every row with errors and the count of valid ones, or what became of the import."""
    batch = _load_batch(programme_id, token)
    rows = import_reader.check_batch(batch, today()) if batch.status == ImportStatus.PREVIEWED else []
    reading = batch.preview_job if batch.status == ImportStatus.PREVIEWING else None
    return render_template("initiatives/import_preview.html", batch=batch, rows=rows, form=ImportDecisionForm(),
                           reason=import_messages.row_problem_text, job=reading,
                           shown=describe_job(reading) if reading else None)


@bp.post("/programmes/<int:programme_id>/import/<token>")
def decide(programme_id: int, token: str):
    """Save the valid rows of a previewed import, or cancel it; a second decision changes nothing."""
    batch = _load_batch(programme_id, token)
    form = ImportDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    large = batch.row_count is not None and batch.row_count > current_app.config["IMPORT_INLINE_ROWS"]
    if form.choice.data == "save_valid" and large:
        job = commit_service(form, import_services.queue_import, current_user, batch, today())
        if job is not None:
            dispatch(job)
            flash(_("The rows are being saved; this page shows how far it got."), "info")
            return redirect(url_for("jobs.show", job_id=job.id), 303)
    elif form.choice.data == "save_valid":
        saved = commit_service(form, import_services.save_import, current_user, batch, today())
        if saved is not None:
            flash(_("%(n)s initiatives were submitted.", n=number(saved)), "success")
    elif commit_service(form, import_services.cancel_import, current_user, batch):
        flash(_("The import was cancelled: nothing was saved."), "info")
    for error in form.form_errors:
        flash(str(error), "warning")
    return redirect(url_for(".preview", programme_id=programme_id, token=token), 303)


@bp.get("/programmes/<int:programme_id>/import/<token>/report.xlsx")
def report(programme_id: int, token: str):
    """Download every row of an import with its status and reasons."""
    batch = _load_batch(programme_id, token)
    if batch.status == ImportStatus.PREVIEWING:  # no rows to report yet: the page says how far the reading got
        return redirect(url_for(".preview", programme_id=programme_id, token=token))
    return xlsx_download(import_workbooks.report_workbook(batch, today()), f"bao-cao-nhap-sang-kien-{batch.id}.xlsx")


@bp.route("/programmes/<int:programme_id>/enter", methods=["GET", "POST"])
def enter(programme_id: int):
    """Enter an initiative for a member of the officer's union: saved as a draft or submitted, as members do."""
    programme, unions = _officer_programme(programme_id)
    form = offer_fields(OfficerEntryForm(), programme)
    form.unit.choices = _union_choices(unions)
    if form.validate_on_submit():
        initiative = commit_service(form, entry.enter_initiative, current_user, programme=programme,
                                    unit=_chosen_union(form, unions), contact=form.member.data or "",
                                    data=initiative_input(form), submission_token=form.submission_token.data)
        if initiative:
            return _after_entry(form, initiative)
    pad_authors(form)
    return render_template("initiatives/import_enter.html", form=form, programme=programme, initiative=None)


def _after_entry(form: OfficerEntryForm, initiative: Initiative):
    """Submit when asked to; otherwise go on with the draft."""
    if initiative.status != Status.DRAFT:
        # The same form sent twice: the initiative is already on its way.
        return redirect(url_for("initiatives.show", initiative_id=initiative.id))
    if request.form.get("action") != "submit":
        flash(_("The draft was saved."), "success")
        return redirect(url_for("initiatives.edit", initiative_id=initiative.id))
    if commit_service(form, services.submit, current_user, initiative, today()):
        flash(_("The initiative was submitted to %(union)s.", union=initiative.unit.name), "success")
        return redirect(url_for("initiatives.show", initiative_id=initiative.id))
    flash(_("The draft was saved, but it cannot be submitted yet: see the messages below."), "warning")
    return redirect(url_for("initiatives.edit", initiative_id=initiative.id, check=1))


def describe_import(result: dict) -> str:
    """Return a saved import's figures in words (the result of its job)."""
    return _("%(n)s of %(rows)s rows were submitted as initiatives.", n=number(result["saved"]),
             rows=number(result["rows"]))


def describe_preview(result: dict) -> str:
    """Return a read workbook's figures in words (the result of its preview job)."""
    return _("%(rows)s rows read: %(valid)s valid, %(errors)s with errors.", rows=number(result["rows"]),
             valid=number(result["valid"]), errors=number(result["errors"]))


def import_page(job) -> str | None:
    """Return the preview page of the import a job reads or saves."""
    batch = db.session.get(ImportBatch, job.params.get("batch_id"))
    if batch is None:
        return None
    return url_for("initiative_import.preview", programme_id=batch.programme_id, token=batch.token)


def can_view_preview_job(user, job) -> bool:
    """Whoever may see an import sees the job reading its workbook."""
    batch = db.session.get(ImportBatch, job.params.get("batch_id"))
    return batch is not None and can_view_import(user, batch)
