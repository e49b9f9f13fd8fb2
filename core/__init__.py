"""Core: extensions, configuration, audit trail, text handling, formatting, extension points and shared views."""


def init_app(app) -> None:
    """Set up the extensions, error pages, formatting, the engine and the core views."""
    from flask_babel import lazy_gettext as _l

    from core import audit_guard as _audit_guard  # noqa: F401  (its triggers come with the audit table)
    from core import models as _models  # noqa: F401  (register tables with the metadata)
    from core.access import require_login_by_default
    from core.audit import own_actions
    from core.db import configure_engine, install_session_release
    from core.errors import register_error_handlers
    from core.extensions import babel, csrf, db, limiter, login_manager, migrate
    from core.hooks import add_personal_data
    from core.i18n import register_filters, select_locale
    from core.observability import init_observability
    from core.security import init_security
    from core.templating import register_template_globals
    from core.views import bp

    init_observability(app)
    init_security(app)
    db.init_app(app)
    install_session_release(app)
    migrate.init_app(app, db, directory=app.config["MIGRATIONS_DIRECTORY"], render_as_batch=True,
                     compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=app.config["TRANSLATIONS_DIRECTORY"])
    login_manager.init_app(app)
    limiter.init_app(app)
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"
    login_manager.login_message = _l("Please sign in to continue.")
    app.before_request(require_login_by_default)
    register_filters(app)
    register_template_globals(app)
    register_error_handlers(app)
    app.register_blueprint(bp)
    add_personal_data(app, "actions", own_actions)
    with app.app_context():
        configure_engine(app, db.engine)
