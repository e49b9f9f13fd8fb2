"""Template globals every page needs: the language, the signed-in user, the top bar and the slots."""

from flask import request
from flask_babel import get_locale
from flask_login import current_user

from core.hooks import navigation, render_slot


def register_template_globals(app) -> None:
    """Expose the current language, the user, the top bar and the slots to every template."""
    app.jinja_env.globals.update(slot=render_slot, navigation=navigation, zip=zip)

    @app.context_processor
    def _globals():
        return {
            "current_language": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": app.config["LANGUAGES"],
            "current_path": request.full_path if request.query_string else request.path,
            "user": current_user,
        }
