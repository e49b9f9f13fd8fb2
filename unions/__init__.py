"""The union tree (units, levels, blocs), accounts, roles and login."""


def init_app(app) -> None:
    """Plug in sign-in, members and the tree: blueprints, commands, template globals, links and home panels."""
    from flask import url_for
    from flask_babel import lazy_gettext as _l

    from core.extensions import login_manager
    from core.hooks import add_area, add_audit_vocabulary, add_nav, add_personal_data, add_to_slot
    from jobs.exports import export_kind
    from jobs.kinds import add_job_kind
    from unions import audit_vocabulary, permissions, personal_data
    from unions import models as _models  # noqa: F401  (register tables with the metadata)
    from unions.auth import require_password_change
    from unions.auth_views import bp as auth_bp
    from unions.cli import register_cli
    from unions.export_jobs import AUDIT_EXPORT_JOB, build_audit_export
    from unions.forms import ACCOUNT_STATUS_LABELS, LEVEL_LABELS, ROLE_LABELS
    from unions.member_views import bp as members_bp
    from unions.queries import count_pending_members
    from unions.sessions import load_session_user
    from unions.unit_views import bp as units_bp

    for bp in (auth_bp, members_bp, units_bp):
        app.register_blueprint(bp)
    register_cli(app)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(load_session_user)
    app.before_request(require_password_change)
    app.jinja_env.globals.update(
        perm=permissions,
        role_label=lambda role: ROLE_LABELS.get(role, role),
        level_label=lambda level: LEVEL_LABELS.get(level, level),
        account_status_label=lambda status: ACCOUNT_STATUS_LABELS.get(status, status),
    )

    for section in ("account", "roles", "sessions", "sign_in_attempts"):
        add_personal_data(app, section, getattr(personal_data, section))
    add_audit_vocabulary(app, actions=audit_vocabulary.ACTIONS, objects=audit_vocabulary.OBJECTS,
                         keys=audit_vocabulary.KEYS, values=audit_vocabulary.VALUES)
    add_job_kind(app, export_kind(AUDIT_EXPORT_JOB, _l("Export of the audit trail"), build_audit_export,
                                  back=lambda job: url_for("units.audit", **job.params["args"])))
    add_area(app, "members", _l("Members"))
    add_area(app, "administration", _l("Administration"))
    add_nav(app, "members", _l("Approvals"), "members.pending", permissions.can_manage_members, order=10)
    add_nav(app, "members", _l("Members"), "members.index", permissions.can_manage_members, order=20)
    add_nav(app, "administration", _l("Units"), "units.index",
            lambda user: permissions.can_manage_members(user) or permissions.can_administer(user), order=10)
    add_nav(app, "administration", _l("Import units"), "units.import_tree", permissions.can_administer, order=20)
    add_nav(app, "administration", _l("Emulation blocs"), "units.blocs", permissions.can_administer, order=30)
    add_nav(app, "administration", _l("Audit trail"), "units.audit", permissions.can_administer, order=40)

    add_to_slot(app, "user_menu", "unions/slots/user_menu.html", order=90)
    add_to_slot(app, "visitor_menu", "unions/slots/visitor_menu.html")
    add_to_slot(app, "home", "unions/slots/home_union.html", order=10)
    add_to_slot(app, "home", "unions/slots/home_pending.html", order=20, context=lambda user: (
        {"pending": count_pending_members(permissions.manager_scopes(user))}
        if permissions.can_manage_members(user) else None))
    add_to_slot(app, "home", "unions/slots/home_roles.html", order=90)
