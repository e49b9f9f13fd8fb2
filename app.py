"""Application factory for the initiative-tracking platform."""

import importlib
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from core.config import default_config, secret_key

HERE = Path(__file__).resolve().parent

# The packages, lowest layer first: each may import only those before it, and each plugs itself in through its
# init_app(app) (blueprints, commands, models, template globals, signal handlers, links and panels). The
# translations, the import-layer and purity tests and the migrations read this same tuple.
PACKAGES = ("core", "scoring", "jobs", "unions", "initiatives", "review", "quota", "api", "operations", "demo")


def create_app(config: dict | None = None) -> Flask:
    """Build an app: configuration, then every package plugged in, in layer order."""
    app = Flask(__name__, instance_path=os.environ.get("INSTANCE_PATH") or str(HERE / "instance"),
                template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(default_config(app.instance_path))
    if config:
        app.config.update(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_key(app.instance_path)
    app.config.setdefault("MIGRATIONS_DIRECTORY", str(HERE / "migrations"))
    app.config.setdefault("TRANSLATIONS_DIRECTORY", str(HERE / "translations"))

    for name in PACKAGES:
        importlib.import_module(name).init_app(app)

    if app.config["TRUSTED_PROXIES"]:
        n = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)
    return app
