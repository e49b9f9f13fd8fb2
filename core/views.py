"""Home page, language switch and health check."""

import hmac

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from core.access import public
from core.db import ping
from core.i18n import LANGUAGE_COOKIE
from core.observability import metrics_text
from core.web import safe_next

bp = Blueprint("core", __name__)
LOOPBACK = ("127.0.0.1", "::1")


@bp.get("/")
@public
def index():
    """Show the landing page, or the signed-in user's home: the panels every package offers this user."""
    if not current_user.is_authenticated:
        return render_template("core/landing.html")
    return render_template("core/home.html")


@bp.get("/language/<code>")
@public
def set_language(code: str):
    """Switch the interface language, remembered in a cookie."""
    target = safe_next(request.args.get("next"), url_for("core.index"))
    if code not in current_app.config["LANGUAGES"]:
        return redirect(target)
    response = make_response(redirect(target))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


@bp.get("/metrics")
@public
def metrics():
    """Give Prometheus the request counts and latencies: to the bearer of the metrics token, or to this machine."""
    token = current_app.config["METRICS_TOKEN"]
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given.encode(), token.encode()):
            abort(404)
    elif request.remote_addr not in LOOPBACK:
        abort(404)
    body, content_type = metrics_text()
    return current_app.response_class(body, content_type=content_type)


@bp.get("/healthz")
@public
def health():
    """Answer the load balancer: the app runs and the database answers."""
    ping()
    return {"status": "ok"}
