"""Initiatives: programmes, submission, co-authors, attachments, lists, Excel import and export."""


def init_app(app) -> None:
    """Plug in programmes and initiatives: blueprints, models, template globals, links, panels."""
    from flask import url_for
    from flask_babel import lazy_gettext as _l
    from flask_login import current_user

    from core.hooks import (
        add_area,
        add_audit_vocabulary,
        add_file_area,
        add_nav,
        add_personal_data,
        add_to_slot,
        add_unmanaged_schema,
    )
    from initiatives import audit_vocabulary, entry, import_models, models, notifications, personal_data, queries  # noqa: F401  (register tables with the metadata)
    from initiatives.attachment_views import attachment_store
    from initiatives.attachment_views import bp as attachments_bp
    from initiatives.cli import register_cli
    from initiatives.export_jobs import EXPORT_JOB, build_list_export
    from initiatives.form_input import today
    from initiatives.forms import EVENT_LABELS, STATUS_COLOURS, STATUS_LABELS, STEP_LABELS
    from initiatives.import_reader import imports_root
    from initiatives.import_services import IMPORT_JOB, import_job
    from initiatives.import_views import bp as import_bp
    from initiatives.import_views import describe_import, import_page
    from initiatives.list_views import bp as lists_bp
    from initiatives.notices import notice_text
    from initiatives.notification_views import bp as notifications_bp
    from initiatives.poster_views import bp as posters_bp
    from initiatives.poster_views import has_poster
    from initiatives.programme_views import bp as programmes_bp
    from initiatives.search import is_search_object
    from initiatives.views import bp as initiatives_bp
    from jobs.exports import export_kind
    from jobs.kinds import JobKind, add_job_kind
    from unions import permissions as union_permissions

    register_cli(app)
    for bp in (initiatives_bp, programmes_bp, notifications_bp, lists_bp, import_bp, attachments_bp, posters_bp):
        app.register_blueprint(bp)
    add_unmanaged_schema(app, is_search_object)
    add_personal_data(app, "initiatives", personal_data.initiatives)
    add_personal_data(app, "notifications", personal_data.notifications)
    add_file_area(app, "attachments", attachment_store)
    add_file_area(app, "imports", imports_root)
    app.jinja_env.globals.update(
        step_label=lambda step: STEP_LABELS.get(step, step),
        event_label=lambda step: EVENT_LABELS.get(step, STEP_LABELS.get(step, step)),
        notice_text=notice_text,
        status_colour=lambda status: STATUS_COLOURS.get(status, "secondary"),
        unread_notifications=lambda: notifications.unread_count(current_user.id),
        can_enter_for_members=lambda programme: entry.can_enter_for_members(current_user, programme),
    )

    add_audit_vocabulary(app, actions=audit_vocabulary.ACTIONS, objects=audit_vocabulary.OBJECTS,
                         keys=audit_vocabulary.KEYS, values=audit_vocabulary.VALUES)
    add_job_kind(app, JobKind(IMPORT_JOB, _l("Excel import"), import_job, describe=describe_import,
                              back=import_page))
    add_job_kind(app, export_kind(EXPORT_JOB, _l("Export of initiatives"), build_list_export,
                                  back=lambda job: url_for("initiative_lists.index", **job.params["args"])))
    add_area(app, "initiatives", _l("Initiatives"))
    signed_in = lambda user: True  # noqa: E731  (the top bar is shown to signed-in users only)
    add_nav(app, "initiatives", _l("My initiatives"), "initiatives.mine", signed_in, order=10)
    add_nav(app, "initiatives", _l("Programmes"), "programmes.index", signed_in, order=20)
    add_nav(app, "initiatives", _l("All initiatives"), "initiative_lists.index",
            lambda user: union_permissions.can_manage_members(user) or union_permissions.reviews_anywhere(user),
            order=30)
    add_to_slot(app, "topbar", "initiatives/slots/bell.html")
    add_to_slot(app, "home", "initiatives/slots/home_programmes.html", order=5, context=lambda user: {
        "programmes": queries.get_programmes_of(user.unit, open_on=today()) if user.unit else [],
        "own": queries.count_own_by_status(user.id), "status_labels": STATUS_LABELS})
    add_to_slot(app, "home", "initiatives/slots/home_to_confirm.html", order=12, context=lambda user: (
        {"waiting": queries.count_waiting_confirmation(union_permissions.manager_scopes(user))}
        if union_permissions.can_manage_members(user) else None))
    add_to_slot(app, "unit.members", "initiatives/slots/unit_poster.html",
                context=lambda unit, user: {} if has_poster(unit) else None)
