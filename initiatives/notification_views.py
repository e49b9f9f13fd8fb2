"""The user's in-app notices."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from core.forms import ConfirmForm
from core.web import commit_service
from initiatives import notifications
from initiatives.forms import STATUS_LABELS

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
