"""Application factory for the initiative-tracking platform."""

import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from core.config import default_config, secret_key
from core.extensions import babel, csrf, db, login_manager, migrate

HERE = Path(__file__).resolve().parent


def create_app(config: dict | None = None) -> Flask:
    """Build an app: configuration, extensions, blueprints, CLI commands."""
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or str(HERE / "instance"),
                template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(default_config(app.instance_path))
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(app.instance_path)

    _init_extensions(app)
    _register_blueprints(app)
    _register_cli(app)

    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)
    return app


def _init_extensions(app: Flask) -> None:
    from core import models as _core_models  # noqa: F401  (register tables with the metadata)
    from core.access import require_login_by_default
    from core.db import configure_engine
    from core.errors import register_error_handlers
    from core.i18n import register_filters, select_locale
    from core.templating import register_template_globals
    from initiatives import import_models as _import_models  # noqa: F401
    from initiatives import models as _initiative_models  # noqa: F401
    from review import models as _review_models  # noqa: F401
    from unions import models as _union_models  # noqa: F401
    from unions.auth import load_user

    db.init_app(app)
    migrate.init_app(app, db, directory=str(HERE / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(HERE / "translations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"
    login_manager.user_loader(load_user)
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please sign in to continue.")
    app.before_request(require_login_by_default)
    register_filters(app)
    register_template_globals(app)
    register_error_handlers(app)
    with app.app_context():
        configure_engine(app, db.engine)


def _register_blueprints(app: Flask) -> None:
    from core.views import bp as core_bp
    from initiatives.attachment_views import bp as attachments_bp
    from initiatives.import_views import bp as import_bp
    from initiatives.list_views import bp as lists_bp
    from initiatives.views import bp as initiatives_bp
    from review.views import bp as review_bp
    from unions.auth_views import bp as auth_bp
    from unions.member_views import bp as members_bp
    from unions.poster_views import bp as posters_bp
    from unions.unit_views import bp as units_bp

    for bp in (core_bp, auth_bp, members_bp, units_bp, initiatives_bp, attachments_bp, import_bp, posters_bp,
               lists_bp, review_bp):
        app.register_blueprint(bp)


def _register_cli(app: Flask) -> None:
    from review.cli import register_cli as register_review_cli
    from unions.cli import register_cli as register_union_cli

    register_union_cli(app)
    register_review_cli(app)
