"""Initiative councils: setting one up, its seats, settings and rubric, its queue, assignment, the item page, the
chair's decisions and the ranked decision table."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from core.access import permission_required
from core.forms import ConfirmForm
from core.web import commit_service, flash_form_errors, load_or_404
from initiatives.forms import FIELD_LABELS
from review import council_permissions as perms
from review import council_queries as queries
from review import council_services as services
from review.council_forms import (
    CONFLICT_LABELS,
    OUTCOME_LABELS,
    ROLE_LABELS,
    CouncilForm,
    CouncilSettingsForm,
    DeclineForm,
    HandAssignForm,
    ItemDecisionForm,
    MemberForm,
    RubricForm,
    fill_rubric_form,
    rubric_from_form,
)
from review.council_models import Council, CouncilAssignment, CouncilItem, CouncilMember
from unions.permissions import can_administer
from unions.queries import get_unit_by_code

bp = Blueprint("councils", __name__, url_prefix="/councils")

SORTS = ("rank", "spread", "field", "unit", "arrival")
SHOWS = ("all", "discussion", "undecided", "decided")


def _settings(form) -> services.CouncilSettings:
    return services.CouncilSettings(name=form.name.data or "", reviewers_per_item=form.reviewers_per_item.data,
                                    blind=form.blind.data, conflict_administered=form.conflict_administered.data,
                                    disagreement_above=float(form.disagreement_above.data))


def _council(council_id: int, predicate) -> Council:
    return load_or_404(Council, council_id, predicate)


def _item(council_id: int, item_id: int, predicate) -> CouncilItem:
    item = load_or_404(CouncilItem, item_id)
    if item.council_id != council_id:
        abort(404)
    if not predicate(current_user, item):
        abort(403)
    return item


@bp.get("")
@permission_required(lambda user: queries.has_seat(user) or can_administer(user))
def index():
    """List the councils the user sits on or administers."""
    return render_template("review/councils.html", councils=queries.get_councils_for(current_user),
                           can_create=can_administer(current_user))


@bp.route("/new", methods=["GET", "POST"])
@permission_required(can_administer)
def create():
    """Set up a council for a unit and a programme, with the provincial score sheet to start from."""
    form = CouncilForm()
    form.programme.choices = [SelectChoice(p.id, p.name) for p in queries.get_programmes_for_councils(current_user)]
    if request.method == "GET" and not form.name.data:
        form.name.data = _("Initiative council")
    if form.validate_on_submit():
        unit = get_unit_by_code(form.unit_code.data.strip())
        if unit is None:
            form.unit_code.errors.append(_("No unit has this code."))
        elif not perms.can_create_council(current_user, unit):
            abort(403)
        else:
            programme = queries.get_programme(form.programme.data)
            council = commit_service(form, services.create_council, current_user, unit=unit, programme=programme,
                                     settings=_settings(form))
            if council:
                flash(_("The council was set up. Seat its members next."), "success")
                return redirect(url_for(".show", council_id=council.id))
    return render_template("review/council_form.html", form=form, council=None)


@bp.get("/<int:council_id>")
def show(council_id: int):
    """Show a council: its seats and settings, its queue and what the user may do there."""
    council = _council(council_id, perms.can_view_council)
    figures = queries.get_figures(council) if perms.can_run_council(current_user, council) else None
    return render_template("review/council.html", council=council, figures=figures,
                           parent=queries.get_parent_council(council), member_form=MemberForm(),
                           confirm_form=ConfirmForm(), role_labels=ROLE_LABELS, outcome_labels=OUTCOME_LABELS,
                           seat=perms.seat(current_user, council), perms=perms)


@bp.route("/<int:council_id>/settings", methods=["GET", "POST"])
def settings(council_id: int):
    """Change a council's name and settings."""
    council = _council(council_id, perms.can_manage_council)
    form = CouncilSettingsForm(obj=council)
    if form.validate_on_submit() and commit_service(form, services.update_council, current_user, council,
                                                    _settings(form)):
        flash(_("The council's settings were saved."), "success")
        return redirect(url_for(".show", council_id=council.id))
    return render_template("review/council_form.html", form=form, council=council)


