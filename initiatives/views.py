"""Programmes and initiatives: the submission form, drafts, steps of review, the timeline, notifications."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectChoice

from core.access import permission_required
from core.extensions import db
from core.web import commit_service
from initiatives import notifications, permissions, services
from initiatives.forms import FIELD_LABELS, STATUS_LABELS, InitiativeForm, ProgrammeForm, ReasonForm, field_choices
from initiatives.lifecycle import Step, steps_from
from initiatives.models import Initiative, Notification, Programme
from initiatives.rules import parse_percent
from review.queries import get_likely_duplicates
from unions import permissions as union_permissions
from unions.models import Unit
from unions.queries import get_unit_by_code, in_any_subtree

bp = Blueprint("initiatives", __name__)


def today() -> date:
    """Return today's date where the programmes run."""
    return date.today()


def _programme_input(form: ProgrammeForm) -> services.ProgrammeInput:
    phases = [(p.form.name.data.strip(), p.form.opens_on.data, p.form.closes_on.data) for p in form.phases
              if p.form.name.data and p.form.opens_on.data and p.form.closes_on.data]
    return services.ProgrammeInput(form.name.data, form.description.data or "", form.opens_on.data,
                                   form.closes_on.data, form.applied_from.data, form.applied_until.data,
                                   form.fields.data or [], phases)


def initiative_input(form: InitiativeForm) -> services.InitiativeInput:
    data = services.InitiativeInput(**{name: getattr(form, name).data for name in services.CONTENT_FIELDS})
    for name in services.CONTENT_FIELDS:
        if getattr(data, name) is None and isinstance(getattr(services.InitiativeInput, name, ""), str):
            setattr(data, name, "")
    data.field = form.field.data or None
    data.authors = [services.AuthorInput(row.form.name.data or "", parse_percent(row.form.share.data),
                                         row.form.workplace.data or "") for row in form.authors
                    if (row.form.name.data or "").strip()]
    return data


@bp.get("/programmes")
def programmes():
    """List the programmes the user's union takes part in, and those the user administers."""
    paths = [current_user.unit.path] if current_user.unit else []
    owners = {int(part) for path in paths for part in path.strip("/").split("/")}
    admin = union_permissions.admin_scopes(current_user)
    query = select(Programme).join(Unit, Programme.owner_unit_id == Unit.id).where(
        Programme.owner_unit_id.in_(owners) | in_any_subtree(Unit.path, admin)).order_by(Programme.opens_on.desc())
    return render_template("initiatives/programmes.html", programmes=list(db.session.scalars(query)), today=today())


@bp.route("/programmes/new", methods=["GET", "POST"])
@permission_required(union_permissions.can_administer)
def create_programme():
    """Create a programme owned by one of the units the user administers."""
    owner = get_unit_by_code(request.args.get("owner", "")) or next(
        (a.unit for a in current_user.roles if union_permissions.can_administer_unit(current_user, a.unit)), None)
    if owner is None or not permissions.can_manage_programmes(current_user, owner):
        abort(403)
    form = ProgrammeForm()
    if form.validate_on_submit():
        programme = commit_service(form, services.save_programme, current_user, owner=owner,
                                   data=_programme_input(form))
        if programme:
            flash(_("The programme was saved."), "success")
            return redirect(url_for(".programmes"))
    return render_template("initiatives/programme_form.html", form=form, owner=owner, programme=None)


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
def edit_programme(programme_id: int):
    """Change a programme's dates, fields and phases."""
    programme = db.get_or_404(Programme, programme_id)
    if not permissions.can_manage_programmes(current_user, programme.owner_unit):
        abort(403)
    form = ProgrammeForm(obj=programme)
    if form.validate_on_submit():
        saved = commit_service(form, services.save_programme, current_user, owner=programme.owner_unit,
                               data=_programme_input(form), programme=programme)
        if saved:
            flash(_("The programme was saved."), "success")
            return redirect(url_for(".programmes"))
    return render_template("initiatives/programme_form.html", form=form, owner=programme.owner_unit,
                           programme=programme)


@bp.get("/initiatives/mine")
def mine():
    """List the initiatives the user submitted or co-wrote, newest first."""
    query = select(Initiative).where(
        (Initiative.submitter_id == current_user.id) | (Initiative.entered_by_id == current_user.id)
        | Initiative.authors.any(user_id=current_user.id)).order_by(Initiative.created_at.desc())
    return render_template("initiatives/mine.html", initiatives=list(db.session.scalars(query)),
                           status_labels=STATUS_LABELS)


def _new_form(programme: Programme) -> InitiativeForm:
    form = InitiativeForm()
    form.field.choices = [SelectChoice("", _("— choose —")), *field_choices(programme.fields)]
    return form


def pad_authors(form: InitiativeForm, blank_rows: int = 2) -> None:
    """Offer empty rows for more co-authors."""
    while len(form.authors) < min(len(form.authors.entries) + blank_rows, form.authors.max_entries or 20) and \
            sum(1 for row in form.authors if not (row.form.name.data or "").strip()) < blank_rows:
        form.authors.append_entry()


