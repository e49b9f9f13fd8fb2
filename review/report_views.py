"""What councils hand on: award proposals (with the Creative Labour thresholds checked per author), the XLSX
exports and printable pages, and a programme's funnel across the levels."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.downloads import xlsx_download
from core.forms import ConfirmForm
from core.web import commit_service, flash_form_errors, load_or_404
from initiatives.models import InitiativeAuthor, Programme
from jobs.exports import is_large, queue_export
from review import council_exports as exports
from review import council_permissions as perms
from review import council_queries as queries
from review import council_services as services
from review.council_export_jobs import COUNCIL_EXPORT_JOB, award_entries, sheet_name, sheet_table
from review.council_forms import (
    AWARD_LABELS,
    CATEGORY_LABELS,
    ELIGIBILITY_LABELS,
    OUTCOME_LABELS,
    AuthorCategoryForm,
    AwardForm,
)
from review.council_models import Council, CouncilItem
from review.permissions import can_sweep
from unions.forms import LEVEL_LABELS

bp = Blueprint("council_reports", __name__)

def _recognised_item(council: Council, item_id: int) -> CouncilItem:
    item = load_or_404(CouncilItem, item_id)
    if item.council_id != council.id:
        abort(404)
    return item


@bp.get("/councils/<int:council_id>/awards")
def awards(council_id: int):
    """List the initiatives the council recognised, the award proposed for each, and each author's eligibility."""
    council = load_or_404(Council, council_id, perms.can_run_council)
    return render_template("review/awards.html", council=council, entries=award_entries(council),
                           award_form=AwardForm(), category_form=AuthorCategoryForm(), confirm_form=ConfirmForm(),
                           award_labels=AWARD_LABELS,
                           category_labels=CATEGORY_LABELS, eligibility_labels=ELIGIBILITY_LABELS)


@bp.post("/councils/<int:council_id>/awards/<int:item_id>")
def propose(council_id: int, item_id: int):
    """Propose an award for an initiative, or withdraw the proposal."""
    council = load_or_404(Council, council_id, perms.can_run_council)
    item = _recognised_item(council, item_id)
    form = AwardForm()
    if form.validate_on_submit() and commit_service(form, services.propose_award, current_user, item,
                                                    form.level.data, form.note.data or ""):
        flash(_("The award proposal was saved."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".awards", council_id=council.id))


@bp.post("/councils/<int:council_id>/awards/<int:item_id>/withdraw")
def withdraw(council_id: int, item_id: int):
    """Withdraw the council's award proposal for an initiative."""
    council = load_or_404(Council, council_id, perms.can_run_council)
    item = _recognised_item(council, item_id)
    form = ConfirmForm()
    if form.validate_on_submit() and commit_service(form, services.withdraw_award, current_user, item):
        flash(_("The award proposal was withdrawn."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".awards", council_id=council.id))


@bp.post("/councils/<int:council_id>/awards/<int:item_id>/authors/<int:author_id>")
def author_category(council_id: int, item_id: int, author_id: int):
    """Record an author's training or position from the dossier."""
    council = load_or_404(Council, council_id, perms.can_run_council)
    item = _recognised_item(council, item_id)
    author = load_or_404(InitiativeAuthor, author_id)
    form = AuthorCategoryForm()
    if form.validate_on_submit() and commit_service(form, services.record_author_category, current_user, item,
                                                    author, form.category.data or None):
        flash(_("The author's category was recorded."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".awards", council_id=council.id))


@bp.get("/councils/<int:council_id>/export/scores.xlsx")
def export_scores(council_id: int):
    """Download the council's score sheet."""
    return _sheet(council_id, "scores")


@bp.get("/councils/<int:council_id>/export/decisions.xlsx")
def export_decisions(council_id: int):
    """Download the council's decision list."""
    return _sheet(council_id, "decisions")


@bp.get("/councils/<int:council_id>/export/awards.xlsx")
def export_awards(council_id: int):
    """Download the council's award proposal list."""
    return _sheet(council_id, "awards")


def _sheet(council_id: int, sheet: str):
    """Answer with one of the council's spreadsheets, or send a long one to a worker and the user to its job."""
    council = load_or_404(Council, council_id, perms.can_run_council)
    count = queries.count_sheet_rows(council, sheet)
    if is_large(count):
        return queue_export(current_user, COUNCIL_EXPORT_JOB, {"council_id": council.id, "sheet": sheet},
                            total=count, unit=council.unit)
    return xlsx_download(exports.workbook(sheet_table(council, sheet)), sheet_name(council, sheet))


@bp.get("/councils/<int:council_id>/print/decisions")
def print_decisions(council_id: int):
    """Show the decision list as a printable page in the official layout."""
    council = load_or_404(Council, council_id, perms.can_run_council)
    figures = queries.get_figures(council)
    rows = [entry for entry in queries.sort_rows(figures.items, "rank") if entry.item.decision is not None]
    return render_template("review/print_decisions.html", council=council, rows=rows, today=date.today(),
                           outcome_labels=OUTCOME_LABELS, chair=queries.get_chair(council),
                           authors_text=exports.authors_text)


@bp.get("/councils/<int:council_id>/print/awards")
def print_awards(council_id: int):
    """Show the award proposal list as a printable page in the official layout."""
    council = load_or_404(Council, council_id, perms.can_run_council)
    entries = [entry for entry in award_entries(council) if entry[1] is not None]
    entries.sort(key=lambda entry: (list(AWARD_LABELS).index(entry[1].level) * -1, entry[0].initiative_id))
    return render_template("review/print_awards.html", council=council, entries=entries, today=date.today(),
                           award_labels=AWARD_LABELS, category_labels=CATEGORY_LABELS,
                           eligibility_labels=ELIGIBILITY_LABELS, chair=queries.get_chair(council))


@bp.get("/programmes/<int:programme_id>/funnel")
def funnel(programme_id: int):
    """Show how many initiatives of a programme passed each level, from submission to the award proposals."""
    programme = load_or_404(Programme, programme_id, lambda user, p: can_sweep(user, p)
                            or queries.sits_on_programme(user, p))
    totals, levels, awards_ = queries.get_funnel(programme)
    level_names = {depth: ", ".join(str(LEVEL_LABELS[level]) for level in found)
                   for depth, found in queries.get_level_names(programme).items()}
    return render_template("review/funnel.html", programme=programme, totals=totals, levels=levels,
                           awards=awards_, award_labels=AWARD_LABELS, level_names=level_names)
