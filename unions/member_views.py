"""Officers and administrators manage members: approvals, creation, invitations, roles, passwords."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from core.access import permission_required
from core.extensions import db
from core.forms import ConfirmForm
from core.web import commit_service, flash_form_errors, load_or_404, page_number
from unions import account_services, permissions
from unions.forms import ROLE_LABELS, MemberForm, ReasonForm, RoleForm
from unions.models import RoleAssignment, User
from unions.queries import get_pending_members, get_unit_by_code, members_query
from unions.roles import AccountStatus, Role

bp = Blueprint("members", __name__, url_prefix="/members")


def _managed_unit(form):
    """Return the unit named on the form if the current user manages its members; else say why on the form."""
    unit = get_unit_by_code(form.unit.data or "")
    if unit is None:
        form.unit.errors = [_("No unit has this code.")]
    elif not permissions.can_manage_members_of(current_user, unit):
        form.unit.errors = [_("You do not manage the members of this unit.")]
    else:
        return unit
    return None


@bp.get("/pending")
@permission_required(permissions.can_manage_members)
def pending():
    """List the registrations waiting for approval in the officer's units."""
    members = get_pending_members(permissions.manager_scopes(current_user))
    return render_template("unions/pending.html", members=members, approve_form=ConfirmForm(),
                           reject_form=ReasonForm())


@bp.post("/<int:user_id>/approve")
@permission_required(permissions.can_manage_members)
def approve(user_id: int):
    """Approve a pending registration."""
    member = load_or_404(User, user_id, permissions.can_review_registration)
    form = ConfirmForm()
    if form.validate_on_submit() and commit_service(form, account_services.approve_member, current_user, member):
        flash(_("%(name)s can now sign in.", name=member.full_name), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".pending"))


@bp.post("/<int:user_id>/reject")
@permission_required(permissions.can_manage_members)
def reject(user_id: int):
    """Refuse a pending registration, with a reason."""
    member = load_or_404(User, user_id, permissions.can_review_registration)
    form = ReasonForm()
    if form.validate_on_submit() and commit_service(form, account_services.reject_member, current_user, member,
                                                    form.reason.data):
        flash(_("The registration of %(name)s was refused.", name=member.full_name), "info")
        return redirect(url_for(".pending"))
    return render_template("unions/pending.html", members=get_pending_members(permissions.manager_scopes(current_user)),
                           approve_form=ConfirmForm(), reject_form=form, rejecting=member.id), 400


@bp.get("")
@permission_required(permissions.can_manage_members)
def index():
    """List the accounts in the user's units, with filters."""
    scopes = permissions.manager_scopes(current_user)
    unit = get_unit_by_code(request.args.get("unit", "")) if request.args.get("unit") else None
    if unit is not None and not permissions.can_manage_members_of(current_user, unit):
        abort(403)
    status = request.args.get("status") or None
    if status and status not in {s.value for s in AccountStatus}:
        abort(400)
    query = members_query(scopes, unit=unit, status=status, text=request.args.get("q", ""))
    page = db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("unions/members.html", page=page, unit=unit, status=status, statuses=AccountStatus)


@bp.route("/new", methods=["GET", "POST"])
@permission_required(permissions.can_manage_members)
def create():
    """Create an active member account with a temporary password (for members without a smartphone)."""
    form = MemberForm(unit=request.args.get("unit", current_user.unit.code if current_user.unit else ""))
    if form.validate_on_submit() and (unit := _managed_unit(form)):
        created = commit_service(form, account_services.create_member, current_user,
                                 unit=unit, full_name=form.full_name.data,
                                 email=form.email.data, phone=form.phone.data, job_title=form.job_title.data)
        if created:
            member, password = created
            return render_template("unions/temporary_password.html", member=member, password=password)
    return render_template("unions/member_form.html", form=form, inviting=False)