@bp.post("/<int:council_id>/members")
def add_member(council_id: int):
    """Seat a person on the council."""
    council = _council(council_id, perms.can_manage_council)
    form = MemberForm()
    if form.validate_on_submit():
        person = queries.get_user_by_login(form.login.data)
        if commit_service(form, services.add_member, current_user, council, person, form.role.data):
            flash(_("%(name)s now sits on the council.", name=person.full_name), "success")
            return redirect(url_for(".show", council_id=council.id))
    flash_form_errors(form)
    return redirect(url_for(".show", council_id=council.id))


@bp.post("/<int:council_id>/members/<int:member_id>/remove")
def remove_member(council_id: int, member_id: int):
    """Take a person off the council; their unsubmitted assignments go to others."""
    council = _council(council_id, perms.can_manage_council)
    member = load_or_404(CouncilMember, member_id)
    form = ConfirmForm()
    if form.validate_on_submit() and commit_service(form, services.remove_member, current_user, council, member):
        flash(_("The member left the council; their open assignments went to others."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".show", council_id=council.id))


@bp.route("/<int:council_id>/rubric", methods=["GET", "POST"])
def rubric(council_id: int):
    """Edit the council's score sheet: in place before scoring starts, as a new version afterwards."""
    council = _council(council_id, perms.can_run_council)
    form = RubricForm()
    if request.method == "GET":
        fill_rubric_form(form, council.rubric)
    elif form.validate_on_submit():
        edited = rubric_from_form(form)
        if edited is not None:
            before = council.rubric_row.version
            row = commit_service(form, services.save_rubric, current_user, council, edited)
            if row:
                flash(_("The score sheet was saved as version %(version)s; scores already given keep their "
                        "version.", version=row.version) if row.version != before
                      else _("The score sheet was saved."), "success")
                return redirect(url_for(".rubric", council_id=council.id))
    return render_template("review/rubric_form.html", form=form, council=council,
                           started=queries.scoring_started(council.rubric_row))


@bp.post("/<int:council_id>/assign")
def assign(council_id: int):
    """Give every undecided initiative its reviewers automatically, free of conflicts, loads evened."""
    council = _council(council_id, perms.can_run_council)
    form = ConfirmForm()
    result = form.validate_on_submit() and commit_service(form, services.assign_reviewers, current_user, council)
    if result:
        flash(_("%(n)s assignments made.", n=result.assigned), "success")
        if result.short:
            flash(_("Not enough reviewers free of a conflict for: %(items)s.",
                    items=", ".join(f"#{item.initiative_id}" for item in result.short)), "warning")
    else:
        flash_form_errors(form)
    return redirect(url_for(".show", council_id=council.id))


@bp.post("/<int:council_id>/close")
def close(council_id: int):
    """Close the council: scoring and decisions stop."""
    council = _council(council_id, perms.can_chair)
    form = ConfirmForm()
    if form.validate_on_submit() and commit_service(form, services.close_council, current_user, council):
        flash(_("The council was closed."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".show", council_id=council.id))


@bp.post("/<int:council_id>/reopen")
def reopen(council_id: int):
    """Reopen a closed council."""
    council = _council(council_id, perms.can_chair)
    form = ConfirmForm()
    if form.validate_on_submit() and commit_service(form, services.reopen_council, current_user, council):
        flash(_("The council was reopened."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".show", council_id=council.id))


