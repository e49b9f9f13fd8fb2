"""Programmes: the list a member submits from, and the administrators' form for a programme and its phases."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.access import permission_required
from core.web import commit_service, load_or_404
from initiatives import permissions, services
from initiatives.form_input import today
from initiatives.forms import ProgrammeForm
from initiatives.models import Programme
from initiatives.queries import get_programmes_for
from unions import permissions as union_permissions
from unions.queries import get_unit_by_code

bp = Blueprint("programmes", __name__, url_prefix="/programmes")


def _programme_input(form: ProgrammeForm) -> services.ProgrammeInput:
    phases = [(p.form.name.data.strip(), p.form.opens_on.data, p.form.closes_on.data) for p in form.phases
              if p.form.name.data and p.form.opens_on.data and p.form.closes_on.data]
    return services.ProgrammeInput(form.name.data, form.description.data or "", form.opens_on.data,
                                   form.closes_on.data, form.applied_from.data, form.applied_until.data,
                                   form.fields.data or [], phases)


@bp.get("")
def index():
    """List the programmes the user's union takes part in, and those the user administers."""
    return render_template("initiatives/programmes.html", programmes=get_programmes_for(current_user), today=today())


@bp.route("/new", methods=["GET", "POST"])
@permission_required(union_permissions.can_administer)
def create():
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
            return redirect(url_for(".index"))
    return render_template("initiatives/programme_form.html", form=form, owner=owner, programme=None)


@bp.route("/<int:programme_id>/edit", methods=["GET", "POST"])
def edit(programme_id: int):
    """Change a programme's dates, fields and phases."""
    programme = load_or_404(Programme, programme_id,
                            lambda user, p: permissions.can_manage_programmes(user, p.owner_unit))
    form = ProgrammeForm(obj=programme)
    if form.validate_on_submit():
        saved = commit_service(form, services.save_programme, current_user, owner=programme.owner_unit,
                               data=_programme_input(form), programme=programme)
        if saved:
            flash(_("The programme was saved."), "success")
            return redirect(url_for(".index"))
    return render_template("initiatives/programme_form.html", form=form, owner=programme.owner_unit,
                           programme=programme)