@bp.route("/invite", methods=["GET", "POST"])
@permission_required(permissions.can_manage_members)
def invite():
    """Create an invitation link that the person opens to set their own password."""
    form = MemberForm(unit=request.args.get("unit", current_user.unit.code if current_user.unit else ""))
    del form.job_title
    if form.validate_on_submit() and (unit := _managed_unit(form)):
        created = commit_service(form, account_services.invite_member, current_user,
                                 unit=unit, full_name=form.full_name.data,
                                 email=form.email.data, phone=form.phone.data)
        if created:
            invitation, token = created
            link = url_for("auth.accept_invitation", token=token, _external=True)
            return render_template("unions/invitation_link.html", invitation=invitation, link=link)
    return render_template("unions/member_form.html", form=form, inviting=True)


@bp.get("/<int:user_id>")
def show(user_id: int):
    """Show an account with the actions the current user may take on it."""
    member = load_or_404(User, user_id, permissions.can_view_account)
    role_form = RoleForm(unit=member.unit.code if member.unit else "")
    return render_template("unions/member.html", member=member, confirm_form=ConfirmForm(), reason_form=ReasonForm(),
                           role_form=role_form, role_labels=ROLE_LABELS)


@bp.post("/<int:user_id>/reset-password")
def reset_password(user_id: int):
    """Give the account a temporary password and end its sessions."""
    member = load_or_404(User, user_id, permissions.can_manage_account)
    form = ConfirmForm()
    password = form.validate_on_submit() and commit_service(form, account_services.reset_password, current_user,
                                                            member)
    if not password:
        abort(400)
    return render_template("unions/temporary_password.html", member=member, password=password, reset=True)


@bp.post("/<int:user_id>/deactivate")
def deactivate(user_id: int):
    """Stop the account from signing in; nothing it did is removed."""
    member = load_or_404(User, user_id, permissions.can_manage_account)
    form = ReasonForm()
    if form.validate_on_submit() and commit_service(form, account_services.deactivate_user, current_user, member,
                                                    form.reason.data):
        flash(_("The account of %(name)s is deactivated.", name=member.full_name), "info")
    else:
        flash_form_errors(form)
    return redirect(url_for(".show", user_id=member.id))


@bp.post("/<int:user_id>/reactivate")
def reactivate(user_id: int):
    """Let a deactivated account sign in again."""
    member = load_or_404(User, user_id, permissions.can_manage_account)
    form = ConfirmForm()
    if form.validate_on_submit() and commit_service(form, account_services.reactivate_user, current_user, member):
        flash(_("The account of %(name)s is active again.", name=member.full_name), "success")
    else:
        flash_form_errors(form)
    return redirect(url_for(".show", user_id=member.id))


@bp.post("/<int:user_id>/roles")
@permission_required(permissions.can_administer)
def grant_role(user_id: int):
    """Give the account a role over a unit."""
    member = load_or_404(User, user_id, lambda actor, m: permissions.can_manage_members_of(actor, m.unit)
                         or permissions.is_system_admin(actor))
    form = RoleForm()
    if form.validate_on_submit():
        unit = get_unit_by_code(form.unit.data)
        if unit is None:
            form.unit.errors = [_("No unit has this code.")]
        elif not permissions.can_grant_role(current_user, Role(form.role.data), unit):
            abort(403)
        elif commit_service(form, account_services.grant_role, current_user, member, Role(form.role.data), unit):
            flash(_("The role was granted."), "success")
            return redirect(url_for(".show", user_id=member.id))
    return render_template("unions/member.html", member=member, confirm_form=ConfirmForm(), reason_form=ReasonForm(),
                           role_form=form, role_labels=ROLE_LABELS), 400


@bp.post("/roles/<int:assignment_id>/revoke")
@permission_required(permissions.can_administer)
def revoke_role(assignment_id: int):
    """End a role assignment."""
    assignment = load_or_404(RoleAssignment, assignment_id, lambda actor, a: a.user_id != actor.id
                             and permissions.can_grant_role(actor, a.role, a.unit))
    form = ConfirmForm()
    if form.validate_on_submit() and commit_service(form, account_services.revoke_role, current_user, assignment):
        flash(_("The role was revoked."), "info")
    else:
        flash_form_errors(form)
    return redirect(url_for(".show", user_id=assignment.user_id))
