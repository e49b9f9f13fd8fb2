"""Duplicate detection: similar initiatives while typing, the reviewers' duplicate queue, sweeps."""

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from core.access import permission_required
from core.extensions import db
from core.ratelimit import rate_limited
from core.web import commit_service, flash_form_errors, load_or_404, page_number, safe_next
from initiatives.models import Programme
from initiatives.permissions import can_view
from initiatives.rules import MAX_TITLE
from review import council_permissions, council_queries, permissions, queries, services
from review.forms import DECISION_LABELS, REASON_LABELS, DecisionForm, SweepForm, UndoForm
from review.highlight import mark_shared
from review.models import DuplicatePair
from review.sweep import sweep_programme

bp = Blueprint("review", __name__)

SIMILAR_LIMIT = 5
MAX_DESCRIPTION = 2000  # the engine reads only the opening of a description


def _optional_id(name: str) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        abort(400)
    return int(raw)


@bp.get("/initiatives/similar.json")
@rate_limited("similar", per_person=True, methods=("GET",))
def similar():
    """Return the initiatives most like the title (and description) being typed, as JSON."""
    title = request.args.get("title", "")[:MAX_TITLE]
    description = request.args.get("description", "")[:MAX_DESCRIPTION]
    programme_id, exclude_id = _optional_id("programme"), _optional_id("initiative")
    results = queries.get_similar(current_user, title, description, limit=SIMILAR_LIMIT, exclude_id=exclude_id,
                                  programme_id=programme_id)
    for item in results:
        if "id" in item:
            item["url"] = url_for("initiatives.show", initiative_id=item["id"])
    return jsonify(results=results, likely_duplicate=any(item["likely_duplicate"] for item in results))


def _can_view_pair(user, pair) -> bool:
    return permissions.can_decide_pair(user, pair) or _can_undo(user, pair)


def _can_undo(user, pair) -> bool:
    return council_permissions.can_undo_judgement(user, pair, council_queries.get_chaired_paths(user))


def _sweep_form() -> SweepForm:
    form = SweepForm()
    form.programme.choices = [SelectChoice(programme.id, programme.name) for programme in queries.get_programmes()
                              if permissions.can_sweep(current_user, programme)]
    return form


@bp.get("/review/duplicates")
@permission_required(permissions.can_use_queue)
def queue():
    """List the open likely duplicate pairs in the reviewer's scope, best first, and the latest judged ones."""
    scopes = permissions.review_scopes(current_user)
    page = db.paginate(queries.open_pairs_query(scopes), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    sweeps = queries.get_recent_sweeps()
    return render_template("review/duplicates.html", page=page, form=DecisionForm(), sweep_form=_sweep_form(),
                           sweeps=sweeps, sweep_progress=queries.get_sweep_progress(sweeps), labels=DECISION_LABELS,
                           reasons=REASON_LABELS,
                           judged=queries.get_judged_pairs(scopes), can_view=lambda initiative: can_view(
                               current_user, initiative))


@bp.get("/review/duplicates/<int:pair_id>")
def pair(pair_id: int):
    """Show a suspected pair side by side, the words they share marked, with its judgements and the verdict form."""
    found = load_or_404(DuplicatePair, pair_id, _can_view_pair)
    texts = {}
    for field in ("title", "problem", "solution", "novelty", "effect"):
        first, second = getattr(found.a, field) or "", getattr(found.b, field) or ""
        texts[field] = (mark_shared(first, second), mark_shared(second, first))
    return render_template("review/pair.html", pair=found, texts=texts, form=DecisionForm(), undo_form=UndoForm(),
                           labels=DECISION_LABELS, reasons=REASON_LABELS, later=services.later_of(found),
                           can_decide=permissions.can_decide_pair(current_user, found),
                           can_undo=_can_undo(current_user, found))


@bp.post("/review/duplicates/<int:pair_id>")
def decide(pair_id: int):
    """Judge a pair: the copy of the other (which one, and why) or two different initiatives."""
    found = load_or_404(DuplicatePair, pair_id, permissions.can_decide_pair)
    form = DecisionForm()
    if form.validate_on_submit() and commit_service(form, services.decide_pair, current_user, found,
                                                    form.status.data, form.note.data or "",
                                                    duplicate_id=form.duplicate.data, reason=form.reason.data):
        flash(_("The decision was recorded."), "success")
    else:
        flash_form_errors(form)
    return redirect(safe_next(request.form.get("next"), url_for(".queue")))


@bp.post("/review/duplicates/<int:pair_id>/undo")
def undo(pair_id: int):
    """Undo a pair's judgement (the chair of a council above it): the pair goes back to the queue."""
    found = load_or_404(DuplicatePair, pair_id, _can_undo)
    form = UndoForm()
    if form.validate_on_submit() and commit_service(form, services.undo_judgement, current_user, found,
                                                    form.note.data or ""):
        flash(_("The judgement was undone: the pair is back in the queue."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".pair", pair_id=found.id))


@bp.post("/review/sweeps")
@permission_required(permissions.can_use_queue)
def sweep():
    """Sweep a programme for near-duplicates and queue the pairs found."""
    form = _sweep_form()
    if not form.validate_on_submit():
        abort(400)
    programme = load_or_404(Programme, form.programme.data, permissions.can_sweep)
    if queries.get_running_sweep(programme.id) is not None:
        flash(_("A sweep of this programme is already running."), "warning")
        return redirect(url_for(".queue"))
    done, job = sweep_programme(current_user, programme)
    if job is not None:
        flash(_("The sweep started; its pairs join the queue when it finishes."), "info")
        return redirect(url_for("jobs.show", job_id=job.id))
    flash(_("Sweep finished: %(documents)s initiatives, %(pairs)s likely duplicate pairs, %(new)s new in the "
            "queue.", documents=done.documents, pairs=done.pairs, new=done.new_pairs), "success")
    return redirect(url_for(".queue"))