@bp.get("/<int:council_id>/items/<int:item_id>")
def item(council_id: int, item_id: int):
    """Show an initiative before the council: its content, reviewers, scores (to those who may see them), and the
    chair's decision."""
    entry = _item(council_id, item_id, perms.can_view_item)
    council = entry.council
    figures = queries.get_item_figures(entry)
    mine = next((a for a in entry.assignments if a.reviewer_id == current_user.id and a.is_active), None)
    hand_form = HandAssignForm()
    hand_form.reviewer.choices = [SelectChoice(r.id, r.full_name) for r in queries.get_free_reviewers(entry)]
    return render_template(
        "review/item.html", council=council, item=entry, figures=figures, mine=mine,
        see_scores=perms.can_see_scores(current_user, entry), see_authors=perms.can_see_authors(current_user, entry),
        can_decide=perms.can_decide(current_user, entry), can_assign=perms.can_assign_by_hand(current_user, entry),
        conflict=perms.item_conflict(current_user, entry), conflict_labels=CONFLICT_LABELS,
        decision_form=ItemDecisionForm(), hand_form=hand_form, decline_form=DeclineForm(),
        confirm_form=ConfirmForm(), outcome_labels=OUTCOME_LABELS, field_labels=FIELD_LABELS,
        parent=queries.get_parent_council(council), duplicate_pairs=queries.get_duplicate_pairs_of(
            entry.initiative_id) if figures.duplicate else [])


@bp.post("/<int:council_id>/items/<int:item_id>/decision")
def decide(council_id: int, item_id: int):
    """Record the council's decision on an initiative, with its reason."""
    entry = _item(council_id, item_id, perms.can_decide)
    form = ItemDecisionForm()
    if form.validate_on_submit() and commit_service(form, services.decide_item, current_user, entry,
                                                    form.decision.data, form.reason.data or ""):
        flash(_("The decision was recorded: %(decision)s.", decision=OUTCOME_LABELS[entry.decision]), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".item", council_id=council_id, item_id=item_id))


@bp.post("/<int:council_id>/items/<int:item_id>/assign")
def assign_by_hand(council_id: int, item_id: int):
    """Add a reviewer to an initiative by hand (the chair's override, within the conflicts)."""
    entry = _item(council_id, item_id, perms.can_assign_by_hand)
    form = HandAssignForm()
    form.reviewer.choices = [SelectChoice(r.id, r.full_name) for r in queries.get_free_reviewers(entry)]
    if form.validate_on_submit() and commit_service(form, services.assign_by_hand, current_user, entry,
                                                    queries.get_user(form.reviewer.data)):
        flash(_("The reviewer was added."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".item", council_id=council_id, item_id=item_id))


@bp.post("/<int:council_id>/assignments/<int:assignment_id>/withdraw")
def withdraw(council_id: int, assignment_id: int):
    """Take an unsubmitted assignment back (the chair's override)."""
    assignment = load_or_404(CouncilAssignment, assignment_id)
    if assignment.item.council_id != council_id:
        abort(404)
    if not perms.can_assign_by_hand(current_user, assignment.item):
        abort(403)
    form = ConfirmForm()
    if form.validate_on_submit() and commit_service(form, services.withdraw_assignment, current_user, assignment):
        flash(_("The assignment was withdrawn."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".item", council_id=council_id, item_id=assignment.item_id))


@bp.get("/<int:council_id>/decisions")
def decisions(council_id: int):
    """Show the ranked decision table, sortable by aggregate, spread, field and unit; or the needs-discussion
    queue."""
    council = _council(council_id, perms.can_run_council)
    sort, show_ = request.args.get("sort", "rank"), request.args.get("show", "all")
    if sort not in SORTS or show_ not in SHOWS:
        abort(400)
    figures = queries.get_figures(council)
    rows = queries.sort_rows(queries.filter_rows(figures.items, show_), sort)
    return render_template("review/decisions.html", council=council, rows=rows, figures=figures, sort=sort,
                           show=show_, outcome_labels=OUTCOME_LABELS, field_labels=FIELD_LABELS,
                           reviewers=queries.get_reviewer_names(figures))