@bp.route("/programmes/<int:programme_id>/initiatives/new", methods=["GET", "POST"])
def create(programme_id: int):
    """Start an initiative in a programme: save it as a draft any time, or submit it."""
    programme = db.get_or_404(Programme, programme_id)
    if current_user.unit is None:
        abort(403)
    form = _new_form(programme)
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
    """Submit when asked to, unless it looks like a duplicate the member has not confirmed; otherwise go back to the
    draft."""
    if request.form.get("action") == "submit":
        warning = _warn_of_duplicates(initiative)
        if warning is not None:
            return warning
        submitted = commit_service(form, services.submit, current_user, initiative, today())
        if not submitted:
            flash(_("The draft was saved, but it cannot be submitted yet: see the messages below."), "warning")
            return redirect(url_for(".edit", initiative_id=initiative.id, check=1))
        flash(_("Your initiative was submitted to %(union)s.", union=initiative.unit.name), "success")
        return redirect(url_for(".show", initiative_id=initiative.id))
    flash(_("The draft was saved."), "success")
    return redirect(url_for(".edit", initiative_id=initiative.id))


def _warn_of_duplicates(initiative: Initiative):
    """Send the member back to the form when the initiative looks like one already submitted, unless they confirmed."""
    if request.form.get("confirm_duplicate") or not get_likely_duplicates(current_user, initiative):
        return None
    flash(_("This initiative looks like one already submitted. Check the list below; to submit it anyway, tick the "
            "box and submit again."), "warning")
    return redirect(url_for(".edit", initiative_id=initiative.id, duplicates=1))


@bp.route("/initiatives/<int:initiative_id>/edit", methods=["GET", "POST"])
def edit(initiative_id: int):
    """Continue a draft, or revise an initiative returned for revision."""
    initiative = db.get_or_404(Initiative, initiative_id)
    if not permissions.can_edit(current_user, initiative):
        abort(403)
    form = _new_form(initiative.programme)
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
    duplicates = get_likely_duplicates(current_user, initiative) if request.args.get("duplicates") else []
    return render_template("initiatives/form.html", form=form, programme=initiative.programme, initiative=initiative,
                           duplicates=duplicates)


@bp.get("/initiatives/<int:initiative_id>")
def show(initiative_id: int):
    """Show an initiative, its timeline, and the steps the user may take."""
    initiative = db.get_or_404(Initiative, initiative_id)
    if not permissions.can_view(current_user, initiative):
        abort(403)
    steps = [step for step in steps_from(initiative.status)
             if step != Step.SUBMIT and permissions.can_take_step(current_user, initiative, step)]
    return render_template("initiatives/show.html", initiative=initiative, steps=steps,
                           full=permissions.can_view_full(current_user, initiative),
                           can_edit=permissions.can_edit(current_user, initiative),
                           can_submit=permissions.can_take_step(current_user, initiative, Step.SUBMIT),
                           reason_form=ReasonForm(), status_labels=STATUS_LABELS, field_labels=FIELD_LABELS)


@bp.post("/initiatives/<int:initiative_id>/submit")
def submit(initiative_id: int):
    """Submit a saved draft."""
    initiative = db.get_or_404(Initiative, initiative_id)
    if not permissions.can_take_step(current_user, initiative, Step.SUBMIT):
        abort(403)
    form = ReasonForm()
    if form.validate_on_submit():
        warning = _warn_of_duplicates(initiative)
        if warning is not None:
            return warning
        if commit_service(form, services.submit, current_user, initiative, today()):
            flash(_("Your initiative was submitted to %(union)s.", union=initiative.unit.name), "success")
            return redirect(url_for(".show", initiative_id=initiative.id))
    return redirect(url_for(".edit", initiative_id=initiative.id, check=1))


@bp.post("/initiatives/<int:initiative_id>/steps/<step>")
def take_step(initiative_id: int, step: str):
    """Confirm, return, review, decide or withdraw."""
    initiative = db.get_or_404(Initiative, initiative_id)
    if step not in {s.value for s in Step} or step == Step.SUBMIT:
        abort(404)
    if not permissions.can_take_step(current_user, initiative, Step(step)):
        abort(403)
    form = ReasonForm()
    if form.validate_on_submit() and commit_service(form, services.take_step, current_user, initiative,
                                                    Step(step), form.reason.data or ""):
        flash(_("Done: the initiative is now \"%(status)s\".", status=STATUS_LABELS[initiative.status]), "success")
        return redirect(url_for(".show", initiative_id=initiative.id))
    errors = [str(e) for e in [*form.form_errors, *form.reason.errors]]
    flash(" ".join(errors) or _("The request expired; please try again."), "danger")
    return redirect(url_for(".show", initiative_id=initiative.id)), 303


@bp.get("/notifications")
def notices():
    """List the user's notices, newest first."""
    items = db.session.scalars(select(Notification).where(Notification.user_id == current_user.id)
                               .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(200))
    return render_template("initiatives/notifications.html", items=list(items), status_labels=STATUS_LABELS,
                           read_form=ReasonForm())


@bp.post("/notifications/read")
def read_notices():
    """Mark every notice read."""
    form = ReasonForm()
    if form.validate_on_submit():
        notifications.mark_all_read(current_user.id)
        db.session.commit()
    return redirect(url_for(".notices"))
