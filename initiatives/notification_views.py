"""The user's in-app notices."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from core.access import writes_on_get
from core.forms import ConfirmForm
from core.web import commit_service, load_or_404, run_in_transaction
from initiatives import notifications
from initiatives.forms import STATUS_LABELS
from initiatives.models import Notification
from initiatives.notices import notice_target

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("")
def index():
    """List the user's notices, newest first."""
    return render_template("initiatives/notifications.html", items=notifications.get_notices(current_user.id),
                           status_labels=STATUS_LABELS, read_form=ConfirmForm())


@bp.post("/read")
def read_all():
    """Mark every notice read."""
    form = ConfirmForm()
    if form.validate_on_submit():
        commit_service(form, notifications.mark_all_read, current_user.id)
    return redirect(url_for(".index"))


@bp.get("/<int:notice_id>")
@writes_on_get
def open_notice(notice_id: int):
    """Open what a notice is about (the initiative, or where its step leads), marking the notice read."""
    notice = load_or_404(Notification, notice_id, lambda user, n: n.user_id == user.id)
    run_in_transaction(notifications.mark_read, notice)
    return redirect(notice_target(notice))
