"""Initiatives one at a time: the submission form, drafts, the steps of their life and their page."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.forms import ConfirmForm
from core.ratelimit import rate_limited
from core.web import commit_service, flash_form_errors, load_or_404
from initiatives import permissions, services
from initiatives.form_input import initiative_input, offer_fields, pad_authors, today
from initiatives.forms import FIELD_LABELS, STATUS_LABELS, InitiativeForm, StepForm
from initiatives.lifecycle import Step, steps_from
from initiatives.models import Initiative, Programme
from initiatives.queries import get_own_initiatives
from initiatives.signals import submission_warnings

bp = Blueprint("initiatives", __name__)


@bp.get("/initiatives/mine")
def mine():
    """List the initiatives the user submitted or co-wrote, newest first."""
    return render_template("initiatives/mine.html", initiatives=get_own_initiatives(current_user.id),
                           status_labels=STATUS_LABELS)


@bp.route("/programmes/<int:programme_id>/initiatives/new", methods=["GET", "POST"])
@rate_limited("submit", per_person=True)
def create(programme_id: int):
    """Start an initiative in a programme: save it as a draft any time, or submit it."""
    programme = load_or_404(Programme, programme_id, permissions.can_start_in)
    form = offer_fields(InitiativeForm(), programme)
    if request.method == "GET":
        author = form.authors[0].form
        author.name.data, author.workplace.data, author.share.data = (current_user.full_name,
                                                                      current_user.unit.name, "100")
    if form.validate_on_submit():
        initiative = commit_service(form, services.save_draft, current_user, programme=programme,
                                    unit=current_user.unit, data=initiative_input(form),
                                    submission_token=form.submission_token.data)
        if initiative:
            return _after_save(form, initiative)
    pad_authors(form)
    return render_template("initiatives/form.html", form=form, programme=programme, initiative=None)


def _after_save(form: InitiativeForm, initiative: Initiative):
    """Submit when asked to, unless a warning holds it back that the member has not confirmed; else go back to the
    draft."""
    if request.form.get("action") == "submit":
        held = _held_back(initiative)
        if held is not None:
            return held
        submitted = commit_service(form, services.submit, current_user, initiative, today())
        if not submitted:
            flash(_("The draft was saved, but it cannot be submitted yet: see the messages below."), "warning")
            return redirect(url_for(".edit", initiative_id=initiative.id, check=1))
        flash(_("Your initiative was submitted to %(union)s.", union=initiative.unit.name), "success")
        return redirect(url_for(".show", initiative_id=initiative.id))
    flash(_("The draft was saved."), "success")
    return redirect(url_for(".edit", initiative_id=initiative.id))


def _held_back(initiative: Initiative):
    """Send the member back to the form when it looks like an initiative already submitted, unless they confirmed."""
    if request.form.get("confirm_duplicate") or not submission_warnings(current_user, initiative):
        return None
    flash(_("This initiative looks like one already submitted. Check the list below; to submit it anyway, tick the "
            "box and submit again."), "warning")
    return redirect(url_for(".edit", initiative_id=initiative.id, duplicates=1))


@bp.route("/initiatives/<int:initiative_id>/edit", methods=["GET", "POST"])
@rate_limited("submit", per_person=True)
def edit(initiative_id: int):
    """Continue a draft, or revise an initiative returned for revision."""
    initiative = load_or_404(Initiative, initiative_id, permissions.can_edit)
    form = offer_fields(InitiativeForm(), initiative.programme)
    if request.method == "GET":
        form.process(obj=initiative)
        form.field.data = str(initiative.field) if initiative.field else ""
        for row, author in zip(form.authors, initiative.authors, strict=False):
            row.form.share.data = "" if author.share is None else f"{author.share.normalize():f}"
        if request.args.get("check"):
            commit_service(form, services.check_and_raise, initiative, today())
    elif form.validate_on_submit():
        saved = commit_service(form, services.update_content, current_user, initiative, initiative_input(form))
        if saved:
            return _after_save(form, initiative)
    pad_authors(form)
    return render_template("initiatives/form.html", form=form, programme=initiative.programme, initiative=initiative)


@bp.get("/initiatives/<int:initiative_id>")
def show(initiative_id: int):
    """Show an initiative, its timeline, and the steps the user may take."""
    initiative = load_or_404(Initiative, initiative_id, permissions.can_view)
    steps = [step for step in steps_from(initiative.status)
             if step != Step.SUBMIT and permissions.can_take_step(current_user, initiative, step)]
    return render_template("initiatives/show.html", initiative=initiative, steps=steps,
                           full=permissions.can_view_full(current_user, initiative),
                           can_edit=permissions.can_edit(current_user, initiative),
                           can_submit=permissions.can_take_step(current_user, initiative, Step.SUBMIT),
                           step_form=StepForm(), submit_form=ConfirmForm(), status_labels=STATUS_LABELS,
                           field_labels=FIELD_LABELS)


@bp.post("/initiatives/<int:initiative_id>/submit")
@rate_limited("submit", per_person=True)
def submit(initiative_id: int):
    """Submit a saved draft."""
    initiative = load_or_404(Initiative, initiative_id,
                             lambda user, i: permissions.can_take_step(user, i, Step.SUBMIT))
    form = ConfirmForm()
    if form.validate_on_submit():
        held = _held_back(initiative)
        if held is not None:
            return held
        if commit_service(form, services.submit, current_user, initiative, today()):
            flash(_("Your initiative was submitted to %(union)s.", union=initiative.unit.name), "success")
            return redirect(url_for(".show", initiative_id=initiative.id))
    return redirect(url_for(".edit", initiative_id=initiative.id, check=1))


@bp.post("/initiatives/<int:initiative_id>/steps/<step>")
def take_step(initiative_id: int, step: str):
    """Confirm, return, review, decide or withdraw."""
    if step not in {s.value for s in Step} or step == Step.SUBMIT:
        abort(404)
    initiative = load_or_404(Initiative, initiative_id, lambda user, i: permissions.can_take_step(user, i, Step(step)))
    form = StepForm()
    if form.validate_on_submit() and commit_service(form, services.take_step, current_user, initiative,
                                                    Step(step), form.reason.data or ""):
        flash(_("Done: the initiative is now \"%(status)s\".", status=STATUS_LABELS[initiative.status]), "success")
        return redirect(url_for(".show", initiative_id=initiative.id))
    flash_form_errors(form)
    return redirect(url_for(".show", initiative_id=initiative.id)), 303
