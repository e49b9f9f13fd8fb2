"""Quota: targets down the union tree, progress against them, and the indicators of chasing it with copies."""


def init_app(app) -> None:
    """Plug in the quota pages and links."""
    from flask_babel import lazy_gettext as _l

    from core.hooks import add_area, add_nav
    from quota import permissions
    from quota.views import bp

    app.register_blueprint(bp)
    add_area(app, "progress", _l("Progress"))
    add_nav(app, "review", _l("Signals"), "quota.signals", permissions.can_view_indicators, order=90)
