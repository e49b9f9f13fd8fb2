"""Template globals: navigation by role and permission checks usable in templates."""

from flask import request
from flask_babel import get_locale
from flask_login import current_user

from initiatives.forms import STATUS_COLOURS, STEP_LABELS
from initiatives.notifications import unread_count
from unions import permissions
from unions.forms import LEVEL_LABELS, ROLE_LABELS, STATUS_LABELS


def register_template_globals(app) -> None:
    """Expose permission predicates and the current language to every template."""

    @app.context_processor
    def _globals():
        return {
            "perm": permissions,
            "current_language": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": app.config["LANGUAGES"],
            "current_path": request.full_path if request.query_string else request.path,
            "user": current_user,
            "role_label": lambda role: ROLE_LABELS.get(role, role),
            "level_label": lambda level: LEVEL_LABELS.get(level, level),
            "status_label": lambda status: STATUS_LABELS.get(status, status),
            "step_label": lambda step: STEP_LABELS.get(step, step),
            "status_colour": lambda status: STATUS_COLOURS.get(status, "secondary"),
            "unread_notifications": (lambda: unread_count(current_user.id)) if current_user.is_authenticated
            else (lambda: 0),
        }
