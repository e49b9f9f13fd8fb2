"""Sign in and out, self-registration, invitations and one's own password."""

from urllib.parse import parse_qs, urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from core.access import public
from core.errors import put_on_form
from core.web import client_address, commit_service, safe_next
from unions import account_services
from unions.auth import LoginThrottled, authenticate
from unions.forms import ChangePasswordForm, LoginForm, RegistrationForm, SetPasswordForm
from unions.queries import get_unit_by_code

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Sign in with an e-mail address or phone number."""
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        attempt = commit_service(form, authenticate, form.login.data, form.password.data, client_address())
        if attempt.user is not None:
            login_user(attempt.user)
            return redirect(safe_next(form.next.data, url_for("core.index")))
        put_on_form(form, attempt.error)
        status = 429 if isinstance(attempt.error, LoginThrottled) else 200
    # Someone sent here from a union's QR poster keeps that union if they go on to register.
    unit = request.args.get("unit") or parse_qs(urlsplit(form.next.data or "").query).get("unit", [""])[0]
    return render_template("unions/login.html", form=form, unit=unit), status


@bp.post("/logout")
def logout():
    """End the session."""
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("core.index"))


@bp.route("/register", methods=["GET", "POST"])
@public
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
def accept_invitation(token: str):
    """Let an invited person choose a password and start using their account."""
    invitation = account_services.get_open_invitation(token)
    if invitation is None:
        return render_template("unions/invitation_invalid.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        user = commit_service(form, account_services.accept_invitation, invitation, form.password.data)
        if user:
            login_user(user)
            flash(_("Welcome! Your account is ready."), "success")
            return redirect(url_for("core.index"))
    return render_template("unions/invitation.html", form=form, invitation=invitation)


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    """Change one's own password (required after a reset or a temporary password)."""
    form = ChangePasswordForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        done = commit_service(form, account_services.change_password, user, form.current_password.data,
                              form.new_password.data)
        if done:
            login_user(user)  # the session id carries the password generation, which just changed
            flash(_("Your password has been changed."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("core.index")))
    return render_template("unions/change_password.html", form=form)


@bp.get("/account")
def account():
    """Show one's own account, unit and roles."""
    return render_template("unions/account.html")
