"""A reviewer's work: their assignments, the score sheet (save, submit, submit and go to the next), declining."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.access import permission_required
from core.web import commit_service, flash_form_errors, load_or_404
from initiatives.forms import FIELD_LABELS
from review import council_permissions as perms
from review import council_queries as queries
from review import council_services as services
from review.council_forms import DeclineForm, score_form, scores_of
from review.council_models import CouncilAssignment

bp = Blueprint("scoring", __name__)

ACTIONS = ("save", "submit", "next")


def _own(user, assignment) -> bool:
    return assignment.reviewer_id == user.id


@bp.get("/assignments")
@permission_required(queries.has_seat)
def mine():
    """List what the reviewer has to score, the most needed first, and what they submitted."""
    return render_template("review/assignments.html", waiting=queries.get_open_assignments(current_user.id),
                           submitted=queries.get_submitted_assignments(current_user.id))


@bp.route("/assignments/<int:assignment_id>", methods=["GET", "POST"])
def score(assignment_id: int):
    """Fill in a score sheet: save it as a draft, submit it, or submit it and go to the next assignment."""
    assignment = load_or_404(CouncilAssignment, assignment_id, _own)
    item = assignment.item
    council = item.council
    if not perms.can_score(current_user, assignment) and not assignment.is_submitted:
        abort(403)
    rubric_row = council.rubric_row if not assignment.is_submitted else assignment.rubric_row
    rubric = rubric_row.rubric
    form = score_form(rubric, request.form if request.method == "POST" else None, assignment)
    if request.method == "POST":
        if not perms.can_score(current_user, assignment):
            abort(403)
        action = request.form.get("action", "save")
        if action not in ACTIONS:
            abort(400)
        if form.validate_on_submit() and commit_service(form, services.save_score_sheet, current_user, assignment,
                                                        scores_of(form, rubric), form.comment.data or "",
                                                        submit=action != "save"):
            if action == "save":
                flash(_("Your scores were saved as a draft."), "success")
                return redirect(url_for(".score", assignment_id=assignment.id))
            flash(_("Your score sheet was submitted."), "success")
            following = queries.get_next_assignment(current_user.id, after=assignment) if action == "next" else None
            if following is not None:
                return redirect(url_for(".score", assignment_id=following.id))
            return redirect(url_for("councils.item", council_id=council.id, item_id=item.id))
        if not form.errors and not form.form_errors:
            flash_form_errors(form)
    return render_template("review/score.html", assignment=assignment, item=item, council=council, rubric=rubric,
                           version=rubric_row.version, form=form, decline_form=DeclineForm(),
                           see_authors=perms.can_see_authors(current_user, item), field_labels=FIELD_LABELS,
                           editable=perms.can_score(current_user, assignment),
                           following=queries.get_next_assignment(current_user.id, after=assignment))


@bp.post("/assignments/<int:assignment_id>/decline")
def decline(assignment_id: int):
    """Decline an assignment, declaring a conflict or not; the initiative goes to another reviewer."""
    assignment = load_or_404(CouncilAssignment, assignment_id, perms.can_decline)
    form = DeclineForm()
    if form.validate_on_submit():
        done = commit_service(form, services.decline_assignment, current_user, assignment,
                              form.decline_reason.data or "",
                              conflict=form.conflict.data)
        if done:
            flash(_("You declined the assignment; another reviewer takes it."), "success")
            return redirect(url_for(".mine"))
    flash_form_errors(form)
    return redirect(url_for(".score", assignment_id=assignment.id))
