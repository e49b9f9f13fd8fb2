"""Personal access tokens on one's own account page: make one (its secret shown once), revoke one."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from api import services
from api.forms import TokenForm
from core.forms import ConfirmForm
from core.web import commit_service, flash_form_errors

bp = Blueprint("api_tokens", __name__)


@bp.post("/account/tokens")
def create():
    """Make a token for the API and show its secret, this once."""
    form = TokenForm()
    made = form.validate_on_submit() and commit_service(form, services.create_token,
                                                        current_user._get_current_object(), form.name.data,
                                                        form.scope.data)
    if not made:
        flash_form_errors(form)
        return redirect(url_for("auth.account"))
    token, secret = made
    return render_template("api/token_created.html", token=token, secret=secret), 201, {"Cache-Control": "no-store"}


@bp.post("/account/tokens/<int:token_id>/revoke")
def revoke(token_id: int):
    """Stop one of one's tokens from opening the API."""
    form = ConfirmForm()
    if form.validate_on_submit() and commit_service(form, services.revoke_token, current_user._get_current_object(),
                                                    token_id):
        flash(_("The token has been revoked."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("auth.account"))
