"""Review: duplicate detection and its queue; initiative councils."""


def init_app(app) -> None:
    """Plug in duplicate detection: receivers of the initiatives' signals, blueprint, commands, links, slots."""
    from flask import request
    from flask_babel import lazy_gettext as _l

    from core.hooks import add_area, add_audit_vocabulary, add_nav, add_to_slot
    from initiatives import signals
    from review import audit_vocabulary, permissions, queries, receivers
    from review import models as _models  # noqa: F401  (register tables with the metadata)
    from review.cli import register_cli
    from review.views import bp

    # Module-level receivers are connected once however many apps a process builds (blinker keys them by identity).
    signals.status_changed.connect(receivers.on_status_changed)
    signals.batch_submitted.connect(receivers.on_batch_submitted)
    signals.submission_check.connect(receivers.on_submission_check)
    app.register_blueprint(bp)
    register_cli(app)
    app.jinja_env.globals.update(review_perm=permissions)

    add_audit_vocabulary(app, actions=audit_vocabulary.ACTIONS, objects=audit_vocabulary.OBJECTS,
                         keys=audit_vocabulary.KEYS, values=audit_vocabulary.VALUES)
    add_area(app, "review", _l("Review"))
    add_nav(app, "review", _l("Duplicates"), "review.queue", permissions.can_use_queue, order=50)
    add_to_slot(app, "initiative_form.after_title", "review/slots/similar.html", context=lambda user, programme,
                initiative: {"duplicates": queries.get_likely_duplicates(user, initiative)
                             if initiative is not None and request.args.get("duplicates") else []})
