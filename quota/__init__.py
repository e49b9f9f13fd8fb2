"""Quota: targets down the union tree, live progress against them, and the indicators of chasing it with copies."""


def init_app(app) -> None:
    """Plug in the quota: the live counters' receivers, pages, commands, links and panels."""
    from flask import url_for
    from flask_babel import lazy_gettext as _l

    from core.hooks import add_area, add_audit_vocabulary, add_nav, add_to_slot
    from core.timeutil import local_today
    from initiatives import signals as initiative_signals
    from jobs.exports import export_kind
    from jobs.kinds import JobKind, add_job_kind
    from quota import audit_vocabulary, permissions, receivers, reports
    from quota import counters as _counters  # noqa: F401  (applies booked changes before each commit)
    from quota import models as _models  # noqa: F401  (register tables with the metadata)
    from quota.cli import register_cli
    from quota.export_jobs import EXPORT_JOB, build_progress_export
    from quota.rebuild_job import REBUILD_JOB, can_view_rebuild, describe_rebuild, rebuild_job
    from quota.views import bp
    from review import signals as review_signals
    from unions import signals as union_signals

    # Module-level receivers are connected once however many apps a process builds (blinker keys them by identity).
    initiative_signals.status_changed.connect(receivers.on_status_changed)
    initiative_signals.batch_submitted.connect(receivers.on_batch_submitted)
    review_signals.duplicate_judged.connect(receivers.on_duplicate_judged)
    union_signals.unit_moved.connect(receivers.on_unit_moved)
    app.register_blueprint(bp)
    register_cli(app)
    add_job_kind(app, JobKind(REBUILD_JOB, _l("Quota figures rebuild"), rebuild_job, can_view=can_view_rebuild,
                              describe=describe_rebuild))
    add_job_kind(app, export_kind(EXPORT_JOB, _l("Export of progress"), build_progress_export,
                                  back=lambda job: url_for("quota.show", programme_id=job.params["programme_id"],
                                                           unit_id=job.params["unit_id"])))

    add_audit_vocabulary(app, actions=audit_vocabulary.ACTIONS, objects=audit_vocabulary.OBJECTS,
                         keys=audit_vocabulary.KEYS, values=audit_vocabulary.VALUES)
    add_area(app, "progress", _l("Progress"))
    add_nav(app, "progress", _l("Progress"), "quota.index", permissions.can_view_any_progress, order=10)
    add_nav(app, "review", _l("Signals"), "quota.signals", permissions.can_view_indicators, order=90)
    add_to_slot(app, "home", "quota/slots/home_progress.html", order=15, context=lambda user: (
        {"entries": reports.progress_entries(user, local_today(), limit=4)}
        if permissions.can_view_any_progress(user) else None))
    add_to_slot(app, "programme.actions", "quota/slots/programme_actions.html")
    add_to_slot(app, "landing", "quota/slots/landing_progress.html")
    add_to_slot(app, "unit.sidebar", "quota/slots/unit_progress.html",
                context=lambda unit, user: {} if permissions.can_view_progress(user, unit) else None)
