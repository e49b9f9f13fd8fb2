"""Sign in and out, self-registration, invitations and one's own password."""

import json
from urllib.parse import parse_qs, urlsplit

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from core.access import public
from core.errors import put_on_form
from core.forms import ConfirmForm
from core.hooks import personal_data
from core.ratelimit import rate_limited
from core.timeutil import utcnow
from core.web import client_address, client_agent, commit_service, flash_form_errors, run_in_transaction, safe_next
from unions import account_services, sessions
from unions.auth import LoginThrottled, authenticate
from unions.forms import ChangePasswordForm, LoginForm, RegistrationForm, SetPasswordForm
from unions.queries import get_unit_by_code

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
@rate_limited("login")
def login():
    """Sign in with an e-mail address or phone number."""
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm(next=request.args.get("next", ""))
    status, headers = 200, {}
    if form.validate_on_submit():
        attempt = commit_service(form, authenticate, form.login.data, form.password.data, client_address(),
                                 client_agent())
        if attempt.user is not None:
            login_user(attempt.user)
            return redirect(safe_next(form.next.data, url_for("core.index")))
        put_on_form(form, attempt.error)
        if isinstance(attempt.error, LoginThrottled):
            status, headers = 429, {"Retry-After": str(attempt.error.retry_after)}
    # Someone sent here from a union's QR poster keeps that union if they go on to register.
    unit = request.args.get("unit") or parse_qs(urlsplit(form.next.data or "").query).get("unit", [""])[0]
    return render_template("unions/login.html", form=form, unit=unit), status, headers


@bp.post("/logout")
def logout():
    """End the session, on the server as well as in the browser."""
    if current_user.is_authenticated:
        run_in_transaction(sessions.end_current_session, current_user._get_current_object())
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("core.index"))


@bp.route("/register", methods=["GET", "POST"])
@public
@rate_limited("register")
def register():
    """Let a member register into their grassroots union; an officer approves before they can sign in."""
    form = RegistrationForm(unit=request.args.get("unit", ""))
    preselected = get_unit_by_code(form.unit.data) if form.unit.data else None
    if form.validate_on_submit():
        user = commit_service(form, account_services.register_member, full_name=form.full_name.data,
                              email=form.email.data, phone=form.phone.data, password=form.password.data,
                              unit=get_unit_by_code(form.unit.data), job_title=form.job_title.data)
        if user:
            return render_template("unions/registered.html", unit=user.unit)
    return render_template("unions/register.html", form=form, preselected=preselected)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
@rate_limited("invitation")
def accept_invitation(token: str):
    """Let an invited person choose a password and start using their account."""
    invitation = account_services.get_open_invitation(token)
    if invitation is None:
        return render_template("unions/invitation_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = commit_service(form, account_services.accept_invitation, invitation, form.password.data,
                              client_address(), client_agent())
        if user:
            login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("core.index"))
    return render_template("unions/invitation.html", form=form, invitation=invitation)


@bp.route("/account/password", methods=["GET", "POST"])
@rate_limited("password", per_person=True)
def change_password():
    """Change one's own password (required after a reset or a temporary password)."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        done = commit_service(form, account_services.change_password, user, form.current_password.data,
                              form.new_password.data)
        if done:
            # The other sessions ended with the old password; this one stays.
            flash(_("Your password has been changed."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("core.index")))
    return render_template("unions/change_password.html", form=form)


@bp.get("/account")
def account():
    """Show one's own account, unit, roles and the browsers signed in to it."""
    user = current_user._get_current_object()
    return render_template("unions/account.html", sessions=sessions.open_sessions(user), current=user.current_session,
                           describe_device=sessions.describe_device, end_form=ConfirmForm())


@bp.get("/account/data.json")
def my_data():
    """Download everything the app holds about oneself, as one JSON file."""
    user = current_user._get_current_object()
    body = json.dumps({"exported_at": utcnow(), **personal_data(user)}, ensure_ascii=False, indent=2, default=str)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f"attachment; filename=du-lieu-ca-nhan-{user.id}.json", "Cache-Control": "no-store"})


@bp.post("/account/sessions/<int:session_id>/end")
def end_session(session_id: int):
    """Sign one of one's other browsers out."""
    form = ConfirmForm()
    if form.validate_on_submit() and commit_service(form, sessions.revoke_session, current_user._get_current_object(),
                                                    session_id):
        flash(_("That browser has been signed out."), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for("auth.account"))


@bp.post("/account/sessions/end-others")
def end_other_sessions():
    """Sign out everywhere but here."""
    form = ConfirmForm()
    count = commit_service(form, sessions.revoke_other_sessions, current_user._get_current_object()) \
        if form.validate_on_submit() else None
    if count is None:
        flash_form_errors(form)
    elif count:
        flash(_("Signed out of %(n)s other browsers.", n=count), "success")
    else:
        flash(_("No other browser was signed in."), "info")
    return redirect(url_for("auth.account"))
