"""Review: duplicate detection and its queue; initiative councils, their scoring, decisions and award lists."""


def init_app(app) -> None:
    """Plug in duplicate detection and the councils: receivers of the initiatives' signals, blueprints, commands,
    links, home panels and slots."""
    from flask import request, url_for
    from flask_babel import lazy_gettext as _l

    from core.hooks import add_area, add_audit_vocabulary, add_nav, add_to_slot
    from initiatives import signals
    from jobs.exports import export_kind
    from jobs.kinds import JobKind, add_job_kind
    from review import (
        audit_vocabulary,
        council_notices,
        council_queries,
        council_receivers,
        permissions,
        queries,
        receivers,
    )
    from review import council_models as _council_models  # noqa: F401  (register tables with the metadata)
    from review import models as _models  # noqa: F401  (register tables with the metadata)
    from review.cli import register_cli
    from review.council_export_jobs import COUNCIL_EXPORT_JOB, build_council_export
    from review.council_views import bp as councils_bp
    from review.reindex_job import REINDEX_JOB, can_view_reindex, describe_reindex, reindex_job
    from review.report_views import bp as reports_bp
    from review.score_views import bp as scoring_bp
    from review.sweep import SWEEP_CHUNK_JOB, SWEEP_JOB, describe_chunk, describe_sweep, sweep_chunk_job, sweep_job
    from review.views import bp
    from unions import permissions as union_permissions

    # Module-level receivers are connected once however many apps a process builds (blinker keys them by identity).
    signals.status_changed.connect(receivers.on_status_changed)
    signals.batch_submitted.connect(receivers.on_batch_submitted)
    signals.submission_check.connect(receivers.on_submission_check)
    signals.status_changed.connect(council_receivers.on_status_changed)
    for blueprint in (bp, councils_bp, scoring_bp, reports_bp):
        app.register_blueprint(blueprint)
    register_cli(app)
    app.jinja_env.globals.update(review_perm=permissions)
    add_job_kind(app, JobKind(SWEEP_JOB, _l("Duplicate sweep"), sweep_job,
                              can_view=lambda user, job: permissions.can_use_queue(user),
                              describe=describe_sweep, back=lambda job: url_for("review.queue")))
    add_job_kind(app, JobKind(SWEEP_CHUNK_JOB, _l("Duplicate sweep, one part"), sweep_chunk_job,
                              can_view=lambda user, job: permissions.can_use_queue(user),
                              describe=describe_chunk, back=lambda job: url_for("review.queue")))
    add_job_kind(app, JobKind(REINDEX_JOB, _l("Duplicate index rebuild"), reindex_job, can_view=can_view_reindex,
                              describe=describe_reindex))
    add_job_kind(app, export_kind(COUNCIL_EXPORT_JOB, _l("Export of a council's list"), build_council_export,
                                  back=lambda job: url_for("councils.show", council_id=job.params["council_id"])))

    add_audit_vocabulary(app, actions=audit_vocabulary.ACTIONS, objects=audit_vocabulary.OBJECTS,
                         keys=audit_vocabulary.KEYS, values=audit_vocabulary.VALUES)
    council_notices.register(app)
    add_area(app, "review", _l("Review"))
    add_nav(app, "review", _l("My assignments"), "scoring.mine", council_queries.has_seat, order=10,
            icon="clipboard-check")
    add_nav(app, "review", _l("Councils"), "councils.index",
            lambda user: council_queries.has_seat(user) or union_permissions.can_administer(user), order=20)
    add_nav(app, "review", _l("Duplicates"), "review.queue", permissions.can_use_queue, order=50)
    add_to_slot(app, "home", "review/slots/home_councils.html", order=30, context=council_queries.get_home_panel)
    add_to_slot(app, "initiative.sidebar", "review/slots/initiative_path.html",
                context=council_queries.get_path_panel)
    add_to_slot(app, "initiative_form.after_title", "review/slots/similar.html", context=lambda user, programme,
                initiative: {"duplicates": queries.get_likely_duplicates(user, initiative)
                             if initiative is not None and request.args.get("duplicates") else []})
