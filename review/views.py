"""Duplicate detection: similar initiatives while typing, the reviewers' duplicate queue, sweeps, gaming signals."""

import threading

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from core.access import permission_required
from core.extensions import db
from core.web import commit_service, page_number, safe_next
from initiatives.models import Programme
from initiatives.permissions import can_view
from initiatives.rules import MAX_TITLE
from review import permissions, queries, services
from review.forms import DECISION_LABELS, DecisionForm, SweepForm
from review.models import DuplicatePair
from review.signals import unit_signals
from review.sweep import count_documents, run_sweep, start_sweep

bp = Blueprint("review", __name__)

SIMILAR_LIMIT = 5
MAX_DESCRIPTION = 2000  # the engine reads only the opening of a description
SIGNAL_ROWS = 500
SIGNAL_SORTS = ("share", "duplicated", "bursts", "resubmissions", "initiatives", "name")
# A programme with at most this many indexed initiatives is swept within the request (a few seconds at most); a
# bigger one in a background thread with its own app context, so the reviewer is not kept waiting. Whole-history
# sweeps belong to `flask duplicates sweep --all`, run at low priority beside the app.
SWEEP_INLINE_LIMIT = 5000


@bp.app_context_processor
def _review_permissions():
    return {"review_perm": permissions}


def _optional_id(name: str) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        abort(400)
    return int(raw)


@bp.get("/initiatives/similar.json")
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


@bp.get("/review/duplicates")
@permission_required(permissions.can_use_queue)
def queue():
    """List the open likely duplicate pairs in the reviewer's scope, best first."""
    page = db.paginate(queries.open_pairs_query(permissions.review_scopes(current_user)), page=page_number(),
                       per_page=current_app.config["PAGE_SIZE"], error_out=False)
    programmes = [programme for programme in db.session.scalars(select(Programme).order_by(Programme.opens_on.desc()))
                  if permissions.can_sweep(current_user, programme)]
    return render_template("review/duplicates.html", page=page, form=DecisionForm(), sweep_form=SweepForm(),
                           programmes=programmes, sweeps=queries.get_recent_sweeps(), labels=DECISION_LABELS,
                           can_view=lambda initiative: can_view(current_user, initiative))


@bp.post("/review/duplicates/<int:pair_id>")
def decide(pair_id: int):
    """Judge a pair the same initiative or two different ones."""
    pair = db.get_or_404(DuplicatePair, pair_id)
    if not permissions.can_decide_pair(current_user, pair):
        abort(403)
    form = DecisionForm()
    if form.validate_on_submit() and commit_service(form, services.decide_pair, current_user, pair, form.status.data,
                                                    form.note.data or ""):
        flash(_("The decision was recorded."), "success")
    else:
        errors = [str(error) for error in [*form.form_errors, *form.status.errors, *form.note.errors]]
        flash(" ".join(errors) or _("The request expired; please try again."), "danger")
    return redirect(safe_next(request.form.get("next"), url_for(".queue")))


@bp.post("/review/sweeps")
@permission_required(permissions.can_use_queue)
def sweep():
    """Sweep a programme for near-duplicates and queue the pairs found."""
    form = SweepForm()
    if not form.validate_on_submit() or not (form.programme.data or "").isdigit():
        abort(400)
    programme = db.get_or_404(Programme, int(form.programme.data))
    if not permissions.can_sweep(current_user, programme):
        abort(403)
    if queries.get_running_sweep(programme.id) is not None:
        flash(_("A sweep of this programme is already running."), "warning")
        return redirect(url_for(".queue"))
    inline = count_documents(programme.id) <= current_app.config.get("DUPLICATE_SWEEP_INLINE_LIMIT",
                                                                      SWEEP_INLINE_LIMIT)
    started = start_sweep(current_user, programme)
    db.session.commit()
    if inline:
        done = run_sweep(started.id)
        flash(_("Sweep finished: %(documents)s initiatives, %(pairs)s likely duplicate pairs, %(new)s new in the "
                "queue.", documents=done.documents, pairs=done.pairs, new=done.new_pairs), "success")
    else:
        threading.Thread(target=_sweep_in_background, args=(current_app._get_current_object(), started.id),
                         name=f"duplicate-sweep-{started.id}", daemon=True).start()
        flash(_("The sweep started; its pairs join the queue when it finishes."), "info")
    return redirect(url_for(".queue"))


def _sweep_in_background(app, sweep_id: int) -> None:
    """Run a sweep in its own app context, hence its own database session."""
    with app.app_context():
        try:
            run_sweep(sweep_id)
        except Exception:
            db.session.rollback()
            app.logger.exception("duplicate sweep %s failed", sweep_id)
        finally:
            db.session.remove()


@bp.get("/review/signals")
@permission_required(permissions.can_view_signals)
def signals():
    """Show, per union of the administrator's subtree, the signs of chasing the quota with copies."""
    sort = request.args.get("sort", "share")
    if sort not in SIGNAL_SORTS:
        abort(400)
    ascending = request.args.get("order") == "asc"
    submissions, pairs, units = queries.get_signal_rows(permissions.signal_scopes(current_user))
    found = unit_signals(submissions, pairs)
    rows = [(units[unit_id], found[unit_id]) for unit_id in units]
    if sort == "name":
        rows.sort(key=lambda row: row[0].name, reverse=not ascending)
    else:
        rows.sort(key=lambda row: (getattr(row[1], sort) or 0, row[0].name), reverse=not ascending)
    return render_template("review/signals.html", rows=rows[:SIGNAL_ROWS], total=len(rows), sort=sort,
                           ascending=ascending, limit=SIGNAL_ROWS)
